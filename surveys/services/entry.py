"""The reporter's side: who may do what, entry checks, saving drafts, explanations, submission and invitations.

Every function takes the acting user; views turn the domain errors raised here into messages.
"""

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kostra.reference.models import Municipality
from surveys.models import ChangeLog, Correction, Explanation, Membership, Response, SubmissionRound, Survey
from surveys.questionnaire.schema import Questionnaire, Section
from surveys.questionnaire.values import problem
from surveys.services.reading import decoded
from surveys.services.values import StaleVersion, write_raw_changes

# EQ-06's thresholds, so the live hint and the rule agree
from validation.rules.amounts import HOST_ONLY_FACTOR, KR_PER_INHABITANT_MAX, KR_PER_INHABITANT_MIN
from validation.rules.registry import (
    ERROR,
    INFO,
    WARNING,
    Reference,
    make_values,
    run_unit_rules,
)
from validation.services import references_for, schedule_rules_for_response

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
EDITABLE_STATUSES = (Response.Status.IN_PROGRESS, Response.Status.SENT_BACK)

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


class EntryError(Exception):
    """A refused reporter action; the message is shown to the user."""


class ResponseLocked(EntryError):
    pass


class SubmitBlocked(EntryError):
    pass


# -- scope ---------------------------------------------------------------------------------------------------


def memberships(user):
    return Membership.objects.filter(user=user).order_by("municipality_number")


def membership_for(user, municipality_number: str) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, municipality_number=municipality_number).first()


def response_for(survey: Survey, municipality: Municipality) -> Response:
    """The stored response, or an unsaved empty one: a response exists once something is saved."""
    found = Response.objects.filter(survey=survey, municipality=municipality).first()
    if found is None:
        return Response(survey=survey, municipality=municipality)
    found.survey, found.municipality = survey, municipality  # already loaded: no second query for either
    return found


def member_responses(user, survey: Survey) -> list[tuple[Membership, Municipality | None, Response | None]]:
    """The user's municipalities in `survey`'s year with their responses (None where nothing is saved yet)."""
    own = list(memberships(user))
    numbers = [m.municipality_number for m in own]
    places = {m.number: m for m in Municipality.objects.filter(year=survey.year, number__in=numbers)}
    responses = {
        r.municipality.number: r
        for r in survey.responses.filter(municipality__number__in=numbers).select_related("municipality")
    }
    return [(m, places.get(m.municipality_number), responses.get(m.municipality_number)) for m in own]


def is_editable(response: Response) -> bool:
    return response.survey.is_open and response.status in EDITABLE_STATUSES


def may_edit_section(membership: Membership, section: Section) -> bool:
    """A member limited to some parts edits only those part sections; 2-2, 2-3 and 2-4 need full access."""
    if not membership.parts:
        return True
    return section.part is not None and membership.allows_part(section.part)


def may_submit(membership: Membership) -> bool:
    return not membership.parts


# -- checks ----------------------------------------------------------------------------------------------------


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


_REFERENCES: dict[int, tuple[float, dict[str, Reference]]] = {}
REFERENCE_SECONDS = 60  # a year's register changes only when it is reloaded; pages may lag that by a minute


def reference_for(municipality: Municipality) -> Reference:
    """What the unit rules know of a municipality besides its answers: the batch run's own reference data,
    kept for a minute per process (every section page needs it; it is the whole year's register)."""
    cached = _REFERENCES.get(municipality.year)
    if cached is None or time.monotonic() - cached[0] > REFERENCE_SECONDS or municipality.number not in cached[1]:
        cached = _REFERENCES[municipality.year] = (time.monotonic(), references_for(municipality.year))
    return cached[1][municipality.number]


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


# -- saving ----------------------------------------------------------------------------------------------------


