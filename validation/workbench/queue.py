"""The work queue: submitted responses with open flags, most suspicious first.

Ranking: by default a response's score is the **highest** score of its open flags, ties broken by the sum. One
1000-error in a large municipality (a big impact on the tables) then comes before a response with a dozen small
warnings, which the sum would put first; `sort=sum` ranks by the sum instead. With a rule or severity filter
only the matching open flags count.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Sum
from django.db.models.fields.json import KeyTextTransform

from kostra.reference.groups import SIZE_GROUPS
from questionnaire.rules.ids import PARTS
from surveys.models import Correction, Response, Survey
from validation.models import Flag

ANY_EDITOR, NO_EDITOR, ME = "", "none", "me"
SORTS = ("max", "sum")


@dataclass(frozen=True)
class QueueFilters:
    rule: str = ""
    severity: str = ""
    part: str = ""  # A-E: the response reports that part (edited 2-4)
    size: int | None = None  # index into SIZE_GROUPS
    centrality: int | None = None
    county: str = ""
    editing_status: str = ""
    editor: str = ANY_EDITOR  # "", "none", "me" or a user id
    sort: str = "max"
    everything: bool = False  # also submitted responses without open flags


def _open_flags(filters: QueueFilters) -> Q:
    """The flags that count, as a condition on Response.flags."""
    condition = Q(flags__status=Flag.Status.OPEN)
    if filters.rule:
        condition &= Q(flags__rule_id=filters.rule)
    if filters.severity:
        condition &= Q(flags__severity=filters.severity)
    return condition


def _reports_part(part: str) -> Q:
    """The response ticks `part` in 2-4, judged on edited values (an active correction wins over the raw one)."""
    corrections = Correction.objects.filter(response=OuterRef("pk"), variable=PARTS, superseded_at__isnull=True)
    corrected_with = corrections.filter(value__contains=part)
    return Q(Exists(corrected_with)) | (Q(raw_parts__contains=part) & ~Q(Exists(corrections)))


def _base(survey: Survey, filters: QueueFilters, user) -> QuerySet:
    """Submitted responses matching every filter but the editing status, annotated with their scores."""
    responses = survey.responses.filter(first_submitted_at__isnull=False).select_related(
        "municipality", "assigned_editor"
    )
    if filters.part:
        responses = responses.annotate(raw_parts=KeyTextTransform(PARTS, "raw_values")).filter(
            _reports_part(filters.part)
        )
    if filters.size is not None and 0 <= filters.size < len(SIZE_GROUPS):
        responses = responses.filter(municipality__population__gte=SIZE_GROUPS[filters.size][0])
        if filters.size + 1 < len(SIZE_GROUPS):
            responses = responses.filter(municipality__population__lt=SIZE_GROUPS[filters.size + 1][0])
    if filters.centrality is not None:
        responses = responses.filter(municipality__centrality_class=filters.centrality)
    if filters.county:
        responses = responses.filter(municipality__county_number=filters.county)
    if filters.editor == NO_EDITOR:
        responses = responses.filter(assigned_editor__isnull=True)
    elif filters.editor == ME:
        responses = responses.filter(assigned_editor=user)
    elif filters.editor.isdigit():
        responses = responses.filter(assigned_editor_id=int(filters.editor))
    counted = _open_flags(filters)
    responses = responses.annotate(
        top_score=Max("flags__score", filter=counted),
        total_score=Sum("flags__score", filter=counted),
        open_count=Count("flags", filter=counted),
    )
    if not filters.everything:
        responses = responses.filter(open_count__gt=0)
    return responses


def work_queue(survey: Survey, filters: QueueFilters, user) -> QuerySet:
    """The ranked queue of `survey` under `filters` (`user` is who "me" means)."""
    responses = _base(survey, filters, user)
    if filters.editing_status:
        responses = responses.filter(editing_status=filters.editing_status)
    first, second = ("total_score", "top_score") if filters.sort == "sum" else ("top_score", "total_score")
    return responses.order_by(F(first).desc(nulls_last=True), F(second).desc(nulls_last=True), "municipality__number")


def status_counts(survey: Survey, filters: QueueFilters, user) -> dict[str, int]:
    """Editing status -> number of responses in the queue under every filter but the editing status."""
    rows = _base(survey, filters, user).order_by().values_list("editing_status", flat=True)
    counts = dict.fromkeys(Response.EditingStatus.values, 0)
    for status in rows:
        counts[status] = counts.get(status, 0) + 1
    return counts


def top_flags(responses, filters: QueueFilters) -> dict[int, Flag]:
    """The highest-score counted open flag of each of `responses` (a page of the queue)."""
    flags = Flag.objects.filter(response__in=[r.pk for r in responses], status=Flag.Status.OPEN)
    if filters.rule:
        flags = flags.filter(rule_id=filters.rule)
    if filters.severity:
        flags = flags.filter(severity=filters.severity)
    best: dict[int, Flag] = {}
    for flag in flags.order_by("response_id", "-score", "id"):
        best.setdefault(flag.response_id, flag)
    return best
