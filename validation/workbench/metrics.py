"""Follow-up metrics (EQ-22), computed from plain facts so they are tested without the database.

2021 reference: 85 municipalities contacted, 79 replied (92.9 %), about half corrected in the portal and the
rest by e-mail, some by phone; about 29 variables involved.
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

NO_ANSWER = "no_answer"


@dataclass(frozen=True)
class ContactFact:
    """What the metrics need of one contact."""

    municipality: str
    contacted_on: date
    channel: str
    outcome: str
    follow_up_on: date | None = None
    variables: tuple[str, ...] = ()  # the variables of the flags concerned
    id: int | None = None


@dataclass(frozen=True)
class FollowUpMetrics:
    contacted: int  # municipalities with at least one contact
    replied: int  # municipalities with at least one contact that got an answer
    reply_rate: float | None  # percent, one decimal; None when nobody was contacted
    contacts: int
    by_channel: dict[str, Counter] = field(default_factory=dict)  # channel -> outcome -> contacts
    overdue: list[ContactFact] = field(default_factory=list)  # oldest follow-up date first
    variables_asked: int = 0  # distinct variables of the flags the contacts concerned
    most_corrected: list[tuple[str, int]] = field(default_factory=list)  # variable, municipalities


def reply_rate(replied: int, contacted: int) -> float | None:
    """79 of 85 -> 92.9 (percent, rounded half away from zero to one decimal)."""
    if not contacted:
        return None
    tenths = (replied * 1000 * 2 + contacted) // (contacted * 2)  # integer rounding: no binary surprises
    return tenths / 10


def follow_up_metrics(
    contacts: Iterable[ContactFact], corrections: Iterable[tuple[str, str]], *, today: date, top: int = 10
) -> FollowUpMetrics:
    """Metrics of a year's contacts; `corrections` are (municipality, variable) pairs of corrected values.

    A municipality has replied if any of its contacts has an outcome other than no answer. A contact is an
    overdue follow-up if it has no answer, its follow-up date has passed, and the municipality has not replied
    in a contact on or after it."""
    contacts = list(contacts)
    numbers = {c.municipality for c in contacts}
    replied = {c.municipality for c in contacts if c.outcome != NO_ANSWER}
    by_channel: dict[str, Counter] = {}
    for contact in contacts:
        by_channel.setdefault(contact.channel, Counter())[contact.outcome] += 1
    overdue = sorted(
        (c for c in contacts if _overdue(c, contacts, today)), key=lambda c: (c.follow_up_on, c.municipality)
    )
    per_variable = Counter(variable for _number, variable in set(corrections))
    ranked = sorted(per_variable.items(), key=lambda item: (-item[1], item[0]))[:top]
    return FollowUpMetrics(
        contacted=len(numbers),
        replied=len(replied),
        reply_rate=reply_rate(len(replied), len(numbers)),
        contacts=len(contacts),
        by_channel=by_channel,
        overdue=overdue,
        variables_asked=len({v for c in contacts for v in c.variables}),
        most_corrected=ranked,
    )


def _overdue(contact: ContactFact, contacts: list[ContactFact], today: date) -> bool:
    if contact.outcome != NO_ANSWER or contact.follow_up_on is None or contact.follow_up_on >= today:
        return False
    return not any(
        c.municipality == contact.municipality and c.outcome != NO_ANSWER and c.contacted_on >= contact.contacted_on
        for c in contacts
    )