def resolve_unticked(questionnaire: Questionnaire, stored: Mapping[str, str], posted: Mapping[str, str | None]):
    """Posted values with unticked boxes (None) resolved to '0' (not ticked) or '' (not answered).

    A box is '0' when it had a value, or when it is shown and its grid row was answered (a tick in the row, or
    a stored value). A row nobody touched stays blank, and so does a never-answered box the routing hides:
    saving a page does not invent answers, and the rules can tell "not answered" from "answered no".
    """
    provisional = {var: ("" if text is None else text) for var, text in posted.items()}
    shown = questionnaire.shown(decoded(questionnaire, {**stored, **provisional}))
    answered_rows = {
        _grid_row(questionnaire, var)
        for var, text in posted.items()
        if questionnaire.variables[var].type == "checkbox" and (text is not None or stored.get(var, "") != "")
    }
    out = {}
    for var, text in posted.items():
        if text is None:
            had_value = stored.get(var, "") != ""
            answered = var in shown and _grid_row(questionnaire, var) in answered_rows
            text = "0" if had_value or answered else ""
        out[var] = text
    return out


def own_changes(questionnaire: Questionnaire, stored: Mapping[str, str], posted: Mapping[str, str | None], base):
    """What the reporter changed on a page rendered from `base`, against the `stored` values now.

    A box left unticked that the page showed unticked and never answered is no change of the reporter's: if a
    colleague ticked it meanwhile, the tick stands (resolving it to '0' would undo it, or be a false conflict).
    """
    values = resolve_unticked(questionnaire, stored, posted)
    return {
        var: text
        for var, text in values.items()
        if base.get(var, "") != text and not (posted[var] is None and base.get(var, "") == "" and stored.get(var, ""))
    }


def _grid_row(questionnaire: Questionnaire, var_id: str) -> tuple:
    var = questionnaire.variables[var_id]
    return (var.question_id, var.block, var.row)


def _ensure_saved(response: Response) -> Response:
    if response.pk is None:
        response, _created = Response.objects.get_or_create(survey=response.survey, municipality=response.municipality)
    return response


def save_draft(
    response: Response,
    membership: Membership,
    section: Section,
    posted: Mapping[str, str | None],
    *,
    user,
    base: Mapping[str, str],
    expected_version: int,
    rendered_at: datetime | None = None,
    locked: bool = False,
    has_corrections: bool = True,
) -> Response:
    """Store one section's answers as typed, valid or not; refuse only changes a colleague made meanwhile.

    `base` holds the section's values as the page showed them: only what the reporter changed is written,
    and a change is a conflict (StaleVersion) only where the stored value moved away from `base` too, or where
    an editor corrected the variable since `rendered_at` (the reporter's page never showed that correction).
    `locked`: the caller read `response` with its row locked, in the transaction it is still in;
    `has_corrections=False`: it read under that lock that the response has no active correction to supersede.
    """
    if not is_editable(response):
        raise ResponseLocked(_("Skjemaet er sendt inn og kan ikke endres nå."))
    if not may_edit_section(membership, section):
        raise EntryError(_("Du har ikke tilgang til å endre denne delen."))
    read_locked = locked and response.pk is not None
    response = _ensure_saved(response)
    questionnaire = response.survey.questionnaire
    # Inside a caller's transaction (the section view's) this block needs no savepoint: a failure ends it all.
    with transaction.atomic(savepoint=False):
        row = response if read_locked else _locked_row(response)
        if row.status not in EDITABLE_STATUSES:
            raise ResponseLocked(_("Skjemaet er sendt inn og kan ikke endres nå."))
        changed = own_changes(questionnaire, row.raw_values, posted, base)
        conflicts = {}
        for var, new in changed.items():
            stored = row.raw_values.get(var, "")
            if _moved(questionnaire, var, base.get(var, ""), stored) and stored != new:
                conflicts[var] = (stored, new)
        if row.version != expected_version:
            conflicts.update(_corrected_meanwhile(row, changed, rendered_at))
            if conflicts:
                raise StaleVersion(row, conflicts)
        # The row is locked and checked already: write it here rather than lock and read it again.
        supersede = has_corrections or not read_locked  # a row read here may have corrections
        write_raw_changes(row, changed, user=user, source=ChangeLog.Source.RESPONDENT, may_supersede=supersede)
    return row


