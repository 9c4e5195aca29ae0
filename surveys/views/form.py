"""Filling in: the overview of sections, one section's form, the check-and-submit page and the receipt."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from surveys.forms.fields import display_text
from surveys.forms.section import (
    SectionForm,
    amount_texts,
    anchor_for,
    build_layout,
    outside_values,
    variable_label,
)
from surveys.models import Survey
from surveys.services import entry as svc
from surveys.services.values import StaleVersion
from surveys.views.access import Entry, get_entry


@login_required
def index(request):
    """The reporter's municipalities and the state of each response."""
    survey = Survey.objects.filter(is_open=True).first() or Survey.objects.first()
    rows = svc.member_responses(request.user, survey) if survey else []
    return render(request, "surveys/index.html", {"survey": survey, "rows": rows})


@login_required
def overview(request, year, kommune):
    entry = get_entry(request, year, kommune)
    ref = svc.reference_for(entry.municipality)
    check = svc.check_response(entry.response, ref=ref)
    sections = [
        {
            "section": s,
            "state": check.state(s),
            "label": svc.STATE_LABELS[check.state(s)],
            "may_edit": svc.may_edit_section(entry.membership, s),
        }
        for s in entry.survey.questionnaire.sections
    ]
    context = _context(entry, sections=sections, blocking=len(check.blocking()))
    return render(request, "surveys/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def section(request, year, kommune, section_id):
    entry = get_entry(request, year, kommune)
    questionnaire = entry.survey.questionnaire
    current = next((s for s in questionnaire.sections if s.id == section_id), None)
    if current is None:
        raise Http404("no such section")
    response = entry.response
    if request.method == "GET":
        return _render_section(request, entry, current, response.raw_values, response.version)
    if not (svc.is_editable(response) and svc.may_edit_section(entry.membership, current)):
        raise PermissionDenied
    form = SectionForm(questionnaire, current, response.raw_values, version=response.version, data=request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.error_messages()))
        return redirect("surveys:section", year, kommune, section_id)
    posted = form.posted_texts()
    try:
        entry.response = svc.save_draft(
            response,
            entry.membership,
            current,
            posted,
            user=request.user,
            base=form.cleaned_data["_base"],
            expected_version=form.cleaned_data["_version"],
            rendered_at=form.rendered_at,
        )
    except StaleVersion as exc:
        return _render_conflict(request, entry, current, exc, posted, form.cleaned_data["_base"])
    except svc.EntryError as exc:
        messages.error(request, str(exc))
        return redirect("surveys:section", year, kommune, section_id)
    messages.success(request, _("Lagret."))
    if "save_next" in request.POST:
        return redirect(_next_url(entry, current))
    return redirect("surveys:section", year, kommune, section_id)


def _render_conflict(request, entry: Entry, current, exc: StaleVersion, posted, base):
    """The page again, from the colleague's values with the reporter's own changes on top."""
    questionnaire = entry.survey.questionnaire
    stored = exc.response.raw_values
    merged = {**stored, **svc.own_changes(questionnaire, stored, posted, base)}
    writers = svc.last_writers(exc.response, exc.conflicts)
    conflicts = [
        {
            "label": variable_label(questionnaire, var),
            "anchor": anchor_for(questionnaire.questions[questionnaire.variables[var].question_id], var),
            "stored": display_text(questionnaire.variables[var], theirs),
            "mine": display_text(questionnaire.variables[var], attempted),
            "who": writers.get(var),
        }
        for var, (theirs, attempted) in sorted(exc.conflicts.items())
    ]
    entry.response = exc.response
    return _render_section(
        request, entry, current, merged, exc.response.version, conflicts=conflicts, base=stored, status=409
    )


