"""Rule runs at the same moment (threads on PostgreSQL, each its own connection) never duplicate a flag and
never fail on each other's flags."""

import threading

import pytest
from django.conf import settings
from django.db import connection

from surveys.models import Response
from validation.models import Flag, RuleRun
from validation.services import run_rules_for_response, run_year_sync

pytestmark = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), reason="a real race needs PostgreSQL"
)
THOUSAND_ERROR = {"s24_legevakt_parts": "C", "c_net_operating_cost": "1358000", "c_cooperation_types": "omgang"}


def at_once(calls):
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            call()
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_rule_runs_never_duplicate_a_flag(submitted):
    responses = [submitted(number, **THOUSAND_ERROR) for number in ("1851", "1875")]
    survey = responses[0].survey

    def response_run(pk):
        return lambda: run_rules_for_response(Response.objects.select_related("survey", "municipality").get(pk=pk))

    for _round in range(3):
        calls = [response_run(r.pk) for r in responses for _ in range(2)] + [lambda: run_year_sync(survey)]
        errors = at_once(calls)
        assert errors == []
    keys = list(Flag.objects.values_list("response", "rule_id", "variables"))
    assert len(keys) == len(set(keys))
    assert Flag.objects.filter(rule_id="EQ-06", variables="c_net_operating_cost").count() == 2  # one each
    assert set(RuleRun.objects.values_list("status", flat=True)) == {RuleRun.Status.FINISHED}
    assert RuleRun.objects.count() == 3 * 5


@pytest.mark.django_db(transaction=True)
def test_a_run_writing_flags_holds_up_other_runs_of_the_response_but_never_a_reporters_save(submitted):
    from django.db import OperationalError, transaction

    from validation.services.flags import _take_turns

    response = submitted("1851", **THOUSAND_ERROR)
    holding, release = threading.Event(), threading.Event()

    def run_writing_flags():
        try:
            with transaction.atomic():
                _take_turns([response.pk])
                holding.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=run_writing_flags)
    thread.start()
    try:
        assert holding.wait(timeout=10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            # A save locks the response row, as the section view does: it does not wait for the run.
            row = Response.objects.select_for_update().get(pk=response.pk)
            row.raw_values["c_net_operating_cost"] = "1358"
            row.save(update_fields=["raw_values"])
        with pytest.raises(OperationalError, match="lock timeout"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '200ms'")
            _take_turns([response.pk])  # another run over the same response waits for the first
    finally:
        release.set()
        thread.join(timeout=30)
    with transaction.atomic():
        _take_turns([response.pk])  # the first run is done: the turn is free
    assert Response.objects.get(pk=response.pk).raw_values["c_net_operating_cost"] == "1358"
