"""Handing outbox messages to the broker: right after the commit that wrote one, and again by the sweep (the
worker's timer, its start, `manage.py send_outbox`) for those a broker outage or a crash left behind.

A message is locked while it is sent (SKIP LOCKED: two senders never send the same one at once) and marked sent in
that transaction. A crash between the broker's acceptance and the commit sends it again later; the task side runs
it only once (kostra.outbox.execution).
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from kostra.outbox.models import OutboxMessage

log = logging.getLogger(__name__)
OUTBOX_KWARG = "_outbox_id"  # the keyword the message id travels in (OutboxTask takes it off before the task runs)


def write(task_name: str, args) -> OutboxMessage:
    """The message, in the caller's transaction."""
    return OutboxMessage.objects.create(task_name=task_name, args=list(args))


def _app():
    from kostra.celery import app

    return app


def _task(name: str):
    app = _app()
    if name not in app.tasks:
        app.loader.import_default_modules()  # a web process has not autodiscovered the apps' tasks modules yet
    return app.tasks[name]


def _resend_due() -> Q:
    """Sent long ago, not done and not failed: the broker may have lost it (a Redis restarted without its data)."""
    cutoff = timezone.now() - timedelta(seconds=settings.OUTBOX_RESEND_AFTER)
    return Q(sent_at__lt=cutoff, done_at__isnull=True, error="")


def send(message_id: int, due: Q | None = None) -> bool:
    """Send one message if it is still due (by default: not sent yet). False when it was not sent: already sent,
    being sent by another process, or the broker is down (then it stays pending for the sweep)."""
    due = Q(sent_at__isnull=True) if due is None else due
    if _app().conf.task_always_eager:
        # In-process: mark it sent first, then run it here (exceptions reach the caller, as eager tasks do).
        if not OutboxMessage.objects.filter(due, pk=message_id).update(sent_at=timezone.now(), sends=F("sends") + 1):
            return False
        message = OutboxMessage.objects.get(pk=message_id)
        _task(message.task_name).apply_async(args=message.args, kwargs={OUTBOX_KWARG: message.pk})
        return True
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.select_for_update(skip_locked=True).filter(due, pk=message_id).first()
            if message is None:
                return False
            _task(message.task_name).apply_async(args=message.args, kwargs={OUTBOX_KWARG: message.pk})
            OutboxMessage.objects.filter(pk=message.pk).update(sent_at=timezone.now(), sends=F("sends") + 1)
    except Exception as exc:  # noqa: BLE001 - a broker or database outage must not fail the caller's request
        log.warning(
            "outbox message %s not sent (%s: %s); the sweep sends it later", message_id, type(exc).__name__, exc
        )
        return False
    return True


def send_after_commit(message_id: int) -> None:
    """The on-commit send of a new message; if it went out and older ones wait (the broker was down), those too."""
    if send(message_id) and OutboxMessage.objects.filter(sent_at__isnull=True, pk__lt=message_id).exists():
        send_pending()


def send_pending(limit: int = 1000) -> dict[str, int]:
    """The sweep: every message not sent yet, and those sent long ago that never ran. Returns counts."""
    counts = {"sent": 0, "resent": 0, "not sent": 0}
    pending = OutboxMessage.objects.filter(sent_at__isnull=True).order_by("pk").values_list("pk", flat=True)
    for pk in list(pending[:limit]):
        counts["sent" if send(pk) else "not sent"] += 1
    stale = OutboxMessage.objects.filter(_resend_due()).order_by("pk").values_list("pk", flat=True)
    for pk in list(stale[:limit]):
        counts["resent" if send(pk, _resend_due()) else "not sent"] += 1
    return counts


def backlog() -> dict[str, int]:
    """Messages not sent yet and messages sent but not done (what `send_outbox --check` and the fault run read)."""
    return {
        "pending": OutboxMessage.objects.filter(sent_at__isnull=True).count(),
        "not done": OutboxMessage.objects.filter(sent_at__isnull=False, done_at__isnull=True, error="").count(),
        "failed": OutboxMessage.objects.exclude(error="").filter(done_at__isnull=True).count(),
    }
