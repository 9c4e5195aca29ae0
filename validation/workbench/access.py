"""Who may use the workbench: editors (admins are editors too). Anonymous users go to the login page;
signed-in users without the role get 403."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from kostra.inputs import whole_number
from surveys.models import Response, Survey


def get_response(year: int, kommune: str) -> Response:
    """The response of `kommune` in `year`, with what every workbench page reads, or 404."""
    queryset = Response.objects.select_related("survey", "municipality", "assigned_editor")
    return get_object_or_404(queryset, survey__year=year, municipality__number=kommune)


def get_survey(request) -> Survey:
    """The survey of `?year=`, else the latest one; 404 if there is none."""
    year = whole_number(request.GET.get("year") or request.POST.get("year"))
    if year is not None:
        return get_object_or_404(Survey, year=year)
    survey = Survey.objects.order_by("-year").first()
    if survey is None:
        raise Http404("no survey")
    return survey
