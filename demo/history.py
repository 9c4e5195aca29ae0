"""The calibrated demo year's editing history, replayed through the project's services on the files' dates.

fixtures/demo-2021 gives the raw year, the editors' corrections, confirmations and codes, and the follow-up
contacts, each dated (2022). They are written in the order they happened: import, a first rule run over the raw
year, then contacts, replies, corrections and confirmations day by day, and a last rule run after the last of
them. While one event is written, Django's clock (`django.utils.timezone.now`, which every service and every
`auto_now` field reads) shows that event's date, so the audit trail, the flags and the contacts carry the
files' dates rather than the time of loading.
"""

import csv
import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.utils import timezone

from surveys.models import Response, Survey
from surveys.services.interchange import import_responses
from surveys.services.values import correct_value
from validation.models import Flag, FollowUpContact
from validation.services import run_year_sync
from validation.workbench.actions import begin_work, judge_flag, log_event, send_back
from validation.workbench.codes import set_code
from validation.workbench.followups import log_contact, update_contact

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo-2021"
# The files give no submission dates; the year was reported by the KOSTRA deadline (15 March 2022).
SUBMITTED_ON = datetime.date(2022, 3, 15)
FOLLOW_UP_DAYS = 14  # an unanswered contact is chased after two weeks
# Time of day of each kind of event, so that a day's events keep their order in the trail.
AT = {"import": 8, "run": 7, "contact": 9, "reply": 11, "correction": 13, "confirmation": 14, "send_back": 15}
CHANNELS = {"e-post": FollowUpContact.Channel.EMAIL, "telefon": FollowUpContact.Channel.PHONE}
CHANNELS["portal"] = FollowUpContact.Channel.PORTAL
# What the editors asked, per topic of contacts.csv (Norwegian: it is the record of the contact).
QUESTIONS = {
    "omitted_daglegevakt": "KUHR viser legevaktregninger på dagtid. Har kommunen daglegevakt (del A, kun "
    "daglegevakt) i tillegg til samarbeidet?",
    "thousand_error": "Netto driftsutgifter er svært høye per innbygger. Er beløpet oppgitt i kroner i stedet "
    "for i 1000 kr?",
    "missing_count": "Antall personer per 31.12.2021 mangler. Kan kommunen oppgi det?",
    "double_count": "Er de samme fastlegene talt med både i del A og i del C?",
    "corona_included": "Kommentaren nevner luftveisklinikk og koronatesting. Er disse utgiftene tatt med i netto "
    "driftsutgifter? De skal holdes utenfor.",
    "missing_amount": "Netto driftsutgifter mangler. Kan kommunen oppgi beløpet (1000 kr)?",
    "participant_missing": "En kommune oppgir dere som vertskommune, men står ikke på deltakerlisten. Er listen "
    "over deltakerkommuner komplett?",
    "confirmation": "Svarene skiller seg fra det vi venter. Kan kommunen bekrefte at de stemmer?",
}


@dataclass
class History:
    """What the replay wrote."""

    imported: int = 0
    corrections: int = 0
    confirmed: int = 0
    codes: int = 0
    contacts: int = 0
    runs: list[int] = field(default_factory=list)


def read(name: str) -> list[dict]:
    with (DEMO_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def moment(day: datetime.date, kind: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(AT[kind])))


@contextmanager
def clock(when: datetime.datetime) -> Iterator[None]:
    """Django's clock shows `when` (services and auto_now fields read it); only while the demo is written."""
    with mock.patch("django.utils.timezone.now", return_value=when):
        yield


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def replay(survey: Survey, editor) -> History:
    """Write the whole history into a year without responses (the caller's transaction makes it all or nothing)."""
    history = History()
    contacts, corrections = read("contacts.csv"), read("corrections.csv")
    confirmations = read("confirmations.csv")
    with clock(moment(SUBMITTED_ON, "import")):
        history.imported = import_responses(DEMO_DIR / "responses_raw.csv", survey).created
    responses = {r.municipality.number: r for r in survey.responses.select_related("survey", "municipality")}
    first = min(day(c["contact_date"]) for c in contacts) - datetime.timedelta(days=1)
    with clock(moment(first, "run")):
        history.runs.append(run_year_sync(survey, user=editor).pk)
    for when, kind, row in _events(contacts, corrections, confirmations):
        with clock(moment(when, kind)):
            _EVENT[kind](survey, responses[row["kommunenummer"]], row, editor, corrections)
    last = max(
        [day(c["reply_date"] or c["contact_date"]) for c in contacts]
        + [day(c["date"]) for c in corrections + confirmations]
    ) + datetime.timedelta(days=1)
    with clock(moment(last, "run")):
        history.runs.append(run_year_sync(survey, user=editor).pk)
        _credit_corrected_flags(survey, editor, corrections)
        for code in read("codes.csv"):
            set_code(responses[code["kommunenummer"]], code["variable"], code["code"], editor=editor)
            history.codes += 1
    history.contacts, history.corrections = len(contacts), len(corrections)
    history.confirmed = Flag.objects.filter(response__survey=survey, status=Flag.Status.CONFIRMED).count()
    return history


