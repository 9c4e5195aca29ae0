"""Services of the tables: live computation, the release gate (publishing a snapshot) and drill-down."""

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

from django.db import transaction
from django.utils.translation import gettext as _

from kostra.reference.groups import SIZE_GROUPS
from surveys.models import Survey, TableSnapshot
from surveys.tables.base import MeanPerInhabitant, Sum, round_half_away
from surveys.tables.catalogue import TABLES
from surveys.tables.data import YearData, load_year
from surveys.tables.disclosure import disclose
from surveys.tables.publication import fingerprint
from surveys.tables.summary import SUMMARY_ID, summary


def compute_all(data: YearData) -> list[dict]:
    """Every table of the catalogue (external 6.1 included), in report order, with units for disclosure."""
    return [table.compute(data) for table in TABLES.values()]


class PublicationChanged(Exception):
    """The live tables changed after the admin saw what publishing would change; nothing was published."""


def publication_tables(survey: Survey) -> list[dict]:
    """What a publication of `survey` would freeze now: every table and the summary."""
    data = load_year(survey)
    return [*compute_all(data), summary(data)]


def publish(survey: Survey, user, *, expected: str | None = None) -> TableSnapshot:
    """Freeze the live tables of `survey` as its current snapshot; earlier snapshots stay as history. With
    `expected` (the fingerprint of the tables the admin confirmed) nothing is published if they have changed."""
    tables = publication_tables(survey)
    if expected is not None and fingerprint(tables) != expected:
        raise PublicationChanged(_("Tabellene er endret siden du så gjennom dem. Se over endringene på nytt."))
    with transaction.atomic():
        Survey.objects.select_for_update().get(pk=survey.pk)  # one publication at a time per year
        TableSnapshot.objects.filter(survey=survey, is_current=True).update(is_current=False)
        return TableSnapshot.objects.create(survey=survey, published_by=user, tables=tables, is_current=True)


def current_snapshot(survey: Survey) -> TableSnapshot | None:
    return survey.snapshots.filter(is_current=True).select_related("published_by").first()


@dataclass
class TableSource:
    """Where a reader's tables come from: live data (editors) or the current snapshot, disclosed (public).
    Live data is read from the database only when a table is computed (the index page needs none)."""

    survey: Survey
    live: bool
    snapshot: TableSnapshot | None = None

    @classmethod
    def for_reader(cls, survey: Survey, *, live: bool) -> "TableSource":
        if live:
            return cls(survey, live=True)
        return cls(survey, live=False, snapshot=current_snapshot(survey))

    @cached_property
    def data(self) -> YearData:
        return load_year(self.survey)

    @property
    def available(self) -> bool:
        return self.live or self.snapshot is not None

    def _stored(self) -> dict[str, dict]:
        return {t["table"]: t for t in self.snapshot.tables} if self.snapshot else {}

    def table(self, table_id: str) -> dict | None:
        if self.live:
            return TABLES[table_id].compute(self.data)
        stored = self._stored().get(table_id)
        return disclose(stored) if stored else None

    def tables(self) -> list[dict]:
        if self.live:
            return compute_all(self.data)
        stored = self._stored()
        return [disclose(stored[table_id]) for table_id in TABLES if table_id in stored]

    def summary(self) -> dict | None:
        return summary(self.data) if self.live else self._stored().get(SUMMARY_ID)


@dataclass(frozen=True)
class Member:
    number: str
    name: str
    population: int
    size_group: str
    detail: str = ""  # the value the cell adds up, where it is an amount


def _detail(stat, data: YearData, i: int, key) -> str:
    if isinstance(stat, Sum):
        return str(data.value(stat.var or key)[i])
    if isinstance(stat, MeanPerInhabitant):
        amount = data.value(stat.amount)[i]
        per_inhabitant = round_half_away(Fraction(1000 * int(amount), int(data.population[i])))
        return _("%(amount)s (1000 kr); %(kr)s kr per innbygger") % {"amount": amount, "kr": per_inhabitant}
    return ""


def drilldown(table_id: str, data: YearData, r: int, c: int) -> tuple[object, list[Member], list[Member]]:
    """The value of a live cell, the municipalities behind it, and the rest of its row (the denominator)."""
    table = TABLES[table_id]
    cell = table.cell(data, r, c)
    frame = data.register if table.universe == "register" else data
    stat, key = table.columns[c].stat, table.rows[r].key

    def member(i, detail=""):
        label = SIZE_GROUPS[frame.size_group[i]][1]
        return Member(frame.numbers[i], frame.names[i], int(frame.population[i]), label, detail)

    inside = [member(i, _detail(stat, frame, i, key)) for i in cell.members.nonzero()[0]]
    others = [member(i) for i in (cell.row & ~cell.members).nonzero()[0]]
    return cell.value, inside, others
