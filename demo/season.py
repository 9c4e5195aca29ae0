"""The demo year's collection season, told as the demo history implies.

The history (demo/history.py) has every municipality submit on the deadline, 15 March 2022, and the
editors follow up from late April to October. So the season opened on 10 January with an invitation to each main
contact, the reminders 14 and 3 days before the deadline went to all 356 (nobody had submitted yet), the one a
week after it to none, and the collection closed on 15 April; Ulvik was told by e-mail when it was sent back.
Messages of the past are stored as sent on their dates; nothing is sent when the demo loads.
"""

import datetime
import re
import unicodedata

from django.utils import timezone

from collection import mailings
from collection.contacts import set_contact
from collection.models import Contact, Reminder, Season
from demo.history import SUBMITTED_ON, clock
from kostra.reference.models import Municipality
from surveys.models import Survey
from validation.models import ReviewEvent

OPENS_ON = datetime.date(2022, 1, 10)
CLOSES_ON = datetime.date(2022, 4, 15)
EDITORS_FINAL_ON = datetime.date(2022, 10, 31)
REMINDER_DAYS = (14, 3, -7)
CONTACTS_IMPORTED_ON = datetime.date(2022, 1, 5)


def at(day: datetime.date, hour: int = 7) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def load_season(survey: Survey) -> str:
    """Write the season, its contacts and its e-mail log once; a year that has a season is left as it is."""
    if Season.objects.filter(survey=survey).exists():
        return "season already there; left as it is"
    season = Season.objects.create(
        survey=survey,
        opens_on=OPENS_ON,
        deadline=SUBMITTED_ON,
        closes_on=CLOSES_ON,
        editors_final_on=EDITORS_FINAL_ON,
    )
    for days in REMINDER_DAYS:
        Reminder.objects.create(season=season, days_before_deadline=days)
    municipalities = list(Municipality.objects.filter(year=survey.year))
    with clock(at(CONTACTS_IMPORTED_ON)):
        for m in municipalities:
            set_contact(survey, m, name=f"Legevaktkontakt {m.name}", email=demo_address(m), user=None, source="import")
    contacts = list(Contact.objects.filter(survey=survey).select_related("survey", "municipality"))
    invited = sum(1 for c in contacts if mailings.invite_contact(c, sent_at=at(OPENS_ON)))
    reminded = 0
    submitted = dict(survey.responses.values_list("municipality_id", "first_submitted_at"))
    for reminder in season.reminders.all():
        sent_at = at(reminder.due_on)
        for contact in contacts:
            first = submitted.get(contact.municipality_id)
            if first is None or first > sent_at:
                reminded += bool(mailings.remind(contact, reminder, sent_at=sent_at))
    for event in ReviewEvent.objects.filter(response__survey=survey, action__in=list(mailings.NOTICES)):
        mailings.send_review_notice(event, sent_at=event.at)
    return f"season {OPENS_ON:%d.%m.%Y}-{CLOSES_ON:%d.%m.%Y}: {invited} invitations and {reminded} reminders"


def demo_address(municipality: Municipality) -> str:
    """An invented address in a reserved domain (never deliverable)."""
    name = municipality.name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "aa")
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return f"legevakt@{re.sub(r'[^a-z0-9]+', '-', ascii_name).strip('-')}.kommune.example"
