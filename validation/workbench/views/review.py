"""The review page of one response and the actions posted from it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kostra.inputs import posted_text
from kostra.roles import editor_required
from validation.models import Flag
from validation.workbench import actions
from validation.workbench.access import get_response
from validation.workbench.audit import timeline
from validation.workbench.codes import set_code
from validation.workbench.forms import AssignForm, CodeForm, CorrectionForm, FlagActionForm, SendBackForm
from validation.workbench.review import build_review


def review_url(response, anchor: str = "") -> str:
    url = reverse("workbench:review", args=(response.survey.year, response.municipality.number))
    return f"{url}#{anchor}" if anchor else url


@editor_required
def review(request, year: int, kommune: str):
    response = get_response(year, kommune)
    context = {
        "response": response,
        "survey": response.survey,
        "municipality": response.municipality,
        "review": build_review(response),
        "send_back_form": SendBackForm(response=response),
        "assign_form": AssignForm(initial={"editor": response.assigned_editor}),
        "correction_form": CorrectionForm(),
        "variables": list(response.survey.questionnaire.variables),
        "changes": timeline(response, limit=10),
        "contacts": response.municipality.follow_ups.filter(survey=response.survey).select_related("editor"),
    }
    return render(request, "validation/workbench/review.html", context)


def _report(request, done: str, error: Exception | None = None) -> None:
    if error is None:
        messages.success(request, done)
    else:
        messages.error(request, str(error))


@editor_required
@require_POST
def flag_action(request, pk: int):
    flag = get_object_or_404(Flag.objects.select_related("response__survey", "response__municipality"), pk=pk)
    form = FlagActionForm(request.POST)
    back = review_url(flag.response, f"flag-{flag.pk}")
    if not form.is_valid():
        messages.error(request, _("Skriv en begrunnelse.") if "reason" in form.errors else _("Ugyldig handling."))
        return redirect(back)
    data, user = form.cleaned_data, request.user
    try:
        if data["action"] in (Flag.Status.CONFIRMED, Flag.Status.DISMISSED):
            flag = actions.judge_flag(flag, data["action"], editor=user, reason=data["reason"])
            done = _("Flagget er %(status)s.") % {"status": flag.get_status_display().lower()}
        elif data["action"] == "reopen":
            actions.reopen_flag(flag, editor=user, reason=data["reason"])
            done = _("Flagget er åpnet igjen.")
        else:
            if data["action"] == "suggestion":
                flag = actions.apply_suggestion(flag, editor=user, reason=data["reason"])
            else:
                flag = actions.correct_flag(flag, data["variable"], data["value"], editor=user, reason=data["reason"])
            done = _correction_outcome(flag)
    except actions.WorkbenchError as error:
        _report(request, "", error)
    else:
        _report(request, done)
    return redirect(back)


def _correction_outcome(flag: Flag) -> str:
    if flag.status == Flag.Status.CORRECTED:
        return _("Verdien er rettet, og regelen slår ikke lenger til: flagget er lukket som rettet.")
    return _("Verdien er rettet, men regelen slår fortsatt til: flagget er åpent.")


@editor_required
@require_POST
def correct(request, year: int, kommune: str):
    response = get_response(year, kommune)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Velg variabel og skriv en begrunnelse."))
        return redirect(review_url(response, "rett"))
    data = form.cleaned_data
    try:
        actions.correct(response, data["variable"], data["value"], editor=request.user, reason=data["reason"])
    except actions.WorkbenchError as error:
        _report(request, "", error)
    else:
        _report(request, _("%(var)s er rettet.") % {"var": data["variable"]})
    return redirect(review_url(response, "rett"))


@editor_required
@require_POST
def send_back(request, year: int, kommune: str):
    response = get_response(year, kommune)
    form = SendBackForm(request.POST, response=response)
    if not form.is_valid():
        messages.error(request, _("Skriv en melding til kommunen."))
        return redirect(review_url(response, "send-tilbake"))
    try:
        actions.send_back(
            response, editor=request.user, message=form.cleaned_data["message"], flags=form.cleaned_data["flags"]
        )
    except actions.WorkbenchError as error:
        _report(request, "", error)
    else:
        _report(request, _("Skjemaet er sendt tilbake til kommunen med meldingen."))
    return redirect(review_url(response))


@editor_required
@require_POST
def set_status(request, year: int, kommune: str):
    response = get_response(year, kommune)
    try:
        if request.POST.get("action") == "reopen":
            actions.reopen(response, editor=request.user, reason=posted_text(request.POST, "reason"))
            done = _("Svaret er under arbeid igjen.")
        else:
            actions.mark_done(response, editor=request.user)
            done = _("Svaret er merket ferdig.")
    except actions.WorkbenchError as error:
        _report(request, "", error)
    else:
        _report(request, done)
    return redirect(review_url(response))


@editor_required
@require_POST
def code(request, year: int, kommune: str):
    response = get_response(year, kommune)
    form = CodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ugyldig koding."))
        return redirect(review_url(response))
    data = form.cleaned_data
    try:
        set_code(response, data["variable"], data["code"], editor=request.user, note=data["note"])
    except actions.WorkbenchError as error:
        _report(request, "", error)
    else:
        _report(request, _("Kodingen av %(var)s er lagret.") % {"var": data["variable"]})
    return redirect(review_url(response, f"v-{data['variable']}"))