def _locked_row(response: Response) -> Response:
    row = Response.objects.select_for_update().get(pk=response.pk)
    row.survey, row.municipality = response.survey, response.municipality  # loaded already: no query for either
    return row


def _moved(questionnaire: Questionnaire, var_id: str, base: str, stored: str) -> bool:
    """Whether a colleague changed the value since the page showed `base`. A box going from blank to '0' is
    only a saved page's "not ticked" in an answered row (resolve_unticked), nobody's choice."""
    if questionnaire.variables[var_id].type == "checkbox":
        return (base or "0") != (stored or "0")
    return base != stored


def _corrected_meanwhile(response: Response, changed: Mapping[str, str], since: datetime | None):
    """variable -> (corrected value, reporter's value) for editor corrections made after the page was rendered."""
    if since is None or not changed:
        return {}
    found = Correction.objects.filter(
        response=response, variable__in=list(changed), superseded_at__isnull=True, created_at__gte=since
    )
    return {c.variable: (c.value, changed[c.variable]) for c in found if c.value != changed[c.variable]}


def last_writers(response: Response, variables) -> dict[str, ChangeLog]:
    """The latest change of each variable, for telling a reporter who saved a conflicting value."""
    latest = {}
    for change in ChangeLog.objects.filter(response=response, variable__in=list(variables)).select_related("user"):
        latest.setdefault(change.variable, change)
    return latest


@transaction.atomic
def save_explanations(response: Response, membership: Membership, check: EntryCheck, texts, *, user) -> int:
    """Store the reporter's explanations of rule hits, all or none; an emptied text removes the explanation."""
    if not is_editable(response):
        raise ResponseLocked(_("Skjemaet er sendt inn og kan ikke endres nå."))
    response = _ensure_saved(response)
    hits = {f.key: f for f in check.findings if f.kind == "rule"}
    sections = {s.id: s for s in check.questionnaire.sections}
    count = 0
    for key, text in texts.items():
        finding = hits.get(key)
        if finding is None or text.strip() == finding.explanation.strip():
            continue
        section = sections.get(finding.section_id)
        if section is not None and not may_edit_section(membership, section):
            continue
        lookup = dict(response=response, rule_id=finding.rule_id, variables="|".join(finding.variables))
        if text.strip():
            Explanation.objects.update_or_create(**lookup, defaults={"text": text.strip(), "user": user})
        else:
            Explanation.objects.filter(**lookup).delete()
        count += 1
    return count


# -- submission ------------------------------------------------------------------------------------------------


def submit_response(response: Response, membership: Membership, *, user) -> Response:
    """Submit: checks pass or are explained; the values are copied to a round; the rules are scheduled."""
    if not may_submit(membership):
        raise SubmitBlocked(_("Bare medlemmer med tilgang til hele skjemaet kan sende inn."))
    if response.pk is None or not is_editable(response):
        raise ResponseLocked(_("Skjemaet kan ikke sendes inn nå."))
    with transaction.atomic():
        locked = Response.objects.select_for_update().select_related("survey", "municipality").get(pk=response.pk)
        if locked.status not in EDITABLE_STATUSES:
            raise ResponseLocked(_("Skjemaet er allerede sendt inn."))
        blocking = check_response(locked).blocking()
        if blocking:
            raise SubmitBlocked(
                _("Skjemaet har %(n)s feil eller advarsler som må rettes eller forklares.") % {"n": len(blocking)}
            )
        now = timezone.now()
        locked.status = Response.Status.SUBMITTED
        locked.submitted_at = now
        locked.first_submitted_at = locked.first_submitted_at or now
        locked.save(update_fields=["status", "submitted_at", "first_submitted_at", "last_changed_at"])
        SubmissionRound.objects.create(
            response=locked,
            number=locked.rounds.count() + 1,
            submitted_by=user,
            values=dict(locked.raw_values),
        )
        schedule_rules_for_response(locked)  # the batch run's flags for editors, once this commits
    return locked


