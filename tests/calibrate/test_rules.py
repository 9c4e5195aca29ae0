"""Every editing rule over the calibrated year (in memory, through the registry): the edited year breaks no hard
rule of the questionnaire, and its only error findings are the values an editor confirmed (confirmations.csv);
every error finding of the raw year was followed up (corrected or confirmed)."""

import csv
from pathlib import Path

import pytest

from questionnaire.rules.registry import ERROR, YearData, make_references, make_values
from questionnaire.values import decode_all, problem
from surveys.services.entry.checks import REQUIRED_WHEN_SHOWN
from tests.calibrate.conftest import read
from validation.services import evaluate

REGISTER = Path(__file__).resolve().parents[2] / "fixtures" / "kommuner_2021.csv"


def _year(questionnaire, rows: dict[str, dict]) -> YearData:
    with REGISTER.open(encoding="utf-8") as handle:
        register = [
            (r["kommunenummer"], int(r["innbyggere"]), int(r["sentralitet_klasse"])) for r in csv.DictReader(handle)
        ]
    values = {n: make_values(questionnaire, {k: v for k, v in row.items() if v}) for n, row in rows.items()}
    return YearData(2021, values, make_references(register))


@pytest.fixture(scope="module")
def edited_errors(questionnaire, edited):
    return [h for h in evaluate(_year(questionnaire, edited)) if h.severity == ERROR]


def test_edited_year_breaks_no_hard_rule(questionnaire, edited):
    numbers = frozenset(edited)
    for number, row in edited.items():
        texts = {k: v for k, v in row.items() if v}
        shown = questionnaire.shown(decode_all(questionnaire.variables, texts))
        assert set(texts) <= shown, number
        assert not [v for v in REQUIRED_WHEN_SHOWN if v in shown and v not in texts], number
        for var_id, text in texts.items():
            assert problem(questionnaire.variables[var_id], text, numbers) is None, (number, var_id, text)


def test_only_confirmed_errors_remain(edited_errors):
    confirmed = {(r["kommunenummer"], r["rule"], r["variable"]) for r in read("confirmations.csv")}
    for hit in edited_errors:
        assert any((hit.kommunenummer, hit.rule_id, var) in confirmed for var in hit.variables), hit
    # ... and every confirmation is of a value a rule still flags (none is stale).
    flagged = {(h.kommunenummer, h.rule_id, var) for h in edited_errors for var in h.variables}
    assert confirmed <= flagged


def test_raw_errors_were_followed_up(questionnaire, raw):
    corrected = {(c["kommunenummer"], c["variable"]) for c in read("corrections.csv")}
    confirmed = {c["kommunenummer"] for c in read("contacts.csv") if c["topic"] == "confirmation"}
    errors = [h for h in evaluate(_year(questionnaire, raw)) if h.severity == ERROR]
    assert errors
    for hit in errors:
        assert hit.kommunenummer in confirmed or any((hit.kommunenummer, v) in corrected for v in hit.variables), hit


def test_raw_link_mismatches_were_corrected(questionnaire, raw):
    corrected = {c["kommunenummer"] for c in read("corrections.csv") if c["variable"] == "b_participant_kommune_ids"}
    hits = [h for h in evaluate(_year(questionnaire, raw)) if h.rule_id in ("LV-04", "LV-05")]
    assert corrected and hits
    for hit in hits:
        assert corrected & {hit.kommunenummer, *hit.related}, hit
