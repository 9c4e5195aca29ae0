from django.urls import path

from validation import views

app_name = "validation"

urlpatterns = [
    path("regler/", views.rules, name="rules"),
    path("regler/<str:rule_id>/", views.rule_detail, name="rule-detail"),
    path("flagg/<int:pk>/status/", views.flag_status, name="flag-status"),
    path("kjoringer/start/", views.run_start, name="run-start"),
    path("kjoringer/<int:pk>/", views.run_progress, name="run-progress"),
    path("kjoringer/<int:pk>/framdrift.json", views.run_progress_json, name="run-progress-json"),
]
