"""The selective-editing score: suspicion x impact per flag, and a response's global score (docs/rules.md,
"Selective editing"). Pure arithmetic; the parameters are named here and documented there."""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from questionnaire.rules.registry import ERROR, INFO, WARNING

# Prior probability that a hit marks a wrong value, by the hit's severity.
SEVERITY_PRIOR = {ERROR: 0.9, WARNING: 0.5, INFO: 0.2}
# Share of responses expected to carry one kind of real error. A rule that fires on many more responses than
# that cannot be right about most of them: its precision is at most EXPECTED_ERROR_RATE / hit rate.
EXPECTED_ERROR_RATE = 0.02
# The hit rate is shrunk towards EXPECTED_ERROR_RATE as if this many more responses had been seen at that rate, so
# that a rule firing on 2 of 3 responses of a small year is not judged as if it fired on 2 of 3 of a full one.
HIT_RATE_PRIOR_RESPONSES = 50
# Weight (in decided flags) of that estimate against what editors concluded about the rule's earlier flags.
HISTORY_WEIGHT = 10
# A warning the reporter explained is less likely to be wrong.
EXPLAINED_FACTOR = 0.3
# A number close to its expected value is less suspect: full suspicion at EXTREME_RATIO times off (or more),
# half at the expected value itself.
EXTREME_RATIO = 10
# Relative change of a published cell that counts as one more "cell's worth" of impact.
TOLERANCE = 0.01


@dataclass(frozen=True)
class RuleRecord:
    """What is known about a rule: how often it fires this year, and what editors decided about its flags."""

    hits: int = 0  # responses of the year with a flag of the rule
    responses: int = 0  # responses of the year
    real: int = 0  # flags closed because the value was corrected
    false_alarms: int = 0  # flags confirmed as right or dismissed


def rule_precision(record: RuleRecord) -> float:
    """Estimated share of the rule's flags that mark a wrong value."""
    m = HIT_RATE_PRIOR_RESPONSES
    hit_rate = (record.hits + EXPECTED_ERROR_RATE * m) / (record.responses + m)
    prior = min(1.0, EXPECTED_ERROR_RATE / hit_rate)
    decided = record.real + record.false_alarms
    return (HISTORY_WEIGHT * prior + record.real) / (HISTORY_WEIGHT + decided)


def extremity(seen: float | None, expected: float | None) -> float:
    """1 for a blank, negative or far-off value; 0.5 for a value at its expected value."""
    if seen is None or expected is None or seen < 0 or expected <= 0:
        return 1.0
    ratio = abs(math.log((abs(seen) + 1) / (expected + 1))) / math.log(EXTREME_RATIO)
    return 0.5 + 0.5 * min(1.0, ratio)


def suspicion(severity: str, record: RuleRecord, *, explained: bool = False, extreme: float = 1.0) -> float:
    """How likely the flagged value is wrong (0-1)."""
    value = SEVERITY_PRIOR.get(severity, SEVERITY_PRIOR[INFO]) * rule_precision(record) * extreme
    return value * (EXPLAINED_FACTOR if explained else 1.0)


def impact(cells: Mapping[object, float]) -> float:
    """How far a fix moves the published tables: over the cells it moves, the largest of
    1 + ln(1 + |change relative to the cell| / TOLERANCE); 0 if it moves none."""
    return max((1 + math.log1p(abs(change) / TOLERANCE) for change in cells.values()), default=0.0)


def flag_score(suspicion_value: float, impact_value: float) -> float:
    return round(100 * suspicion_value * impact_value, 2)


def global_score(scores: Iterable[float]) -> float:
    """A response's priority: the sum of its open flags' scores (expected published cells its editing fixes)."""
    return round(sum(scores), 2)
