"""Follow-up contacts with municipalities (EQ-22): logging them, and the year's metrics from the database."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from surveys.models import ChangeLog, Response, Survey
from validation.models import FollowUpContact
from validation.workbench.actions import WorkbenchError, log_event
from validation.workbench.metrics import ContactFact, FollowUpMetrics, follow_up_metrics

FIELDS = ("contacted_on", "channel", "question", "outcome", "follow_up_on", "notes")


def _response_of(contact: FollowUpContact) -> Response | None:
    return Response.objects.filter(survey=contact.survey, municipality=contact.municipality).first()


def _check_flags(contact: FollowUpContact, flags) -> None:
    if any(flag.response.municipality_id != contact.municipality_id for flag in flags):
        raise WorkbenchError(_("Et flagg hører til en annen kommune."))


def log_contact(survey: Survey, municipality, *, editor, flags=(), **fields) -> FollowUpContact:
    """Record a contact with a municipality about some of its flags."""
    if municipality.year != survey.year:
        raise WorkbenchError(_("Kommunen hører ikke til dette året."))
    if not (fields.get("question") or "").strip():
        raise WorkbenchError(_("Skriv hva kommunen ble spurt om."))
    contact = FollowUpContact(survey=survey, municipality=municipality, editor=editor, **fields)
    _validate(contact)
    _check_flags(contact, flags)
    with transaction.atomic():
        contact.save()
        contact.flags.set(flags)
        response = _response_of(contact)
        if response is not None:
            log_event(response, "contact.logged", user=editor, detail=_summary(contact), reason=contact.question)
    return contact


def update_contact(contact: FollowUpContact, *, editor, flags=None, **fields) -> FollowUpContact:
    """Record the answer, a new follow-up date or notes on an existing contact."""
    for name, value in fields.items():
        if name not in FIELDS:
            raise ValueError(f"not a contact field: {name}")
        setattr(contact, name, value)
    if not contact.question.strip():
        raise WorkbenchError(_("Skriv hva kommunen ble spurt om."))
    _validate(contact)
    if flags is not None:
        _check_flags(contact, flags)
    with transaction.atomic():
        contact.save()
        if flags is not None:
            contact.flags.set(flags)
        response = _response_of(contact)
        if response is not None:
            log_event(response, "contact.updated", user=editor, detail=_summary(contact), reason=contact.notes)
    return contact


def _validate(contact: FollowUpContact) -> None:
    """Field checks (choices, dates) as the admin makes them; the values are converted in place."""
    try:
        contact.full_clean(validate_unique=False)
    except ValidationError as error:
        raise WorkbenchError(" ".join(error.messages)) from None


def _summary(contact: FollowUpContact) -> str:
    return f"{contact.contacted_on:%d.%m.%Y} {contact.get_channel_display()}: {contact.get_outcome_display()}"


def contact_facts(survey: Survey) -> list[ContactFact]:
    contacts = survey.follow_ups.select_related("municipality").prefetch_related("flags")
    return [
        ContactFact(
            municipality=c.municipality.number,
            contacted_on=c.contacted_on,
            channel=c.channel,
            outcome=c.outcome,
            follow_up_on=c.follow_up_on,
            variables=tuple(v for flag in c.flags.all() for v in flag.variable_list),
            id=c.pk,
        )
        for c in contacts
    ]


def corrected_pairs(survey: Survey) -> set[tuple[str, str]]:
    """(municipality, variable) of values changed during editing: an editor's correction, or the municipality's
    own change after it first submitted (self-correction in the portal after a contact or a send-back)."""
    changes = ChangeLog.objects.filter(response__survey=survey).filter(
        Q(source=ChangeLog.Source.EDITOR)
        | Q(source=ChangeLog.Source.RESPONDENT, at__gt=F("response__first_submitted_at"))
    )
    return set(changes.values_list("response__municipality__number", "variable"))


def metrics_for_survey(survey: Survey, today: date | None = None) -> FollowUpMetrics:
    return follow_up_metrics(contact_facts(survey), corrected_pairs(survey), today=today or timezone.localdate())
