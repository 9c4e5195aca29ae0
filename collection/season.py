"""What a season's dates mean for reporters: whether they may write, and what the form says about the deadline."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from collection.models import Season
from surveys.models import Response, Survey

BEFORE, OPEN, PAST_DEADLINE, CLOSED = "before", "open", "past_deadline", "closed"


def season_of(survey: Survey) -> Season | None:
    """The survey's season, or None when it has none (then nothing limits entry); cached on the survey."""
    try:
        return survey.season
    except Season.DoesNotExist:
        return None


def phase(season: Season, today: datetime.date) -> str:
    if today < season.opens_on:
        return BEFORE
    if today > season.closes_on:
        return CLOSED
    return OPEN if today <= season.deadline else PAST_DEADLINE


def allows_entry(response: Response) -> bool:
    """Before opening nobody writes; after closing only a response SSB sent back may be answered."""
    season = season_of(response.survey)
    if season is None:
        return True
    current = phase(season, timezone.localdate())
    if current == BEFORE:
        return False
    return current != CLOSED or response.status == Response.Status.SENT_BACK


@dataclass(frozen=True)
class Notice:
    phase: str
    text: str


def notice(survey: Survey, today: datetime.date | None = None) -> Notice | None:
    """The line the form shows about the season ("Frist 15. mars 2022, 12 dager igjen")."""
    season = season_of(survey)
    if season is None:
        return None
    today = today or timezone.localdate()
    current = phase(season, today)
    deadline = _date(season.deadline)
    if current == BEFORE:
        text = _("Skjemaet åpner %(date)s. Til da kan det bare leses.") % {"date": _date(season.opens_on)}
    elif current == OPEN:
        left = (season.deadline - today).days
        if left == 0:
            text = _("Frist %(date)s: i dag.") % {"date": deadline}
        else:
            days = ngettext("%(n)s dag igjen", "%(n)s dager igjen", left) % {"n": left}
            text = _("Frist %(date)s, %(days)s.") % {"date": deadline, "days": days}
    elif current == PAST_DEADLINE:
        text = _("Fristen var %(date)s. Send inn så snart som mulig; skjemaet stenger %(closes)s.") % {
            "date": deadline,
            "closes": _date(season.closes_on),
        }
    else:
        text = _(
            "Innsamlingen stengte %(date)s. Skjemaet kan bare endres når SSB har sendt det tilbake med spørsmål."
        ) % {"date": _date(season.closes_on)}
    return Notice(current, text)


def _date(day: datetime.date) -> str:
    from django.utils.formats import date_format

    return date_format(day, "j. F Y")
