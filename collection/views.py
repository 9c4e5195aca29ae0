"""The editors' collection pages: the dashboard, the non-respondent list, one municipality's contact and mail."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from collection import dashboard, exports
from collection.chart import rate_chart
from collection.contacts import set_contact
from collection.forms import ContactForm
from collection.models import Contact, Message
from kostra.reference.groups import CENTRALITY_LABELS, SIZE_GROUPS
from kostra.reference.models import Municipality
from kostra.roles import editor_required
from surveys.models import Response, Survey
from validation.workbench.access import get_survey

EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@editor_required
def overview(request):
    survey = get_survey(request)
    board = dashboard.build(survey, dashboard.Filters.from_query(request.GET))
    chart = rate_chart(board.season, board.progress) if board.season else None
    counties = sorted({(m.county_number, m.county_name) for m in Municipality.objects.filter(year=survey.year)})
    context = {
        "survey": survey,
        "board": board,
        "chart": chart,
        "statuses": dashboard.STATUSES,
        "counties": counties,
        "sizes": [(str(i), label) for i, (_lower, label) in enumerate(SIZE_GROUPS)],
        "centralities": [(str(c), label) for c, label in CENTRALITY_LABELS.items()],
        "query": request.GET.urlencode(),
    }
    return render(request, "collection/dashboard.html", context)


@editor_required
def non_respondents(request, fmt: str):
    if fmt not in EXPORT_TYPES:
        raise Http404("no such format")
    survey = get_survey(request)
    found = dashboard.non_respondent_rows(survey, dashboard.Filters.from_query(request.GET))
    content = exports.xlsx_bytes(found) if fmt == "xlsx" else exports.csv_bytes(found)
    answer = HttpResponse(content, content_type=EXPORT_TYPES[fmt])
    answer["Content-Disposition"] = f'attachment; filename="ikke_svart_{survey.year}.{fmt}"'
    return answer


@editor_required
@require_http_methods(["GET", "POST"])
def municipality(request, year: int, kommune: str):
    """One municipality: its status, its main contact (editable) and the e-mail sent to it."""
    place = get_object_or_404(Municipality, year=year, number=kommune)
    survey = get_object_or_404(Survey, year=year)
    contact = Contact.objects.filter(survey=survey, municipality=place).first()
    initial = {"name": contact.name, "email": contact.email} if contact else None
    form = ContactForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        set_contact(survey, place, **form.cleaned_data, user=request.user, source="editor")
        messages.success(request, _("Kontaktpersonen er lagret."))
        return redirect("collection:municipality", year, kommune)
    response = Response.objects.filter(survey=survey, municipality=place).first()
    context = {
        "survey": survey,
        "municipality": place,
        "response": response,
        "status": dashboard.STATUSES[
            dashboard.status_of(response.status, response.editing_status) if response else dashboard.NOT_STARTED
        ],
        "contact": contact,
        "changes": contact.changes.select_related("user")[:20] if contact else [],
        "form": form,
        "mail": Message.objects.filter(survey=survey, municipality=place).order_by("-created_at", "-id")[:50],
    }
    return render(request, "collection/municipality.html", context)
