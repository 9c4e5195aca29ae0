"""The rule vectors (tests/validation/rule_vectors.yaml) through the form: POST the values section by section,
read the hits the check page shows, and compare with run_unit_rules on the same values (the batch path).

A browser cannot post a grid row of explicit '0's that nobody ticked (an untouched row is stored blank: "not
answered"); for those few vectors the form's stored values differ from the vector's, and the form's hits are
compared with the batch path on what the form stored instead."""

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from django.urls import reverse

from kostra.reference.models import Municipality
from questionnaire.rules.registry import INFO, make_values, run_unit_rules
from surveys.models import Membership, Response
from surveys.services.references import reference_for
from tests.surveys.test_reporter_support import post_section

VECTORS = Path(__file__).parents[1] / "validation" / "rule_vectors.yaml"
_FINDING = re.compile(r'data-rule-id="([^"]+)" data-severity="(\w+)" data-variables="([^"]*)"')


def _vectors():
    if not VECTORS.exists():
        return []
    return yaml.safe_load(VECTORS.read_text(encoding="utf-8"))


def _case_id(case):
    return f"{case['rule']}-{case['expect']}"


def _municipality(case) -> str:
    return str(case["kommune"])


def _post_everything(client, questionnaire, number, values):
    """Unticked parts are read-only in the form, so every part is opened first and 2-4 is set last."""
    by_section = {}
    for var, text in values.items():
        by_section.setdefault(questionnaire.variables[var].section_id, {})[var] = str(text)
    post_section(client, questionnaire, number, "s2_4", {"s24_legevakt_parts": "A|B|C|D"}, keep=False)
    for section in questionnaire.sections:
        if section.id != "s2_4" and section.id in by_section:
            post_section(client, questionnaire, number, section.id, by_section[section.id], keep=False)
    final = by_section.get("s2_4", {"s24_legevakt_parts": ""})
    post_section(client, questionnaire, number, "s2_4", final, keep=False)


@pytest.mark.skipif(not VECTORS.exists(), reason="tests/validation/rule_vectors.yaml is not written yet")
@pytest.mark.parametrize("case", _vectors(), ids=_case_id)
def test_form_shows_the_same_hits_as_the_batch_path(client, django_user_model, survey_2021, questionnaire, case):
    number = _municipality(case)
    user = django_user_model.objects.create_user("vector", password="pw-for-tests-123")
    Membership.objects.create(user=user, municipality_number=number)
    client.force_login(user)
    values = {k: "" if v is None else str(v) for k, v in (case.get("values") or {}).items()}
    _post_everything(client, questionnaire, number, values)
    html = client.get(reverse("surveys:check", args=(2021, number))).content.decode()
    shown = Counter(
        (rule_id, severity, variables) for rule_id, severity, variables in _FINDING.findall(html) if rule_id
    )
    ref = reference_for(Municipality.objects.get(year=2021, number=number))
    saved = Response.objects.get(municipality__number=number).raw_values
    answered = {k: v for k, v in values.items() if v != ""}
    if saved != answered:  # only an untouched row of '0's may differ
        differing = {k for k in saved.keys() ^ answered.keys()} | {k for k in saved if saved[k] != answered.get(k)}
        assert all(questionnaire.variables[k].type == "checkbox" and values.get(k, "0") == "0" for k in differing)
    batch = Counter(
        (h.rule_id, h.severity, "|".join(h.variables))
        for h in run_unit_rules(make_values(questionnaire, saved), ref)
        if h.severity != INFO
    )
    assert shown == batch
    if saved == answered:
        assert shown == Counter(
            (h.rule_id, h.severity, "|".join(h.variables))
            for h in run_unit_rules(make_values(questionnaire, values), ref)
            if h.severity != INFO
        )
