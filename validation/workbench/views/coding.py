"""Bulk coding: every comment (or amount) of one variable in the year, coded on one page; the codes CSV."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kostra.inputs import posted_text
from kostra.roles import admin_required, editor_required, is_admin
from kostra.spreadsheet_cells import SafeCsvWriter
from validation.workbench.access import get_survey
from validation.workbench.actions import WorkbenchError
from validation.workbench.codes import (
    AMOUNT_VARIABLES,
    CODES_FOR,
    COMMENT_VARIABLES,
    HEADER,
    code_choices,
    code_rows,
    comments_to_code,
    set_code,
)


@editor_required
@require_http_methods(["GET", "POST"])
def bulk(request):
    survey = get_survey(request)
    variable = request.GET.get("variable") or request.POST.get("variable") or COMMENT_VARIABLES[0]
    if variable not in CODES_FOR:
        variable = COMMENT_VARIABLES[0]
    rows = comments_to_code(survey, variable)
    if request.method == "POST":
        saved = 0
        try:
            for response, _text, current in rows:
                code = posted_text(request.POST, f"code-{response.pk}")
                note = posted_text(request.POST, f"note-{response.pk}").strip()
                if code == (current.code if current else "") and note == (current.note if current else ""):
                    continue
                set_code(response, variable, code, editor=request.user, note=note)
                saved += 1
        except WorkbenchError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("%(n)s koder er lagret.") % {"n": saved})
        query = urlencode({"year": survey.year, "variable": variable})
        return redirect(f"{reverse('workbench:coding')}?{query}")
    context = {
        "survey": survey,
        "variable": variable,
        "comment_variables": COMMENT_VARIABLES,
        "amount_variables": AMOUNT_VARIABLES,
        "rows": rows,
        "choices": code_choices(CODES_FOR[variable]),
        "is_amount": variable in AMOUNT_VARIABLES,
        "is_admin": is_admin(request.user),
    }
    return render(request, "validation/workbench/coding.html", context)


@admin_required
def codes_csv(request):
    """The year's codes as the exchange CSV (what `export_codes` writes)."""
    survey = get_survey(request)
    answer = HttpResponse(content_type="text/csv; charset=utf-8")
    answer["Content-Disposition"] = f'attachment; filename="koder_{survey.year}.csv"'
    writer = SafeCsvWriter(answer)
    writer.writerow(HEADER)
    writer.writerows(code_rows(survey))
    return answer
