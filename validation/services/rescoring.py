"""Scoring the open flags of a survey year for selective editing, after a run of the rules (docs/rules.md,
"Selective editing"): reads the year once, scores every open flag (selective.py), writes `Flag.score` and each
flag's `FlagImpact`."""

from django.db import transaction
from django.db.models import Count, Q

from surveys.models import EditorCode, Explanation, Survey
from surveys.tables.data import register_frame
from validation.models import Flag
from validation.selective.models import FlagImpact
from validation.services.evaluation import edited_texts
from validation.services.selective import FlagToScore, score_flags


def rule_history() -> dict[str, tuple[int, int]]:
    """rule id -> (flags closed by a correction, flags confirmed as right or dismissed), over every year."""
    rows = Flag.objects.values("rule_id").annotate(
        real=Count("id", filter=Q(status=Flag.Status.CORRECTED)),
        false_alarms=Count("id", filter=Q(status__in=(Flag.Status.CONFIRMED, Flag.Status.DISMISSED))),
    )
    return {row["rule_id"]: (row["real"], row["false_alarms"]) for row in rows}


def rescore_year(survey: Survey) -> int:
    """Score every open flag of the year's submitted responses; returns the number of flags scored."""
    submitted = survey.responses.filter(first_submitted_at__isnull=False)
    pks, texts = edited_texts(survey, ids=submitted.values_list("pk", flat=True))
    numbers = {pk: number for number, pk in pks.items()}
    current = Flag.objects.filter(response__in=list(numbers)).exclude(status=Flag.Status.CORRECTED)
    explained = set(
        Explanation.objects.filter(response__in=list(numbers)).values_list("response_id", "rule_id", "variables")
    )
    flags, open_ids = [], set()
    for flag in current.only("pk", "response_id", "rule_id", "severity", "variables", "seen", "suggestion", "status"):
        if flag.status == Flag.Status.OPEN:
            open_ids.add(flag.pk)
        flags.append(
            FlagToScore(
                flag.pk,
                numbers[flag.response_id],
                flag.rule_id,
                flag.severity,
                tuple(flag.variable_list),
                flag.seen or {},
                flag.suggestion or {},
                (flag.response_id, flag.rule_id, flag.variables) in explained,
            )
        )
    if not open_ids:
        return 0
    codes = EditorCode.objects.filter(response__in=list(numbers)).values_list(
        "response__municipality__number", "variable", "code"
    )
    # Every current flag counts for its rule's hit rate; only the open ones need a score.
    scored = score_flags(
        survey.questionnaire,
        texts,
        register_frame(survey.year),
        flags,
        history=rule_history(),
        codes=list(codes),
        only=open_ids,
    )
    with transaction.atomic():
        locked = {f.pk: f for f in Flag.objects.select_for_update().filter(pk__in=scored)}
        for pk, result in scored.items():
            if pk in locked:
                locked[pk].score = result.score
        Flag.objects.bulk_update(locked.values(), ["score"], batch_size=500)
        FlagImpact.objects.filter(flag__in=list(locked)).delete()
        FlagImpact.objects.bulk_create(
            [
                FlagImpact(flag_id=pk, suspicion=r.suspicion, impact=r.impact, cells=dict(r.cells))
                for pk, r in scored.items()
                if pk in locked
            ],
            batch_size=500,
        )
    return len(locked)
