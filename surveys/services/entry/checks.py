"""Entry checks: invalid values, missing required answers and the unit rules' hits, per response or section."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from questionnaire.rules.registry import (
    ERROR,
    INFO,
    WARNING,
    Reference,
    make_values,
    run_unit_rules,
)
from questionnaire.schema import Questionnaire, Section
from questionnaire.values import problem
from surveys.models import Explanation, Response
from surveys.services.reading import decoded
from surveys.services.references import reference_for

# Answers the spec marks "required" (section 6: "answer required", "exactly one option", "at least one option
# must be ticked", "required when shown"); each counts only while its question is shown.
REQUIRED_WHEN_SHOWN = frozenset(
    {
        "s24_legevakt_parts",
        "a_variant",
        "a_fast_ansatte_used",
        "a_fastleger_used",
        "a_andre_leger_used",
        "a_sykepleiere_used",
        "a_annet_helsepersonell_used",
        "b_fast_ansatte_used",
        "b_fastleger_used",
        "b_andre_leger_used",
        "b_sykepleiere_used",
        "b_annet_helsepersonell_used",
        "b_participant_contribution_other_text",
        "c_fast_ansatte_used",
        "c_fastleger_used",
        "c_andre_leger_used",
        "c_sykepleiere_used",
        "c_annet_helsepersonell_used",
    }
)

NOT_STARTED, HAS_ERRORS, HAS_WARNINGS, COMPLETE, NOT_APPLICABLE = (
    "not_started",
    "has_errors",
    "has_warnings",
    "complete",
    "not_applicable",
)
STATE_LABELS = {
    NOT_STARTED: gettext_lazy("Ikke påbegynt"),
    HAS_ERRORS: gettext_lazy("Har feil"),
    HAS_WARNINGS: gettext_lazy("Har advarsler"),
    COMPLETE: gettext_lazy("Ferdig"),
    NOT_APPLICABLE: gettext_lazy("Ikke aktuell"),
}


@dataclass(frozen=True)
class Finding:
    """Something the reporter should see: an invalid value, a missing answer, or a rule hit."""

    kind: str  # invalid, missing, rule
    severity: str  # error or warning
    variables: tuple[str, ...]
    message: str
    section_id: str | None
    rule_id: str = ""
    explanation: str = ""

    @property
    def key(self) -> str:
        """Identifies a rule hit for its explanation (rule id and variables, as Explanation stores them)."""
        return Explanation.key_of(self.rule_id, "|".join(self.variables))

    @property
    def resolved(self) -> bool:
        return self.kind == "rule" and bool(self.explanation.strip())

    @property
    def blocks(self) -> bool:
        return not self.resolved


@dataclass
class EntryCheck:
    questionnaire: Questionnaire
    texts: Mapping[str, str]
    decoded: Mapping[str, Any]
    shown: frozenset[str]
    findings: list[Finding] = field(default_factory=list)

    def for_section(self, section_id: str) -> list[Finding]:
        return [f for f in self.findings if f.section_id == section_id]

    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.blocks]

    def section_shown(self, section: Section) -> bool:
        return any(v in self.shown for v in section.variable_ids)

    def state(self, section: Section) -> str:
        if not self.section_shown(section):
            return NOT_APPLICABLE
        own = [f for f in self.for_section(section.id) if f.blocks]
        if any(f.severity == ERROR for f in own):
            return HAS_ERRORS
        if own:
            return HAS_WARNINGS
        started = any(self.texts.get(v, "") != "" for v in section.variable_ids)
        return COMPLETE if started else NOT_STARTED


def section_of(questionnaire: Questionnaire, var: str) -> str | None:
    if var in questionnaire.variables:
        return questionnaire.variables[var].section_id
    if var in questionnaire.questions:
        return questionnaire.questions[var].section_id
    return None


def rule_hits(questionnaire: Questionnaire, texts: Mapping[str, str], ref: Reference):
    """The unit rules' hits a reporter sees: the same rule objects as the batch run, info left out."""
    return [h for h in run_unit_rules(make_values(questionnaire, texts), ref) if h.severity != INFO]


def check_response(
    response: Response,
    texts: Mapping[str, str] | None = None,
    ref=None,
    *,
    section: str | None = None,
    explanations: Mapping[str, str] | None = None,
) -> EntryCheck:
    """Validity, required answers and unit rules over all values; hidden answers count as blank.

    With `section` (an id) the findings are only that section's (the routing is still the whole response's).
    `explanations`: the response's, as read with it (read_entry); None reads them when a rule hits."""
    questionnaire = response.survey.questionnaire
    texts = dict(response.raw_values if texts is None else texts)
    values = decoded(questionnaire, texts)
    check = EntryCheck(questionnaire, texts, values, questionnaire.shown(values))
    ref = ref or reference_for(response.municipality)
    numbers = frozenset(ref.populations) or None
    problems = {
        var_id: reason
        for var_id, text in texts.items()
        if text
        and var_id in questionnaire.variables
        and (reason := problem(questionnaire.variables[var_id], text, numbers))
    }
    for var_id in questionnaire.variables:
        if var_id not in check.shown:
            continue
        text = texts.get(var_id, "")
        own = questionnaire.variables[var_id].section_id
        if section is not None and own != section:
            continue
        if var_id in problems:
            check.findings.append(Finding("invalid", ERROR, (var_id,), problems[var_id], own))
        elif not text and var_id in REQUIRED_WHEN_SHOWN:
            check.findings.append(Finding("missing", ERROR, (var_id,), _("Svar mangler."), own))
    valid = {var_id: text for var_id, text in texts.items() if var_id not in problems}  # a draft's invalid value
    located = [
        (hit, next((s for s in (section_of(questionnaire, v) for v in hit.variables) if s), None))
        for hit in rule_hits(questionnaire, valid, ref)  # an invalid value counts as blank for the rules
    ]
    if section is not None:
        located = [(hit, own) for hit, own in located if own == section]
    if located and explanations is None:
        explanations = _explanations(response)
    for hit, own in located:
        key = Explanation.key_of(hit.rule_id, "|".join(hit.variables))
        check.findings.append(
            Finding(
                "rule",
                hit.severity if hit.severity in (ERROR, WARNING) else WARNING,
                tuple(hit.variables),
                hit.message,
                own,
                rule_id=hit.rule_id,
                explanation=explanations.get(key, ""),
            )
        )
    return check


def _explanations(response: Response) -> dict[str, str]:
    if response.pk is None:
        return {}
    rows = Explanation.objects.filter(response_id=response.pk).values_list("rule_id", "variables", "text")
    return {Explanation.key_of(rule_id, variables): text for rule_id, variables, text in rows}
