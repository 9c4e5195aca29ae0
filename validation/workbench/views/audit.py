"""The audit trail of one response, on pages of PER_PAGE rows and as a CSV for people."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from kostra.languages.people_csv import people_csv_response
from kostra.roles import editor_required
from validation.workbench.access import get_response
from validation.workbench.audit import CSV_HEADER, csv_rows, timeline, variables_changed
from validation.workbench.forms import AuditFilterForm

PER_PAGE = 50


@editor_required
def trail(request, year: int, kommune: str):
    response = get_response(year, kommune)
    form = AuditFilterForm(request.GET, variables=variables_changed(response))
    rows = timeline(response, **form.values())
    if request.GET.get("format") == "csv":
        name = _("endringer")  # the file name is in the page's language too
        return people_csv_response(CSV_HEADER, csv_rows(rows), f"{name}_{year}_{kommune}")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    csv_query = query.copy()
    csv_query["format"] = "csv"
    context = {"response": response, "municipality": response.municipality, "survey": response.survey}
    context.update({"form": form, "rows": page.object_list, "page": page, "query": query.urlencode()})
    context["csv_query"] = csv_query.urlencode()
    return render(request, "validation/workbench/audit.html", context)
