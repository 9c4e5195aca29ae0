"""The collection dashboard: each municipality's status, counts by group, the response rate over time, and the
list of non-respondents with their contacts."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from collection.models import Contact, Message, Season
from collection.season import season_of
from kostra.reference.groups import CENTRALITY_LABELS, SIZE_GROUPS
from kostra.reference.models import Municipality
from surveys.models import Response, Survey

NOT_STARTED, IN_PROGRESS, SUBMITTED, SENT_BACK, FINISHED = (
    "not_started",
    "in_progress",
    "submitted",
    "sent_back",
    "finished",
)
STATUSES = {
    NOT_STARTED: _("Ikke påbegynt"),
    IN_PROGRESS: _("Under utfylling"),
    SUBMITTED: _("Sendt inn"),
    SENT_BACK: _("Sendt tilbake"),
    FINISHED: _("Ferdig kontrollert"),
}
NON_RESPONDENT = (NOT_STARTED, IN_PROGRESS)


@dataclass
class Row:
    municipality: Municipality
    status: str
    has_response: bool
    first_submitted_at: datetime.datetime | None
    contact: Contact | None
    last_reminder: datetime.datetime | None

    @property
    def status_label(self) -> str:
        return STATUSES[self.status]


@dataclass(frozen=True)
class Filters:
    county: str = ""
    size: str = ""
    centrality: str = ""
    status: str = ""

    @classmethod
    def from_query(cls, query) -> "Filters":
        values = {name: (query.get(name) or "").strip() for name in ("county", "size", "centrality", "status")}
        if values["status"] not in STATUSES:
            values["status"] = ""
        return cls(**values)

    @property
    def narrows(self) -> bool:
        """Whether the selection is less than the whole country (the status filter only narrows the list)."""
        return bool(self.county or self.size or self.centrality)

    def keeps(self, row: Row, *, status: bool = True) -> bool:
        m = row.municipality
        return (
            (not self.county or m.county_number == self.county)
            and (not self.size or str(m.size_group) == self.size)
            and (not self.centrality or str(m.centrality_class) == self.centrality)
            and (not status or not self.status or row.status == self.status)
        )


def status_of(status: str | None, editing_status: str | None) -> str:
    """The dashboard's five states from a response's status (None: no response yet)."""
    if status is None:
        return NOT_STARTED
    if status == Response.Status.SENT_BACK:
        return SENT_BACK
    if editing_status == Response.EditingStatus.FERDIG or status == Response.Status.ACCEPTED:
        return FINISHED
    if status == Response.Status.IN_PROGRESS:
        return IN_PROGRESS
    return SUBMITTED


def rows(survey: Survey) -> list[Row]:
    """One row per municipality of the year's register, in number order (four queries)."""
    fields = ("municipality_id", "status", "editing_status", "first_submitted_at")
    responses = {r["municipality_id"]: r for r in Response.objects.filter(survey=survey).values(*fields)}
    contacts = {c.municipality_id: c for c in Contact.objects.filter(survey=survey)}
    reminders = dict(
        Message.objects.filter(survey=survey, kind=Message.Kind.REMINDER)
        .values("municipality_id")
        .annotate(last=Max("created_at"))
        .values_list("municipality_id", "last")
    )
    found = []
    for m in Municipality.objects.filter(year=survey.year).order_by("number"):
        r = responses.get(m.pk, {})
        found.append(
            Row(
                municipality=m,
                status=status_of(r.get("status"), r.get("editing_status")),
                has_response=bool(r),
                first_submitted_at=r.get("first_submitted_at"),
                contact=contacts.get(m.pk),
                last_reminder=reminders.get(m.pk),
            )
        )
    return found


@dataclass
class Group:
    label: str
    counts: dict[str, int]
    total: int
    key: str = ""

    @property
    def rate(self) -> float:
        """Share submitted at least once (submitted, sent back or finished), in per cent."""
        answered = self.total - sum(self.counts[s] for s in NON_RESPONDENT)
        return 100 * answered / self.total if self.total else 0.0

    @property
    def cells(self) -> list[int]:
        return [self.counts[s] for s in STATUSES]


def group(label: str, selected: list[Row], key: str = "") -> Group:
    counts = Counter(r.status for r in selected)
    return Group(str(label), {s: counts.get(s, 0) for s in STATUSES}, len(selected), key)


def groups_by(found: list[Row], dimension: str) -> list[Group]:
    """Counts per county, size group or centrality class."""
    if dimension == "county":
        names = {r.municipality.county_number: r.municipality.county_name for r in found}
        return [group(names[k], [r for r in found if r.municipality.county_number == k], k) for k in sorted(names)]
    if dimension == "size":
        return [
            group(label, [r for r in found if r.municipality.size_group == i], str(i))
            for i, (_lower, label) in enumerate(SIZE_GROUPS)
        ]
    return [
        group(label, [r for r in found if r.municipality.centrality_class == c], str(c))
        for c, label in CENTRALITY_LABELS.items()
    ]


@dataclass
class Progress:
    """Share of the selection submitted at least once, day by day from the season's opening."""

    days: list[tuple[datetime.date, int]] = field(default_factory=list)  # (day, submitted by the end of it)
    total: int = 0
    by_deadline: int = 0


def progress(season: Season, found: list[Row], today: datetime.date) -> Progress:
    end = min(today, season.closes_on)
    firsts = Counter(timezone.localdate(r.first_submitted_at) for r in found if r.first_submitted_at)
    before = sum(n for d, n in firsts.items() if d < season.opens_on)
    result = Progress(total=len(found))
    result.by_deadline = sum(n for d, n in firsts.items() if d <= season.deadline)
    day, running = season.opens_on, before
    while day <= end:
        running += firsts.get(day, 0)
        result.days.append((day, running))
        day += datetime.timedelta(days=1)
    return result


@dataclass
class Dashboard:
    survey: Survey
    season: Season | None
    filters: Filters
    rows: list[Row]  # the selection, status filter applied
    whole: Group  # the country
    selection: Group  # the filters except status
    groups: dict[str, list[Group]]
    progress: Progress | None
    days_to_deadline: int | None

    @property
    def days_past_deadline(self) -> int:
        return -self.days_to_deadline if self.days_to_deadline and self.days_to_deadline < 0 else 0


def build(survey: Survey, filters: Filters, today: datetime.date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    found = rows(survey)
    selected = [r for r in found if filters.keeps(r, status=False)]
    season = season_of(survey)
    return Dashboard(
        survey=survey,
        season=season,
        filters=filters,
        rows=[r for r in selected if filters.keeps(r)],
        whole=group(_("Hele landet"), found),
        selection=group(_("Utvalget"), selected),
        groups={d: groups_by(selected, d) for d in ("county", "size", "centrality")},
        progress=progress(season, selected, today) if season else None,
        days_to_deadline=(season.deadline - today).days if season else None,
    )


def non_respondent_rows(survey: Survey, filters: Filters) -> list[Row]:
    return [r for r in rows(survey) if filters.keeps(r, status=False) and r.status in NON_RESPONDENT]