# -- invitations -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitation:
    membership: Membership
    created_user: bool


def invite(inviter: Membership, *, username: str, email: str = "", parts: str = "", user) -> Invitation:
    """The main contact adds a colleague: an existing user by username, or a new user (no password yet)."""
    if not inviter.is_main_contact:
        raise EntryError(_("Bare hovedkontakten kan invitere kolleger."))
    users = get_user_model()
    with transaction.atomic():
        colleague = users.objects.filter(username=username).first()
        created = colleague is None
        if created:
            colleague = users.objects.create_user(username=username, email=email)
            colleague.set_unusable_password()
            colleague.save()
        membership, _new = Membership.objects.update_or_create(
            user=colleague, municipality_number=inviter.municipality_number, defaults={"parts": parts}
        )
    return Invitation(membership, created)


def remove_member(inviter: Membership, membership_id: int) -> None:
    if not inviter.is_main_contact:
        raise EntryError(_("Bare hovedkontakten kan fjerne kolleger."))
    target = Membership.objects.filter(pk=membership_id, municipality_number=inviter.municipality_number).first()
    if target is None or target.pk == inviter.pk:
        raise EntryError(_("Du kan ikke fjerne dette medlemmet."))
    target.delete()


def team(municipality_number: str):
    return Membership.objects.filter(municipality_number=municipality_number).select_related("user")


# -- amounts ---------------------------------------------------------------------------------------------------


# A host's B-8.1 is the whole cooperation's cost: per inhabitant of all its municipalities.
COOPERATION_AMOUNTS = {"b_total_net_operating_cost": "b_participant_kommune_ids"}
# Amounts of arrangements that may cover only part of the day are never "too low" (EQ-06).
PART_DAY_AMOUNTS = {"d_net_operating_cost"}
AMOUNT_TOO_HIGH = gettext_lazy("Uvanlig høyt. Er beløpet oppgitt i kroner i stedet for 1000 kr?")
AMOUNT_TOO_LOW = gettext_lazy("Uvanlig lavt. Er beløpet oppgitt i millioner kroner, eller bare en del av utgiftene?")


@dataclass(frozen=True)
class AmountScale:
    """What an amount in 1000 kr is judged against: inhabitants, EQ-06's high limit, whether "too low" applies."""

    population: int
    high: float
    low: float


def amount_scale(var_id: str, texts: Mapping[str, str], ref: Reference) -> AmountScale:
    """As rule EQ-06 sees it: a host's B-8.1 per inhabitant of the listed cooperation (without a list, the
    host's own inhabitants and a raised limit); a daytime-only Part A or a Part D purchase is never too low."""
    population, high = ref.population, KR_PER_INHABITANT_MAX
    members_var = COOPERATION_AMOUNTS.get(var_id)
    if members_var:
        numbers = {n for n in texts.get(members_var, "").split("|") if n and n != ref.kommunenummer}
        if numbers:
            population += sum(ref.populations.get(n, 0) for n in numbers)
        else:
            high *= HOST_ONLY_FACTOR
    whole_day = var_id not in PART_DAY_AMOUNTS and (
        var_id != "a_net_operating_cost" or texts.get("a_variant") == "ordinaer"
    )
    return AmountScale(population, high, KR_PER_INHABITANT_MIN if whole_day else 0)


def kr_per_inhabitant(text: str, population: int) -> float | None:
    try:
        amount = int(text)
    except ValueError:
        return None
    return amount * 1000 / population if population else None


def amount_warning(per_inhabitant: float | None, scale: AmountScale) -> str:
    """Why a per-inhabitant amount looks implausible ('' when it does not), with EQ-06's thresholds."""
    if per_inhabitant is None:
        return ""
    if per_inhabitant > scale.high:
        return str(AMOUNT_TOO_HIGH)
    if 0 < per_inhabitant < scale.low:
        return str(AMOUNT_TOO_LOW)
    return ""
