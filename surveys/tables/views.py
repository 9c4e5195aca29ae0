"""Table pages: editors read the live tables and drill into cells; everyone else the published snapshot."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kostra.roles import admin_required, editor_required, is_admin, is_editor
from surveys.models import Survey, TableWorkbook
from surveys.tables import export, publication, workbooks
from surveys.tables.catalogue import CHAPTERS, by_slug, slug
from surveys.tables.charts import bar_chart
from surveys.tables.services import (
    PublicationChanged,
    TableSource,
    current_snapshot,
    drilldown,
    publication_tables,
    publish,
)
from surveys.tables.summary import display as summary_display

PREVIEW = "publisert"  # ?publisert=1: an editor sees what the public sees
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json; charset=utf-8",
}


def _source(request, year: int) -> TableSource:
    """Live tables for editors (unless previewing), the current snapshot for everyone else."""
    survey = get_object_or_404(Survey, year=year)
    live = is_editor(request.user) and PREVIEW not in request.GET
    return TableSource.for_reader(survey, live=live)


def _query(request) -> str:
    """The query string that keeps an editor's preview of the published tables from page to page."""
    return f"?{PREVIEW}=1" if PREVIEW in request.GET else ""


def _table_or_404(source: TableSource, table_slug: str) -> tuple:
    try:
        definition = by_slug(table_slug)
    except KeyError:
        raise Http404("no such table") from None
    table = source.table(definition.id)
    if table is None:
        raise Http404("the table is not published")
    return definition, table


def latest(request):
    survey = Survey.objects.order_by("-year").first()
    if survey is None:
        raise Http404("no survey")
    return redirect("tables:index", year=survey.year)


def index(request, year: int):
    source = _source(request, year)
    chapters = [(number, title, [(t.id, slug(t.id), t.title) for t in tables]) for number, title, tables in CHAPTERS]
    context = {
        "survey": source.survey,
        "source": source,
        "chapters": chapters,
        "snapshot": current_snapshot(source.survey),
        "can_publish": is_admin(request.user),
        "preview": PREVIEW,
        "query": _query(request),
    }
    return render(request, "surveys/tables/index.html", context)


def detail(request, year: int, table_slug: str):
    source = _source(request, year)
    definition, table = _table_or_404(source, table_slug)
    cell_url = None
    if source.live and not definition.external:

        def cell_url(r, c):
            return reverse("tables:cell", args=[year, table_slug, r, c])

    context = {
        "survey": source.survey,
        "source": source,
        "definition": definition,
        "table": table,
        "slug": table_slug,
        "rows": export.display_rows(table, cell_url),
        "chart": bar_chart(table) if definition.chart else None,
        "formats": export.FORMATS,
        "preview": PREVIEW,
        "query": _query(request),
        "min_units": settings.DISCLOSURE_MIN_UNITS,
        "left_out": source.data.left_out if source.live else (),
    }
    return render(request, "surveys/tables/detail.html", context)


@editor_required
def cell(request, year: int, table_slug: str, row: int, column: int):
    source = TableSource.for_reader(get_object_or_404(Survey, year=year), live=True)
    definition, table = _table_or_404(source, table_slug)
    if definition.external or not (0 <= row < len(table["rows"]) and 0 <= column < len(table["columns"])):
        raise Http404("no such cell")
    value, members, others = drilldown(definition.id, source.data, row, column)
    context = {
        "survey": source.survey,
        "definition": definition,
        "table": table,
        "slug": table_slug,
        "row_label": table["rows"][row],
        "column_label": table["columns"][column],
        "value": export.format_value(value) if value is not None else export.EMPTY_BASE,
        "members": members,
        "others": others,
        "row_count": len(members) + len(others),
    }
    return render(request, "surveys/tables/cell.html", context)


def download(request, year: int, table_slug: str, fmt: str):
    source = _source(request, year)
    _definition, table = _table_or_404(source, table_slug)
    name = f"table_{table_slug}"
    if fmt == "json":
        response = JsonResponse(export.jsonstat(table), json_dumps_params={"ensure_ascii": False, "indent": 1})
        name += ".json"
    else:
        body = export.csv_bytes(table) if fmt == "csv" else export.xlsx_bytes(table)
        response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
        name += f".{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def workbook(request, year: int):
    """The published tables in one Excel file, as stored. An editor's live tables are a job of their own
    (workbook_start): the index page offers it."""
    source = _source(request, year)
    if source.live:
        return redirect("tables:index", year=year)
    if source.snapshot is None:
        raise Http404("the tables are not published")
    return _workbook_response(workbooks.published_file(source.snapshot))


def _workbook_response(workbook: TableWorkbook) -> HttpResponse:
    response = HttpResponse(workbook.content, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{workbook.filename}"'
    return response


@require_POST
@editor_required
def workbook_start(request, year: int):
    """Queue the live tables as one Excel file; the status page polls until it can be fetched."""
    workbook = workbooks.request_live(get_object_or_404(Survey, year=year), request.user, get_language())
    return redirect("tables:workbook-status", year=year, pk=workbook.pk)


def _live_workbook(year: int, pk: int, *, with_content: bool = False) -> TableWorkbook:
    found = TableWorkbook.objects.select_related("survey").filter(survey__year=year, snapshot=None)
    return get_object_or_404(found if with_content else found.defer("content"), pk=pk)


@editor_required
def workbook_status(request, year: int, pk: int):
    workbook = _live_workbook(year, pk)
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(workbooks.progress(workbook))
    return render(request, "surveys/tables/workbook_status.html", {"survey": workbook.survey, "workbook": workbook})


@editor_required
def workbook_file(request, year: int, pk: int):
    workbook = _live_workbook(year, pk, with_content=True)
    if workbook.status != TableWorkbook.Status.FINISHED:
        raise Http404("the file is not ready")
    return _workbook_response(workbook)


def summary(request, year: int):
    source = _source(request, year)
    stored = source.summary()
    context = {
        "survey": source.survey,
        "source": source,
        "figures": summary_display(stored) if stored else None,
        "preview": PREVIEW,
        "query": _query(request),
    }
    return render(request, "surveys/tables/summary.html", context)


@admin_required
@require_http_methods(["GET", "POST"])
def publish_year(request, year: int):
    """Publishing asks first: the page shows what changes against the current publication; the confirmed
    fingerprint makes sure that is what gets published."""
    survey = get_object_or_404(Survey, year=year)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            snapshot = publish(survey, request.user, expected=request.POST.get("fingerprint", ""))
        except PublicationChanged as exc:
            messages.error(request, str(exc))
        else:
            workbooks.request_published(snapshot)
            messages.success(
                request,
                _("Tabellene for %(year)s er publisert (%(count)s tabeller).")
                % {"year": year, "count": len(snapshot.tables) - 1},
            )
            return redirect("tables:index", year=year)
    tables = publication_tables(survey)
    current = current_snapshot(survey)
    found = publication.changes(tables, current.tables if current else None)
    context = {
        "survey": survey,
        "snapshot": current,
        "changes": found,
        "changed": [c for c in found if not c.unchanged],
        "changed_cells": sum(c.changed for c in found),
        "fingerprint": publication.fingerprint(tables),
    }
    return render(request, "surveys/tables/publish.html", context)
