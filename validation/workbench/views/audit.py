"""The audit trail of one response, on a page and as CSV."""

from django.http import HttpResponse
from django.shortcuts import render

from kostra.roles import editor_required
from validation.workbench.access import get_response
from validation.workbench.audit import timeline, timeline_csv, variables_changed
from validation.workbench.forms import AuditFilterForm


@editor_required
def trail(request, year: int, kommune: str):
    response = get_response(year, kommune)
    form = AuditFilterForm(request.GET, variables=variables_changed(response))
    rows = timeline(response, **form.values())
    if request.GET.get("format") == "csv":
        answer = HttpResponse(timeline_csv(rows), content_type="text/csv; charset=utf-8")
        answer["Content-Disposition"] = f'attachment; filename="endringer_{year}_{kommune}.csv"'
        return answer
    query = request.GET.copy()
    query["format"] = "csv"
    context = {"response": response, "municipality": response.municipality, "survey": response.survey}
    context.update({"form": form, "rows": rows, "csv_query": query.urlencode()})
    return render(request, "validation/workbench/audit.html", context)
