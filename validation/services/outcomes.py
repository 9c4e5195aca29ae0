"""What a run decided per rule, as R validate's summary: responses that passed, failed (a hit) or stayed undecided
(the rule raised). Kept in the run's counts as "pass:EQ-06", "fail:EQ-06", "undecided:EQ-06", which add up over
the tasks of a year run; the undecided outcomes' errors are kept for the editors (UndecidedOutcome)."""

from collections import Counter, defaultdict
from collections.abc import Iterable

from questionnaire.rules.registry import Hit, Rule, Undecided
from validation.models import RuleRun, UndecidedOutcome

OUTCOMES = PASS, FAIL, UNDECIDED = ("pass", "fail", "undecided")


def tally(rules: Iterable[Rule], hits: Iterable[Hit], undecided: Iterable[Undecided], numbers: Iterable[str]):
    """Per rule, how many of the responses `numbers` (kommunenummer) passed, failed and were undecided. An
    Undecided without a municipality (a cross-unit rule that raised over the whole year) leaves all undecided."""
    numbers = set(numbers)
    failed, raised = defaultdict(set), defaultdict(set)
    for hit in hits:
        failed[hit.rule_id].add(hit.kommunenummer)
    for outcome in undecided:
        raised[outcome.rule_id].add(outcome.kommunenummer)
    counts: Counter = Counter()
    for rule in rules:
        not_decided = numbers if None in raised[rule.id] else raised[rule.id] & numbers
        hit = (failed[rule.id] & numbers) - not_decided
        counts[f"{UNDECIDED}:{rule.id}"] += len(not_decided)
        counts[f"{FAIL}:{rule.id}"] += len(hit)
        counts[f"{PASS}:{rule.id}"] += len(numbers) - len(not_decided) - len(hit)
    return counts


def record_undecided(run: RuleRun, undecided: Iterable[Undecided]) -> None:
    """Keep the errors of a run's undecided outcomes for the rules page."""
    UndecidedOutcome.objects.bulk_create(
        UndecidedOutcome(run=run, rule_id=u.rule_id, kommunenummer=u.kommunenummer or "", error=u.error[:2000])
        for u in undecided
    )


def outcomes_of(run: RuleRun | None) -> dict[str, dict[str, int]]:
    """rule id -> {"pass": n, "fail": n, "undecided": n} of a finished run (empty without one)."""
    found: dict[str, dict[str, int]] = {}
    for key, n in (run.counts if run is not None else {}).items():
        outcome, _colon, rule_id = key.partition(":")
        if outcome in OUTCOMES and rule_id:
            found.setdefault(rule_id, dict.fromkeys(OUTCOMES, 0))[outcome] = n
    return found
