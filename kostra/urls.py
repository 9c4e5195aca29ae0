from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from kostra import errors, health, views
from kostra.languages import views as language_views

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", health.health, name="health"),
    path("i18n/setlang/", language_views.set_language, name="set_language"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("skjema/", include("surveys.urls")),
    path("tabeller/", include("surveys.tables.urls")),
    path("kontroll/arbeid/", include("validation.workbench.urls")),
    path("kontroll/", include("validation.urls")),
    path("innsamling/", include("collection.urls")),
    path("api/", include("api.urls")),
]

handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = "kostra.outage.server_error"  # the try-again page for an outage, else errors.server_error
