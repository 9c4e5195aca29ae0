"""Where to stop editing: the editors' threshold per survey year (audited), and the estimate of the error left in
the published tables by the responses the queue leaves unedited (pseudo-bias; docs/rules.md, "Selective
editing")."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from surveys.models import Survey
from surveys.tables.base import published
from validation.models import Flag
from validation.selective.models import EditingThreshold, ThresholdChange

STOP_POINTS = (0.1, 0.2, 0.3, 0.5)  # shares of the queue edited, for the stop table on the queue page


class ThresholdError(ValueError):
    """A threshold that cannot be set; the message is for the editor."""


@dataclass(frozen=True)
class Remaining:
    """What is left if only the responses at or above a cut are edited."""

    edited: int  # responses edited (manually reviewed)
    left: int  # responses with open flags left unedited
    share: float  # share of the queue's expected error (sum of priorities) left unedited
    worst_bias: float  # largest pseudo-bias of one published cell, relative to the cell
    worst_cell: str = ""  # "table|row|column"

    @property
    def share_percent(self) -> float:
        return 100 * self.share

    @property
    def bias_percent(self) -> float:
        return 100 * self.worst_bias


@dataclass(frozen=True)
class StopEstimate:
    threshold: float
    at_threshold: Remaining
    by_share: list[tuple[int, Remaining]] = field(default_factory=list)  # (percent of the queue edited, ...)


def threshold_of(survey: Survey) -> float:
    found = EditingThreshold.objects.filter(survey=survey).values_list("threshold", flat=True).first()
    return float(found or 0)


def set_threshold(survey: Survey, value, *, editor, reason: str) -> EditingThreshold:
    """Set the year's threshold under which a response needs no manual review, with the audit row."""
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        raise ThresholdError(_("Terskel: skriv et tall, for eksempel 25.")) from None
    if not 0 <= number < 1e9:
        raise ThresholdError(_("Terskel: tallet må være 0 eller større."))
    if not reason.strip():
        raise ThresholdError(_("Skriv en begrunnelse."))
    with transaction.atomic():
        setting, _created = EditingThreshold.objects.select_for_update().get_or_create(survey=survey)
        ThresholdChange.objects.create(
            survey=survey, old=setting.threshold, new=number, reason=reason.strip(), user=editor
        )
        setting.threshold, setting.updated_by = number, editor
        setting.save()
    return setting


def _queue(survey: Survey) -> tuple[list[tuple[float, int]], dict[int, list[tuple[float, dict]]]]:
    """(priority, response pk) of every submitted response with open flags, highest first; and per response
    its open flags' (suspicion, cells)."""
    flags = Flag.objects.filter(
        response__survey=survey, response__first_submitted_at__isnull=False, status=Flag.Status.OPEN
    ).values_list("response_id", "score", "impact__suspicion", "impact__cells")
    totals: dict[int, float] = defaultdict(float)
    parts: dict[int, list[tuple[float, dict]]] = defaultdict(list)
    for response_id, score, suspicion, cells in flags:
        totals[response_id] += score or 0
        parts[response_id].append((suspicion or 0, cells or {}))
    ranked = sorted(((total, pk) for pk, total in totals.items()), key=lambda item: (-item[0], item[1]))
    return ranked, parts


def _remaining(ranked, parts, edited: int) -> Remaining:
    total = sum(score for score, _pk in ranked)
    left = ranked[edited:]
    bias: dict[str, float] = defaultdict(float)
    for _score, pk in left:
        for suspicion, cells in parts[pk]:
            for cell, change in cells.items():
                bias[cell] += suspicion * change
    worst = max(bias, key=lambda cell: abs(bias[cell]), default="")
    return Remaining(
        edited=edited,
        left=len(left),
        share=(sum(score for score, _pk in left) / total) if total else 0.0,
        worst_bias=abs(bias[worst]) if worst else 0.0,
        worst_cell=worst,
    )


def stop_estimate(survey: Survey, threshold: float | None = None) -> StopEstimate:
    """The error left if responses whose priority is under the threshold are not edited, and at a few shares."""
    threshold = threshold_of(survey) if threshold is None else threshold
    ranked, parts = _queue(survey)
    above = sum(1 for score, _pk in ranked if score >= threshold)
    by_share = [(round(100 * share), _remaining(ranked, parts, round(share * len(ranked)))) for share in STOP_POINTS]
    return StopEstimate(threshold, _remaining(ranked, parts, above), by_share)


def cell_label(cell: str) -> str:
    """'6.2|4|1' -> 'Tabell 6.2, <row label>, <column label>' (labels of the published table)."""
    if not cell:
        return ""
    table_id, row, column = cell.split("|")
    spec = published().get(table_id)
    if spec is None:
        return cell
    return _("Tabell %(table)s: %(row)s, %(column)s") % {
        "table": table_id,
        "row": spec["rows"][int(row)],
        "column": spec["columns"][int(column)],
    }