def _render_section(request, entry: Entry, current, texts, version, *, conflicts=(), base=None, status=200):
    questionnaire = entry.survey.questionnaire
    ref = svc.reference_for(entry.municipality)
    check = svc.check_response(entry.response, texts=texts, ref=ref)
    applicable = check.section_shown(current)
    editable = svc.is_editable(entry.response) and svc.may_edit_section(entry.membership, current) and applicable
    form = SectionForm(questionnaire, current, texts, version=version, base=base, disabled=not editable)
    scales = {q.id: svc.amount_scale(q.id, texts, ref) for q in current.questions if q.type == "amount_1000nok"}
    layout = build_layout(form, check, scales=scales)
    summary = [{"finding": f, "anchor": _anchor(questionnaire, current, f)} for f in check.for_section(current.id)]
    context = _context(
        entry,
        current=current,
        form=form,
        layout=layout,
        summary=[s for s in summary if s["finding"].blocks],
        editable=editable,
        applicable=applicable,
        conflicts=conflicts,
        context_values=outside_values(form, check),
        amounts=amount_texts(),
    )
    return render(request, "surveys/section.html", context, status=status)


def _anchor(questionnaire, current, finding) -> str:
    own = [v for v in finding.variables if svc.section_of(questionnaire, v) == current.id]
    var = own[0] if own else finding.variables[0]
    if var in questionnaire.questions and questionnaire.questions[var].matrix is not None:
        var = questionnaire.questions[var].variables[0]
    if var not in questionnaire.variables:
        return ""
    return anchor_for(questionnaire.questions[questionnaire.variables[var].question_id], var)


def _next_url(entry: Entry, current) -> str:
    check = svc.check_response(entry.response)
    sections = [s for s in entry.survey.questionnaire.sections if check.section_shown(s)]
    later = sections[[s.id for s in sections].index(current.id) + 1 :] if current in sections else []
    if later:
        return reverse("surveys:section", args=(*entry.url_args, later[0].id))
    return reverse("surveys:check", args=entry.url_args)


@login_required
@require_http_methods(["GET", "POST"])
def check(request, year, kommune):
    """Everything still to correct or explain, the explanations, and the submit button."""
    entry = get_entry(request, year, kommune)
    ref = svc.reference_for(entry.municipality)
    result = svc.check_response(entry.response, ref=ref)
    if request.method == "POST":
        texts = {k.removeprefix("explain:"): v for k, v in request.POST.items() if k.startswith("explain:")}
        try:
            svc.save_explanations(entry.response, entry.membership, result, texts, user=request.user)
            if request.POST.get("action") == "submit":
                svc.submit_response(entry.response, entry.membership, user=request.user)
                return redirect("surveys:receipt", year, kommune)
            messages.success(request, _("Forklaringene er lagret."))
            return redirect("surveys:check", year, kommune)
        except svc.EntryError as exc:
            messages.error(request, str(exc))
            return redirect("surveys:check", year, kommune)
    questionnaire = entry.survey.questionnaire
    groups = []
    for s in questionnaire.sections:
        findings = [{"finding": f, "anchor": _anchor(questionnaire, s, f)} for f in result.for_section(s.id)]
        if findings:
            groups.append({"section": s, "findings": findings, "may_edit": svc.may_edit_section(entry.membership, s)})
    context = _context(
        entry,
        groups=groups,
        blocking=result.blocking(),
        may_submit=svc.may_submit(entry.membership) and svc.is_editable(entry.response),
    )
    return render(request, "surveys/check.html", context)


@login_required
def receipt(request, year, kommune):
    entry = get_entry(request, year, kommune)
    if not entry.response.was_submitted:
        return redirect("surveys:overview", year, kommune)
    return render(request, "surveys/receipt.html", _context(entry, round=entry.response.rounds.last()))


def _context(entry: Entry, **extra) -> dict:
    return {
        "entry": entry,
        "survey": entry.survey,
        "municipality": entry.municipality,
        "response": entry.response,
        "membership": entry.membership,
        "editable_response": svc.is_editable(entry.response),
        **extra,
    }