def _events(contacts, corrections, confirmations) -> list[tuple[datetime.date, str, dict]]:
    """Every dated event of the files, in the order it happened."""
    events = [(day(c["contact_date"]), "contact", c) for c in contacts]
    events += [(day(c["reply_date"]), "reply", c) for c in contacts if c["replied"] == "ja"]
    events += [(day(c["date"]), "correction", c) for c in corrections]
    events += [(day(c["date"]), "confirmation", c) for c in confirmations]
    order = list(AT)
    return sorted(events, key=lambda e: (e[0], order.index(e[1]), e[2]["kommunenummer"], e[2].get("variable", "")))


def _contact_of(survey: Survey, response: Response) -> FollowUpContact:
    return FollowUpContact.objects.get(survey=survey, municipality=response.municipality)


def _log_contact(survey, response, row, editor, _corrections) -> None:
    asked = row["variables"].split("|")
    flags = [f for f in response.flags.all() if set(f.variable_list) & set(asked)]
    contacted = day(row["contact_date"])
    log_contact(
        survey,
        response.municipality,
        editor=editor,
        flags=flags,
        contacted_on=contacted,
        channel=CHANNELS[row["channel"]],
        question=f"{QUESTIONS[row['topic']]} ({', '.join(asked)})",
        outcome=FollowUpContact.Outcome.NO_ANSWER,
        follow_up_on=contacted + datetime.timedelta(days=FOLLOW_UP_DAYS),
    )


def _reply(survey, response, row, editor, corrections) -> None:
    if row["outcome"] == "bekreftet":
        outcome = FollowUpContact.Outcome.CONFIRMED
    elif any(c["kommunenummer"] == row["kommunenummer"] and c["channel"] == "portal" for c in corrections):
        outcome = FollowUpContact.Outcome.CORRECTED_IN_PORTAL
    else:
        outcome = FollowUpContact.Outcome.CORRECTED_BY_EDITOR
    replied = day(row["reply_date"])
    update_contact(
        _contact_of(survey, response),
        editor=editor,
        outcome=outcome,
        follow_up_on=None,
        notes=f"Svar mottatt {replied:%d.%m.%Y}.",
    )


def _correct(survey, response, row, editor, _corrections) -> None:
    correct_value(response, row["variable"], row["edited_value"], editor=editor, reason=row["reason"])
    begin_work(response, editor)


def _confirm(survey, response, row, editor, _corrections) -> None:
    flags = [
        f
        for f in response.flags.filter(rule_id=row["rule"], severity=Flag.Severity.ERROR)
        if row["variable"] in f.variable_list
    ]
    if not flags:
        raise ValueError(f"confirmations.csv: no {row['rule']} flag on {row['variable']} of {row['kommunenummer']}")
    for flag in flags:
        judge_flag(flag, Flag.Status.CONFIRMED, editor=editor, reason=row["reason"])


_EVENT = {"contact": _log_contact, "reply": _reply, "correction": _correct, "confirmation": _confirm}


def _credit_corrected_flags(survey: Survey, editor, corrections: list[dict]) -> None:
    """A flag the last run closed because an editor's correction removed its hit is closed in the editor's name,
    on the date of that correction, as the workbench does when the editor corrects from the flag."""
    by_response: dict[str, list[dict]] = {}
    for c in corrections:
        by_response.setdefault(c["kommunenummer"], []).append(c)
    closed = Flag.objects.filter(
        response__survey=survey, status=Flag.Status.CORRECTED, status_by__isnull=True
    ).select_related("response__municipality")
    for flag in closed:
        own = by_response.get(flag.response.municipality.number)
        if not own:
            continue  # closed because another municipality's values changed: the run's own doing
        matching = [c for c in own if c["variable"] in flag.variable_list] or own
        correction = max(matching, key=lambda c: c["date"])
        flag.status_by, flag.status_reason = editor, correction["reason"]
        flag.status_at = moment(day(correction["date"]), "correction")
        flag.save(update_fields=["status_by", "status_reason", "status_at"])
        with clock(flag.status_at):
            log_event(flag.response, "flag.corrected", user=editor, reason=flag.status_reason, flag=flag)


def send_back_after_follow_up(survey: Survey, number: str, editor) -> Response:
    """The editor sends an unanswered municipality's response back, on the follow-up date of its contact."""
    response = survey.responses.select_related("survey", "municipality").get(municipality__number=number)
    contact = _contact_of(survey, response)
    if contact.outcome != FollowUpContact.Outcome.NO_ANSWER:
        raise ValueError(f"{number} answered its contact; nothing to send back")
    message = (
        f"Vi har ikke fått svar på henvendelsen vår {contact.contacted_on:%d.%m.%Y}. {contact.question} "
        "Rett eller fyll inn i skjemaet og send det inn på nytt."
    )
    flags = contact.flags.filter(status=Flag.Status.OPEN)
    with clock(moment(contact.follow_up_on, "send_back")):
        return send_back(response, editor=editor, message=message, flags=flags)
