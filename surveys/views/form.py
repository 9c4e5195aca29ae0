"""Filling in: the overview of sections, one section's form, the check-and-submit page and the receipt."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from surveys.forms.fields import display_text
from surveys.forms.layout import (
    QuestionView,
    amount_texts,
    anchor_for,
    build_layout,
    findings_by_question,
    outside_values,
)
from surveys.forms.section import SectionForm, signed_base, variable_label
from surveys.models import Survey
from surveys.services.entry import amounts, checks, drafts, errors, membership, submission
from surveys.services.references import reference_for
from surveys.services.values import StaleVersion
from surveys.views.access import Entry, get_entry


@login_required
def index(request):
    """The reporter's municipalities and the state of each response."""
    survey = Survey.objects.filter(is_open=True).first() or Survey.objects.first()
    rows = membership.member_responses(request.user, survey) if survey else []
    return render(request, "surveys/index.html", {"survey": survey, "rows": rows})


@login_required
def overview(request, year, kommune):
    entry = get_entry(request, year, kommune)
    ref = reference_for(entry.municipality)
    check = _check(entry, ref=ref)
    sections = [
        {
            "section": s,
            "state": check.state(s),
            "label": checks.STATE_LABELS[check.state(s)],
            "may_edit": membership.may_edit_section(entry.membership, s),
        }
        for s in entry.survey.questionnaire.sections
    ]
    context = _context(entry, sections=sections, blocking=len(check.blocking()))
    return render(request, "surveys/overview.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def section(request, year, kommune, section_id):
    if request.method == "POST":
        return _save_section(request, year, kommune, section_id)
    entry = get_entry(request, year, kommune)
    current = _section_or_404(entry, section_id)
    return _render_section(request, entry, current, entry.response.raw_values, entry.response.version)


def _section_or_404(entry: Entry, section_id: str):
    found = next((s for s in entry.survey.questionnaire.sections if s.id == section_id), None)
    if found is None:
        raise Http404("no such section")
    return found


def _save_section(request, year, kommune, section_id):
    """A section's POST. The response row is read locked, so the save reads it only once."""
    in_place = _saves_in_place(request)
    try:
        with transaction.atomic():
            entry = get_entry(request, year, kommune, lock=True)
            current = _section_or_404(entry, section_id)
            response = entry.response
            if not (membership.is_editable(response) and membership.may_edit_section(entry.membership, current)):
                raise PermissionDenied
            questionnaire = entry.survey.questionnaire
            form = SectionForm(questionnaire, current, response.raw_values, version=response.version, data=request.POST)
            if not form.is_valid():
                if in_place:
                    return _resubmit()
                messages.error(request, " ".join(form.error_messages()))
                return redirect("surveys:section", year, kommune, section_id)
            posted = form.posted_texts()
            entry.response = drafts.save_draft(
                response,
                entry.membership,
                current,
                posted,
                user=request.user,
                base=form.cleaned_data["_base"],
                expected_version=form.cleaned_data["_version"],
                rendered_at=form.rendered_at,
                locked=True,
                has_corrections=entry.has_corrections,
            )
    except StaleVersion as exc:
        if in_place:
            return _resubmit()
        return _render_conflict(request, entry, current, exc, posted, form.cleaned_data["_base"])
    except errors.EntryError as exc:
        if in_place:
            return _resubmit()
        messages.error(request, str(exc))
        return redirect("surveys:section", year, kommune, section_id)
    if in_place:
        return _saved_in_place(entry, current, form)
    messages.success(request, _("Lagret."))
    if "save_next" in request.POST:
        return redirect(_next_url(entry, current))
    return redirect("surveys:section", year, kommune, section_id)


# form.js saves with "Lagre" without leaving the page. Anything but a plain save is answered with _resubmit()
# (nothing was saved): the script then posts the form as a browser does, and the server's usual page (the
# conflict, the error message) is shown.
def _resubmit() -> JsonResponse:
    return JsonResponse({"status": "resubmit"}, status=409)


def _saves_in_place(request) -> bool:
    return "save_next" not in request.POST and "application/json" in request.headers.get("Accept", "")


def _saved_in_place(entry: Entry, current, form: SectionForm) -> JsonResponse:
    """What the page needs to be as a reload would show it: the new version and base, inputs whose stored value
    differs from what was posted, and the section's findings."""
    response = entry.response
    stored = response.raw_values
    check = _check(entry, ref=reference_for(entry.municipality), section=current.id)
    by_question = findings_by_question(current, check)
    context = _context(entry, summary=_summary(entry.survey.questionnaire, current, check))
    return JsonResponse(
        {
            "status": "saved",
            "version": response.version,
            "base": signed_base(current, stored),
            "inputs": form.inputs_unlike(stored),
            # The fragments need no request: rendered without it, no context processor runs for each one.
            "findings": {
                q.id: render_to_string("surveys/_findings.html", {"q": QuestionView(q, findings=found)})
                for q in current.questions
                if (found := by_question.get(q.id))
            },
            "summary": render_to_string("surveys/_summary.html", context),
            "message": _("Lagret kl. %(time)s.") % {"time": formats.time_format(timezone.localtime(), "H:i")},
        }
    )


def _render_conflict(request, entry: Entry, current, exc: StaleVersion, posted, base):
    """The page again, from the colleague's values with the reporter's own changes on top."""
    questionnaire = entry.survey.questionnaire
    stored = exc.response.raw_values
    merged = {**stored, **drafts.own_changes(questionnaire, stored, posted, base)}
    writers = drafts.last_writers(exc.response, exc.conflicts)
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
    ref = reference_for(entry.municipality)
    check = _check(entry, texts=texts, ref=ref)
    applicable = check.section_shown(current)
    editable = (
        membership.is_editable(entry.response) and membership.may_edit_section(entry.membership, current) and applicable
    )
    form = SectionForm(questionnaire, current, texts, version=version, base=base, disabled=not editable)
    scales = {q.id: amounts.amount_scale(q.id, texts, ref) for q in current.questions if q.type == "amount_1000nok"}
    layout = build_layout(form, check, scales=scales)
    context = _context(
        entry,
        current=current,
        form=form,
        layout=layout,
        summary=_summary(questionnaire, current, check),
        editable=editable,
        applicable=applicable,
        conflicts=conflicts,
        context_values=outside_values(form, check),
        amounts=amount_texts(),
    )
    return render(request, "surveys/section.html", context, status=status)


def _summary(questionnaire, current, check) -> list[dict]:
    """The section's findings that block submission, each with the anchor of its field."""
    found = check.for_section(current.id)
    return [{"finding": f, "anchor": _anchor(questionnaire, current, f)} for f in found if f.blocks]


def _anchor(questionnaire, current, finding) -> str:
    own = [v for v in finding.variables if checks.section_of(questionnaire, v) == current.id]
    var = own[0] if own else finding.variables[0]
    if var in questionnaire.questions and questionnaire.questions[var].matrix is not None:
        var = questionnaire.questions[var].variables[0]
    if var not in questionnaire.variables:
        return ""
    return anchor_for(questionnaire.questions[questionnaire.variables[var].question_id], var)


def _next_url(entry: Entry, current) -> str:
    check = _check(entry)
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
    ref = reference_for(entry.municipality)
    result = _check(entry, ref=ref)
    if request.method == "POST":
        texts = {k.removeprefix("explain:"): v for k, v in request.POST.items() if k.startswith("explain:")}
        try:
            drafts.save_explanations(entry.response, entry.membership, result, texts, user=request.user)
            if request.POST.get("action") == "submit":
                submission.submit_response(entry.response, entry.membership, user=request.user)
                return redirect("surveys:receipt", year, kommune)
            messages.success(request, _("Forklaringene er lagret."))
            return redirect("surveys:check", year, kommune)
        except errors.EntryError as exc:
            messages.error(request, str(exc))
            return redirect("surveys:check", year, kommune)
    questionnaire = entry.survey.questionnaire
    groups = []
    for s in questionnaire.sections:
        findings = [{"finding": f, "anchor": _anchor(questionnaire, s, f)} for f in result.for_section(s.id)]
        if findings:
            groups.append(
                {"section": s, "findings": findings, "may_edit": membership.may_edit_section(entry.membership, s)}
            )
    context = _context(
        entry,
        groups=groups,
        blocking=result.blocking(),
        may_submit=membership.may_submit(entry.membership) and membership.is_editable(entry.response),
    )
    return render(request, "surveys/check.html", context)


@login_required
def receipt(request, year, kommune):
    entry = get_entry(request, year, kommune)
    if not entry.response.was_submitted:
        return redirect("surveys:overview", year, kommune)
    return render(request, "surveys/receipt.html", _context(entry, round=entry.response.rounds.last()))


def _check(entry: Entry, **options) -> checks.EntryCheck:
    """check_response of the entry's response with the explanations read with it (after a save too: a save
    does not change them)."""
    return checks.check_response(entry.response, explanations=entry.explanations, **options)


def _context(entry: Entry, **extra) -> dict:
    return {
        "entry": entry,
        "survey": entry.survey,
        "municipality": entry.municipality,
        "response": entry.response,
        "membership": entry.membership,
        "editable_response": membership.is_editable(entry.response),
        **extra,
    }
