"""/api/v1/: the machine API, its OpenAPI schema and documentation; /api/tokens/: a user's API tokens."""

from django.urls import path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from api.views import editing, questionnaire, responses, tables, tokens
from api.views.fallback import not_found


class FourDigits:
    regex = "[0-9]{4}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


class Year(FourDigits):
    def to_python(self, value):
        return int(value)


register_converter(FourDigits, "kommune")
register_converter(Year, "year")

app_name = "api"
urlpatterns = [
    path("v1/schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "v1/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    path("v1/<year:year>/questionnaire/", questionnaire.QuestionnaireView.as_view(), name="questionnaire"),
    path("v1/<year:year>/responses/", editing.ResponseListView.as_view(), name="responses"),
    path("v1/<year:year>/responses/<kommune:kommune>/", responses.ResponseView.as_view(), name="response"),
    path("v1/<year:year>/responses/<kommune:kommune>/findings/", responses.FindingsView.as_view(), name="findings"),
    path(
        "v1/<year:year>/responses/<kommune:kommune>/explanations/",
        responses.ExplanationsView.as_view(),
        name="explanations",
    ),
    path("v1/<year:year>/responses/<kommune:kommune>/submit/", responses.SubmitView.as_view(), name="submit"),
    path("v1/<year:year>/responses/<kommune:kommune>/flags/", editing.FlagListView.as_view(), name="flags"),
    path("v1/<year:year>/queue/", editing.QueueView.as_view(), name="queue"),
    path("v1/<year:year>/changes/", editing.ChangeLogView.as_view(), name="changes"),
    path("v1/<year:year>/tables/", tables.TableListView.as_view(), name="tables"),
    path("v1/<year:year>/tables/<str:table>/", tables.TableView.as_view(), name="table"),
    path("tokens/", tokens.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", tokens.token_revoke, name="token-revoke"),
    re_path(r"^v1/", not_found, name="not-found"),
]
