"""Who reaches which response through the API: a reporter (and a reporter's token) only its own
municipalities, through the form's own get_entry; editors every response, read-only."""

from django.http import Http404
from rest_framework.permissions import BasePermission

from api.models import ApiToken
from kostra.roles import is_editor
from surveys.models import Response, Survey
from surveys.views.access import Entry, get_entry


class IsEditor(BasePermission):
    def has_permission(self, request, view):
        return is_editor(request.user)


def client_name(request) -> str:
    """The change log's source for writes through the API: the token's name (a browser session: "session")."""
    return request.auth.name if isinstance(request.auth, ApiToken) else "session"


def survey_or_404(year: int) -> Survey:
    survey = Survey.objects.filter(year=year).first()
    if survey is None:
        raise Http404("no such survey year")
    return survey


def member_entry(request, year: int, kommune: str, *, lock: bool = False) -> Entry:
    """The response of a municipality the user is a member of (404 otherwise); `lock` inside a transaction."""
    return get_entry(request, year, kommune, lock=lock)


def readable_response(request, year: int, kommune: str) -> tuple[Response, bool]:
    """(response, read as editor): an editor reads any stored response, a member its own (maybe unsaved)."""
    if is_editor(request.user):
        found = (
            Response.objects.select_related("survey", "municipality")
            .prefetch_related("corrections")
            .filter(survey__year=year, municipality__number=kommune)
            .first()
        )
        if found is not None:
            return found, True
    return member_entry(request, year, kommune).response, False
