"""Saving a section's answers as a draft (only the reporter's own changes, conflicts refused) and the reporter's
explanations of rule hits."""

from collections.abc import Mapping
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from questionnaire.schema import Questionnaire, Section
from surveys.models import ChangeLog, Correction, Explanation, Membership, Response
from surveys.services.entry.checks import EntryCheck
from surveys.services.entry.errors import EntryError, ResponseLocked
from surveys.services.entry.membership import EDITABLE_STATUSES, is_editable, may_edit_section
from surveys.services.reading import decoded
from surveys.services.values import StaleVersion, write_raw_changes


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


def save_explanations(response: Response, membership: Membership, check: EntryCheck, texts, *, user) -> int:
    """Store the reporter's explanations of rule hits; an emptied text removes the explanation."""
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
