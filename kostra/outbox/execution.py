"""The task side of the outbox: every task runs through OutboxTask (the Celery app's task class), which runs a
message's task at most once to completion.

The message row is locked for the task's whole run and marked done in the same transaction as the task's own
writes. A second delivery (a resend, a redelivery after a worker died) waits for the lock and then finds it done;
a worker killed mid-task rolls everything back, so the redelivered task starts from a clean slate. A task that
loses the database is retried with a growing delay; any other failure is recorded on the message, with what the
task wrote before it raised (its own record of the failure), and the message is not sent again.
"""

import logging

from celery import Task

log = logging.getLogger(__name__)
DB_RETRIES = 40  # about 20 minutes of retries, 30 s apart at most, before a database outage fails a task


def run_once(message_id: int, call):
    """Run `call` unless the message is already done; mark it done with the task's writes. None if skipped.

    A task that raises keeps what it wrote before raising (a failure it recorded, as without the outbox) and its
    message records the error and is not sent again; a database error rolls everything back (it is retried)."""
    from django.db import DatabaseError, transaction
    from django.utils import timezone

    from kostra.outbox.models import OutboxMessage

    failure = None
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.done_at is not None:
            log.warning("outbox message %s already done: not run again", message_id)
            return None
        try:
            result = call()
        except DatabaseError:
            raise
        except Exception as exc:  # noqa: BLE001 - raised again below, once the failure is committed
            failure = exc
            if not transaction.get_connection().needs_rollback:
                OutboxMessage.objects.filter(pk=message_id).update(error=f"{type(exc).__name__}: {exc}"[:2000])
        else:
            OutboxMessage.objects.filter(pk=message_id).update(done_at=timezone.now(), error="")
    if failure is not None:
        raise failure
    return result


class OutboxTask(Task):
    typing = False  # the message id travels as a keyword the task functions do not declare

    def __call__(self, *args, **kwargs):
        from django.db import DatabaseError, InterfaceError, OperationalError

        from kostra.outbox.models import OutboxMessage
        from kostra.outbox.sending import OUTBOX_KWARG

        message_id = kwargs.pop(OUTBOX_KWARG, None)
        if message_id is None:
            return super().__call__(*args, **kwargs)
        try:
            return run_once(message_id, lambda: super(OutboxTask, self).__call__(*args, **kwargs))
        except (OperationalError, InterfaceError) as exc:
            if self.request.is_eager:
                raise
            countdown = min(30, 2 ** min(self.request.retries, 5))
            raise self.retry(
                exc=exc, args=args, kwargs={**kwargs, OUTBOX_KWARG: message_id}, countdown=countdown,
                max_retries=DB_RETRIES,
            ) from exc  # fmt: skip
        except DatabaseError as exc:  # e.g. an integrity error: not a passing outage, so not retried or resent
            OutboxMessage.objects.filter(pk=message_id).update(error=f"{type(exc).__name__}: {exc}"[:2000])
            raise
