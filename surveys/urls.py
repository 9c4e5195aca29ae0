from django.urls import path

from surveys.views import form, team

app_name = "surveys"

urlpatterns = [
    path("", form.index, name="index"),
    path("passord/<uidb64>/<token>/", team.set_password, name="set-password"),
    path("<int:year>/<str:kommune>/", form.overview, name="overview"),
    path("<int:year>/<str:kommune>/del/<str:section_id>/", form.section, name="section"),
    path("<int:year>/<str:kommune>/kontroll/", form.check, name="check"),
    path("<int:year>/<str:kommune>/kvittering/", form.receipt, name="receipt"),
    path("<int:year>/<str:kommune>/kontakter/", team.team, name="team"),
]
