from django.urls import path

from collection import views

app_name = "collection"

urlpatterns = [
    path("", views.overview, name="dashboard"),
    path("ikke-svart.<str:fmt>", views.non_respondents, name="non-respondents"),
    path("<int:year>/<str:kommune>/", views.municipality, name="municipality"),
]
