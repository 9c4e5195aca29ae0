"""The outbox: a task is written in the caller's transaction, sent after commit, run once however often sent."""

import pytest
from django.db import OperationalError, transaction
from django.utils import timezone

from kostra.dispatch import enqueue_on_commit
from kostra.outbox import sending
from kostra.outbox.execution import run_once
from kostra.outbox.models import OutboxMessage
from validation.models import RuleRun

TASK = "validation.tasks.run_rules_for_response"


def _response_runs(response) -> int:
    return RuleRun.objects.filter(scope="response", response=response).count()


@pytest.mark.django_db(transaction=True)
def test_a_task_is_written_with_the_callers_transaction_and_run_once_after_commit(response_factory):
    response = response_factory()
    with transaction.atomic():
        enqueue_on_commit(TASK, response.pk)
        message = OutboxMessage.objects.get()
        assert (message.task_name, message.args, message.sent_at) == (TASK, [response.pk], None)
        assert _response_runs(response) == 0  # nothing runs before the commit
    message.refresh_from_db()
    assert message.sent_at is not None and message.done_at is not None and message.sends == 1
    assert _response_runs(response) == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_no_task(response_factory):
    response = response_factory()
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(TASK, response.pk)
        raise RuntimeError("the caller fails")
    assert not OutboxMessage.objects.exists()
    assert _response_runs(response) == 0


@pytest.mark.django_db(transaction=True)
def test_a_message_sent_again_runs_its_task_only_once(response_factory, settings):
    response = response_factory()
    enqueue_on_commit(TASK, response.pk)
    message = OutboxMessage.objects.get()
    settings.OUTBOX_RESEND_AFTER = -1  # the sweep resends every message sent but not done
    assert sending.send_pending()["resent"] == 0  # done: not resent
    assert sending.send(message.pk, due=sending.Q(pk=message.pk))  # sent once more all the same (a lost ack)
    assert _response_runs(response) == 1  # the task skipped it: done already
    message.refresh_from_db()
    assert message.sends == 2


@pytest.mark.django_db(transaction=True)
def test_run_once_skips_a_done_message_and_marks_a_new_one_done():
    message = OutboxMessage.objects.create(task_name=TASK, args=[1])
    calls = []
    assert run_once(message.pk, lambda: calls.append(1) or "result") == "result"
    assert run_once(message.pk, lambda: calls.append(2)) is None
    assert calls == [1]
    assert OutboxMessage.objects.get().done_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_task_that_fails_keeps_its_record_of_the_failure_and_is_not_resent(response_factory, settings):
    response = response_factory()
    message = OutboxMessage.objects.create(task_name=TASK, args=[response.pk])

    def fails():
        RuleRun.objects.create(survey=response.survey, scope="response", response=response, status="failed")
        raise ValueError("a bug")

    with pytest.raises(ValueError):
        run_once(message.pk, fails)
    assert RuleRun.objects.get(response=response).status == "failed"  # as the task recorded it
    message.refresh_from_db()
    assert (message.done_at, message.error) == (None, "ValueError: a bug")
    settings.OUTBOX_RESEND_AFTER = -1
    OutboxMessage.objects.filter(pk=message.pk).update(sent_at=timezone.now())
    assert sending.send_pending()["resent"] == 0  # a bug is not cured by sending it again


@pytest.mark.django_db(transaction=True)
def test_a_task_that_loses_the_database_leaves_nothing(response_factory):
    response = response_factory()
    message = OutboxMessage.objects.create(task_name=TASK, args=[response.pk])

    def loses_it():
        RuleRun.objects.create(survey=response.survey, scope="response", response=response)
        raise OperationalError("server closed the connection unexpectedly")

    with pytest.raises(OperationalError):
        run_once(message.pk, loses_it)
    assert _response_runs(response) == 0
    message.refresh_from_db()
    assert (message.done_at, message.error) == (None, "")  # retried, not failed


@pytest.mark.django_db(transaction=True)
def test_the_sweep_sends_what_waits_and_the_command_counts_it(response_factory, capsys):
    from django.core.management import call_command

    response = response_factory()
    OutboxMessage.objects.create(task_name=TASK, args=[response.pk])  # as a broker outage left it: never sent
    call_command("send_outbox", "--check")
    assert "pending: 1" in capsys.readouterr().out
    call_command("send_outbox")
    assert "sent: 1" in capsys.readouterr().out
    assert _response_runs(response) == 1
    assert sending.backlog() == {"pending": 0, "not done": 0, "failed": 0}
