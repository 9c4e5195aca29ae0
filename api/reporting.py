"""A reporter's system at work: the form's own services (save_draft, check_response, save_explanations,
submit_response) behind the API's rules for input: values in the stored text encoding, refused whole when one
is unknown or invalid, and a write only against the version the writer read (If-Match)."""

from collections.abc import Mapping

from django.utils.translation import gettext as _
from rest_framework import status

from api.problems import ApiProblem, precondition_failed
from questionnaire.values import problem
from surveys.models import Explanation, Response
from surveys.services.entry import checks, drafts, errors, membership, submission
from surveys.services.references import reference_for
from surveys.views.access import Entry

# An invalid value in an API write is refused (a form keeps it as a draft to show it again; a system has nothing
# to show it on, and would only learn of it later at submission).
UNPROCESSABLE = status.HTTP_422_UNPROCESSABLE_ENTITY


def finding_document(finding: checks.Finding) -> dict:
    return {
        "kind": finding.kind,
        "severity": finding.severity,
        "variables": list(finding.variables),
        "message": str(finding.message),
        "section_id": finding.section_id,
        "rule_id": finding.rule_id,
        "explanation": finding.explanation,
        "blocks": finding.blocks,
    }


def findings(entry: Entry) -> list[dict]:
    check = checks.check_response(entry.response, explanations=entry.explanations)
    return [finding_document(f) for f in check.findings]


def _refuse(kind: str, title: str, errors: list[dict], code: int = UNPROCESSABLE):
    detail = "; ".join(f"{e['name']}: {e['detail']}" for e in errors)
    raise ApiProblem(code, kind, title, detail, errors=errors)


def _checked_texts(entry: Entry, values: Mapping[str, str | None]) -> dict[str, str]:
    questionnaire = entry.survey.questionnaire
    unknown = [{"name": var, "detail": _("Ukjent variabel.")} for var in values if var not in questionnaire.variables]
    if unknown:
        _refuse("unknown-variables", _("Ukjente variabler"), unknown)
    texts = {var: "" if text is None else text for var, text in values.items()}
    numbers = frozenset(reference_for(entry.municipality).populations) or None
    invalid = [
        {"name": var, "detail": reason}
        for var, text in texts.items()
        if text and (reason := problem(questionnaire.variables[var], text, numbers))
    ]
    if invalid:
        _refuse("invalid-values", _("Ugyldige verdier"), invalid)
    return texts


def patch_values(entry: Entry, values: Mapping[str, str | None], *, user, client: str, if_match: int) -> Response:
    """Save `values` (variable id -> text; '' or None clears) into the entry's response, which the caller read
    locked in its transaction: section by section through the form's save_draft, with the same routing, change log
    and rules. Refused whole when a value is unknown, invalid, in a section the member may not edit, or when the
    response moved past `if_match`."""
    texts = _checked_texts(entry, values)
    questionnaire = entry.survey.questionnaire
    response = entry.response
    if not membership.is_editable(response):
        raise ApiProblem(
            status.HTTP_409_CONFLICT,
            "response-locked",
            _("Skjemaet kan ikke endres nå"),
            _("Skjemaet er sendt inn og kan ikke endres nå."),
        )
    by_section: dict[str, dict[str, str]] = {}
    for var, text in texts.items():
        by_section.setdefault(questionnaire.variables[var].section_id, {})[var] = text
    sections = {s.id: s for s in questionnaire.sections}
    refused = [
        {"name": var, "detail": _("Du har ikke tilgang til å endre denne delen.")}
        for section_id, part in by_section.items()
        if not membership.may_edit_section(entry.membership, sections[section_id])
        for var in part
    ]
    if refused:
        _refuse("part-not-allowed", _("Ingen tilgang til delen"), refused, status.HTTP_403_FORBIDDEN)
    if response.version != if_match:
        raise precondition_failed(response.version)
    for section in questionnaire.sections:  # in the questionnaire's order
        if section.id not in by_section:
            continue
        response = drafts.save_draft(
            response,
            entry.membership,
            section,
            by_section[section.id],
            user=user,
            base=dict(response.raw_values),
            expected_version=response.version,
            locked=True,
            has_corrections=entry.has_corrections,
            client=client,
        )
    entry.response = response
    return response


def explain(entry: Entry, items: list[dict], *, user) -> None:
    """Store explanations of rule hits, named by rule id and variables as the findings name them."""
    check = checks.check_response(entry.response, explanations=entry.explanations)
    hits = {f.key for f in check.findings if f.kind == "rule"}
    texts = {Explanation.key_of(item["rule_id"], "|".join(item["variables"])): item["text"] for item in items}
    unknown = [{"name": key, "detail": _("Ingen slik regeltreff i svaret.")} for key in texts if key not in hits]
    if unknown:
        _refuse("unknown-findings", _("Ukjente regeltreff"), unknown)
    try:
        drafts.save_explanations(entry.response, entry.membership, check, texts, user=user)
    except errors.EntryError as exc:
        raise ApiProblem(
            status.HTTP_409_CONFLICT, "response-locked", _("Skjemaet kan ikke endres nå"), str(exc)
        ) from None


def submit(entry: Entry, *, user) -> Response:
    if not membership.may_submit(entry.membership):
        raise ApiProblem(
            status.HTTP_403_FORBIDDEN,
            "forbidden",
            _("Ingen tilgang"),
            _("Bare medlemmer med tilgang til hele skjemaet kan sende inn."),
        )
    try:
        return submission.submit_response(entry.response, entry.membership, user=user)
    except errors.SubmitBlocked as exc:
        blocking = checks.check_response(entry.response, explanations=entry.explanations).blocking()
        raise ApiProblem(
            status.HTTP_409_CONFLICT,
            "submit-blocked",
            _("Skjemaet kan ikke sendes inn"),
            str(exc),
            findings=[finding_document(f) for f in blocking],
        ) from None
    except errors.EntryError as exc:
        raise ApiProblem(
            status.HTTP_409_CONFLICT, "response-locked", _("Skjemaet kan ikke sendes inn nå"), str(exc)
        ) from None
