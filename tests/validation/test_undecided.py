"""A rule that raises is an undecided outcome: logged, counted per rule on the rules page, shown to editors with
its error; never a broken page or run, and the flags it had stay as they were."""

import logging

import pytest
from django.urls import reverse

from questionnaire.rules import registry
from questionnaire.rules.registry import ERROR, Hit, Rule, Undecided, make_values, run_unit_rules
from validation.models import Flag, UndecidedOutcome
from validation.services import run_year_sync
from validation.services.outcomes import outcomes_of


def _broken_on(number: str):
    """A unit rule that hits 1875 and raises on `number` (as a rule with a bug for one kind of answer would)."""

    def check(values, ref):
        if ref.kommunenummer == number:
            raise ZeroDivisionError("division by zero")
        if ref.kommunenummer == "1875":
            yield Hit(("c_net_operating_cost",), ERROR, "test hit")

    return Rule("TEST-99", "test rule", ERROR, ("c_net_operating_cost",), check)


@pytest.fixture
def broken_rule(monkeypatch):
    def install(number: str) -> Rule:
        rule = _broken_on(number)
        monkeypatch.setitem(registry._REGISTRY, rule.id, rule)
        return rule

    return install


def test_a_rule_that_raises_is_undecided_and_logged(broken_rule, q2021, references, caplog):
    broken_rule("1851")
    undecided = []
    with caplog.at_level(logging.ERROR, logger="questionnaire.rules.registry"):
        hits = run_unit_rules(make_values(q2021, {"s24_legevakt_parts": "C"}), references["1851"], undecided=undecided)
    assert undecided == [Undecided("TEST-99", "ZeroDivisionError: division by zero")]
    assert "TEST-99" in caplog.text
    assert all(h.rule_id != "TEST-99" for h in hits)
    assert any(h.rule_id == "EQ-07" for h in hits)  # the other rules still decide


def test_a_year_run_counts_pass_fail_and_undecided_per_rule(broken_rule, submitted):
    submitted("1851", s24_legevakt_parts="C")
    submitted("1875", s24_legevakt_parts="C")
    submitted("1804", s24_legevakt_parts="C")
    broken_rule("1851")
    run = run_year_sync(submitted("4601", s24_legevakt_parts="C").survey)
    assert run.status == "finished"
    assert outcomes_of(run)["TEST-99"] == {"pass": 2, "fail": 1, "undecided": 1}
    assert sum(outcomes_of(run)["EQ-06"].values()) == 4
    [kept] = UndecidedOutcome.objects.filter(run=run)
    assert (kept.rule_id, kept.kommunenummer, kept.error) == ("TEST-99", "1851", "ZeroDivisionError: division by zero")


def test_an_undecided_rule_leaves_the_flags_it_had(broken_rule, submitted):
    survey = submitted("1875", s24_legevakt_parts="C").survey
    broken_rule("1851")
    run_year_sync(survey)
    assert Flag.objects.filter(rule_id="TEST-99", status="open").count() == 1
    broken_rule("1875")  # now it raises where it hit
    run_year_sync(survey)
    assert Flag.objects.get(rule_id="TEST-99").status == "open"  # not closed as "no longer hits"


def test_the_rules_page_shows_the_counts_and_the_error(broken_rule, submitted, client, editor):
    survey = submitted("1851", s24_legevakt_parts="C").survey
    broken_rule("1851")
    run_year_sync(survey)
    client.force_login(editor)
    html = client.get(reverse("validation:rules")).content.decode()
    assert "0 / 0 / <strong>1</strong>" in html
    assert "ZeroDivisionError: division by zero" in html


def test_a_section_page_stands_when_a_rule_raises(broken_rule, client, reporter, kommune):
    broken_rule(kommune.number)
    client.force_login(reporter)
    page = client.get(reverse("surveys:section", args=[2021, kommune.number, "s2_4"]))
    assert page.status_code == 200
