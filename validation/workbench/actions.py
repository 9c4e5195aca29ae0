"""What an editor does to a response: judge a flag, correct a value, send back, mark done, assign.

Every function takes the acting editor, is atomic, writes its audit rows (ChangeLog for values, ReviewEvent for
the rest) and raises WorkbenchError with a message for the editor. A change needs a reason; the first action on
an untouched response puts it UNDER_ARBEID (and assigns it to the editor if nobody has it).
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from kostra.reference.models import Municipality
from kostra.roles import is_editor
from questionnaire.values import problem
from surveys.models import Correction, Response
from surveys.services.values import correct_value
from validation import services as rules
from validation.models import Flag, ReviewEvent
from validation.services.flags import FlagError, set_flag_status

REVIEWABLE = (Response.Status.SUBMITTED, Response.Status.UNDER_REVIEW, Response.Status.ACCEPTED)


class WorkbenchError(Exception):
    """A refused editor action; the message is shown to the editor."""


def require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise WorkbenchError(_("Skriv en begrunnelse."))
    return reason


def log_event(response: Response, action: str, *, user, reason: str = "", variable: str = "", flag=None, detail=""):
    return ReviewEvent.objects.create(
        response=response, action=action, user=user, reason=reason, variable=variable, flag=flag, detail=str(detail)
    )


def begin_work(response: Response, editor) -> None:
    """The first editor action: UBEHANDLET becomes UNDER_ARBEID, a submitted response is under review."""
    fields = []
    if response.editing_status == Response.EditingStatus.UBEHANDLET:
        response.editing_status = Response.EditingStatus.UNDER_ARBEID
        fields.append("editing_status")
    if response.status == Response.Status.SUBMITTED:
        response.status = Response.Status.UNDER_REVIEW
        fields.append("status")
    if response.assigned_editor_id is None:
        response.assigned_editor = editor
        fields.append("assigned_editor")
    if fields:
        Response.objects.filter(pk=response.pk).update(**{name: getattr(response, name) for name in fields})


# -- flags ----------------------------------------------------------------------------------------------------


def judge_flag(flag: Flag, status: str, *, editor, reason: str) -> Flag:
    """Confirm a flagged value as correct, or dismiss the flag (both need a reason)."""
    if status not in (Flag.Status.CONFIRMED, Flag.Status.DISMISSED):
        raise WorkbenchError(_("Ukjent handling."))
    reason = require_reason(reason)
    with transaction.atomic():
        try:
            flag = set_flag_status(flag, status, editor=editor, reason=reason)
        except FlagError as error:
            raise WorkbenchError(str(error)) from None
        begin_work(flag.response, editor)
        log_event(flag.response, f"flag.{status}", user=editor, reason=reason, flag=flag, detail=flag.rule_id)
    return flag


def reopen_flag(flag: Flag, *, editor, reason: str) -> Flag:
    reason = require_reason(reason)
    with transaction.atomic():
        try:
            flag = set_flag_status(flag, Flag.Status.OPEN, editor=editor, reason=reason)
        except FlagError as error:
            raise WorkbenchError(str(error)) from None
        log_event(flag.response, "flag.reopened", user=editor, reason=reason, flag=flag, detail=flag.rule_id)
    return flag


def normalise(var, text: str) -> str:
    """A typed value in the stored text form: '10 287' -> '10287', '0,5' -> '0.5' for numbers."""
    text = (text or "").strip()
    if var.type in ("integer", "decimal", "amount_1000nok"):
        compact = "".join(text.split())
        return compact.replace(",", ".") if var.type == "decimal" else compact
    return text


def correct(response: Response, variable: str, value: str, *, editor, reason: str) -> Correction:
    """An edited value beside the raw one (checked like a reporter's value), then the rules run again."""
    reason = require_reason(reason)
    if not response.was_submitted:
        raise WorkbenchError(_("Svaret er ikke sendt inn ennå."))
    var = response.survey.questionnaire.variables.get(variable)
    if var is None:
        raise WorkbenchError(_("«%(var)s» er ikke en variabel i skjemaet.") % {"var": variable})
    text = normalise(var, value)
    numbers = frozenset(Municipality.objects.filter(year=response.survey.year).values_list("number", flat=True))
    invalid = problem(var, text, numbers) if text else None
    if invalid:
        raise WorkbenchError(_("Ugyldig verdi for %(var)s: %(problem)s") % {"var": variable, "problem": invalid})
    if text == response.edited_values().get(variable, ""):
        raise WorkbenchError(_("Verdien er den samme som før."))
    with transaction.atomic():
        correction = correct_value(response, variable, text, editor=editor, reason=reason)
        begin_work(response, editor)
    rerun_rules(response)
    return correction


def rerun_rules(response: Response) -> None:
    """The rules engine's run for one response, in this request, so the editor sees the outcome at once."""
    rules.run_rules_for_response(Response.objects.select_related("survey", "municipality").get(pk=response.pk))


def correct_flag(flag: Flag, variable: str, value: str, *, editor, reason: str) -> Flag:
    """Correct one of the flag's values; a flag whose hit is gone after the re-run is closed in the editor's name."""
    if flag.status == Flag.Status.CORRECTED:
        raise WorkbenchError(_("Flagget er allerede rettet."))
    if variable not in flag_variables(flag):
        raise WorkbenchError(_("Variabelen hører ikke til flagget."))
    correct(flag.response, variable, value, editor=editor, reason=reason)
    closed = Flag.objects.filter(pk=flag.pk, status=Flag.Status.CORRECTED, status_by__isnull=True)
    if closed.update(status_by=editor, status_reason=reason.strip()):
        log_event(flag.response, "flag.corrected", user=editor, reason=reason, flag=flag, variable=variable)
    flag.refresh_from_db()
    return flag


def apply_suggestion(flag: Flag, *, editor, reason: str) -> Flag:
    """The rule's suggested value (e.g. the amount divided by 1000) as the correction."""
    if not flag.suggestion:
        raise WorkbenchError(_("Flagget har ikke noe forslag."))
    require_reason(reason)
    for variable, value in flag.suggestion.items():
        flag = correct_flag(flag, variable, value, editor=editor, reason=reason)
    return flag


def flag_variables(flag: Flag) -> list[str]:
    """The variables an editor may correct for a flag: its variables, matrix questions expanded to their cells."""
    questionnaire = flag.response.survey.questionnaire
    out = []
    for name in flag.variable_list:
        if name in questionnaire.variables:
            out.append(name)
        elif name in questionnaire.questions:
            out.extend(questionnaire.questions[name].variables)
    return list(dict.fromkeys(out))


# -- the response ---------------------------------------------------------------------------------------------


def sent_back_text(message: str, flags: Iterable[Flag], questionnaire) -> str:
    """The editor's message and, under it, the flagged questions the municipality should look at."""
    lines = [message.strip()]
    flags = list(flags)
    if flags:
        lines += ["", _("Spørsmål SSB ber dere se på:")]
        for flag in flags:
            labels = [_question_label(questionnaire, v) for v in flag.variable_list]
            where = "; ".join(dict.fromkeys(label for label in labels if label))
            lines.append(f"- {where}: {flag.message}" if where else f"- {flag.message}")
    return "\n".join(lines)


def _question_label(questionnaire, name: str) -> str:
    var = questionnaire.variables.get(name)
    question = questionnaire.questions.get(var.question_id if var else name)
    if question is None:
        return ""
    section = questionnaire.section(question.section_id)
    where = _("Del %(part)s") % {"part": section.part} if section.part else section.number
    return f"{where}: {question.number + ' ' if question.number else ''}{question.label}"


def send_back(response: Response, *, editor, message: str, flags: Iterable[Flag] = ()) -> Response:
    """Send the response back to the municipality with a message listing the flagged questions."""
    message = require_reason(message)
    with transaction.atomic():
        locked = Response.objects.select_for_update().select_related("survey").get(pk=response.pk)
        if locked.status not in REVIEWABLE:
            raise WorkbenchError(_("Bare innsendte svar kan sendes tilbake."))
        begin_work(locked, editor)
        locked.refresh_from_db()
        locked.status = Response.Status.SENT_BACK
        locked.sent_back_message = sent_back_text(message, flags, locked.survey.questionnaire)
        locked.save(update_fields=["status", "sent_back_message", "last_changed_at"])
        log_event(locked, "response.sent_back", user=editor, reason=message, detail=locked.sent_back_message)
    return locked


def mark_done(response: Response, *, editor) -> Response:
    """FERDIG: every flag judged; a response under review is accepted."""
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.status == Response.Status.SENT_BACK:
            raise WorkbenchError(_("Svaret er sendt tilbake og venter på kommunen."))
        if locked.status not in REVIEWABLE:
            raise WorkbenchError(_("Svaret er ikke sendt inn."))
        still_open = locked.flags.filter(status=Flag.Status.OPEN).count()
        if still_open:
            raise WorkbenchError(
                _("%(n)s flagg er fortsatt åpne: bekreft, rett eller avvis dem først.") % {"n": still_open}
            )
        begin_work(locked, editor)
        locked.refresh_from_db()
        locked.editing_status = Response.EditingStatus.FERDIG
        locked.status = Response.Status.ACCEPTED
        locked.save(update_fields=["editing_status", "status", "last_changed_at"])
        log_event(locked, "response.done", user=editor)
    return locked


def reopen(response: Response, *, editor, reason: str) -> Response:
    """Back to UNDER_ARBEID after FERDIG (an accepted response is under review again)."""
    reason = require_reason(reason)
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.editing_status != Response.EditingStatus.FERDIG:
            raise WorkbenchError(_("Svaret er ikke merket ferdig."))
        locked.editing_status = Response.EditingStatus.UNDER_ARBEID
        if locked.status == Response.Status.ACCEPTED:
            locked.status = Response.Status.UNDER_REVIEW
        locked.save(update_fields=["editing_status", "status", "last_changed_at"])
        log_event(locked, "response.reopened", user=editor, reason=reason)
    return locked


def assign(response: Response, assignee, *, by) -> Response:
    """Give the response to an editor (None: to nobody)."""
    if assignee is not None and not is_editor(assignee):
        raise WorkbenchError(_("Svar kan bare tildeles kontrollører."))
    with transaction.atomic():
        Response.objects.filter(pk=response.pk).update(assigned_editor=assignee)
        response.assigned_editor = assignee
        log_event(response, "response.assigned", user=by, detail=assignee.get_username() if assignee else "")
    return response
