"""What the editors' pages show: rules with their open flags, a rule's flags with the respondents'
explanations."""

from collections import Counter

from django.db.models import Count

from questionnaire.rules.registry import Rule, all_rules
from surveys.models import Explanation, Survey
from validation.models import Flag, RuleRun


def rules_with_counts(survey: Survey | None) -> list[tuple[Rule, dict[str, int]]]:
    """Every registered rule with its open flags of the year counted by severity (error, warning, info)."""
    counts: dict[str, Counter] = {}
    if survey is not None:
        rows = (
            Flag.objects.filter(response__survey=survey, status=Flag.Status.OPEN)
            .values_list("rule_id", "severity")
            .annotate(n=Count("id"))
        )
        for rule_id, severity, n in rows:
            counts.setdefault(rule_id, Counter())[severity] = n
    order = {"error": 0, "warning": 1, "info": 2}
    return [(r, dict(sorted(counts.get(r.id, Counter()).items(), key=lambda i: order[i[0]]))) for r in all_rules()]


def flags_for_rule(survey: Survey, rule_id: str, status: str | None = None) -> list[Flag]:
    """A rule's flags of the year, highest score first, each with `.explanation` (the respondent's, or None)."""
    flags = Flag.objects.filter(response__survey=survey, rule_id=rule_id).select_related(
        "response__municipality", "status_by"
    )
    if status:
        flags = flags.filter(status=status)
    flags = list(flags.order_by("-score", "response__municipality__number", "variables"))
    explanations = {
        (e.response_id, e.variables): e
        for e in Explanation.objects.filter(response__in={f.response_id for f in flags}, rule_id=rule_id)
    }
    for flag in flags:
        flag.explanation = explanations.get((flag.response_id, flag.variables))
    return flags


def recent_runs(survey: Survey | None, limit: int = 5) -> list[RuleRun]:
    if survey is None:
        return []
    return list(RuleRun.objects.filter(survey=survey, scope=RuleRun.Scope.YEAR)[:limit])
