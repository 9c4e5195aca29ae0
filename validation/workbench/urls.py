from django.urls import path

from validation.workbench.views import audit, coding, followups, queue, review, stopping

app_name = "workbench"

urlpatterns = [
    path("", queue.queue, name="queue"),
    path("terskel/", stopping.threshold, name="threshold"),
    path("flagg/<int:pk>/", review.flag_action, name="flag-action"),
    path("kontakter/", followups.contacts, name="contacts"),
    path("kontakter/<int:pk>/", followups.contact_edit, name="contact-edit"),
    path("oppfolging/", followups.metrics, name="metrics"),
    path("koding/", coding.bulk, name="coding"),
    path("koder.csv", coding.codes_csv, name="codes-csv"),
    path("<int:year>/<str:kommune>/", review.review, name="review"),
    path("<int:year>/<str:kommune>/rett/", review.correct, name="correct"),
    path("<int:year>/<str:kommune>/send-tilbake/", review.send_back, name="send-back"),
    path("<int:year>/<str:kommune>/status/", review.set_status, name="status"),
    path("<int:year>/<str:kommune>/tildel/", queue.assign, name="assign"),
    path("<int:year>/<str:kommune>/kode/", review.code, name="code"),
    path("<int:year>/<str:kommune>/endringer/", audit.trail, name="audit"),
    path("<int:year>/<str:kommune>/kontakter/ny/", followups.contact_new, name="contact-new"),
]
