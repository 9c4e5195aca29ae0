"""Celery tasks of the collection season: thin wrappers around collection.mailings and collection.mail."""

import datetime

from celery import shared_task
from django.utils import timezone

from collection import mail, mailings
from kostra.dispatch import enqueue_on_commit


@shared_task(name="collection.tasks.send_due_mailings")
def send_due_mailings(now: str | None = None) -> dict:
    """The periodic task (Celery beat): invitations and due reminders, then deliveries whose task was lost.
    `now` (ISO 8601) sets the clock, for tests and for catching up a given day."""
    when = datetime.datetime.fromisoformat(now) if now else None
    if when is not None and timezone.is_naive(when):
        when = timezone.make_aware(when)
    result = mailings.send_due(when)
    for message_id in mail.overdue():  # by the real clock: `now` sets the season's day, not the delivery's
        enqueue_on_commit(mail.DELIVER_TASK, message_id)
    return {"invitations": result.invitations, "reminders": result.reminders}


@shared_task(bind=True, name="collection.tasks.deliver_message", max_retries=None, ignore_result=True)
def deliver_message(self, message_id: int) -> None:
    try:
        mail.deliver(message_id)
    except mail.DeliveryFailed as failed:
        # Eagerly (no broker) a retry would run at once and hold up the request: the beat run picks it up.
        if failed.retry_in is not None and not self.request.is_eager:
            raise self.retry(countdown=failed.retry_in) from failed


@shared_task(name="collection.tasks.send_receipt", ignore_result=True)
def send_receipt(round_id: int) -> None:
    mailings.send_receipt(round_id)


@shared_task(name="collection.tasks.send_review_notice", ignore_result=True)
def send_review_notice(event_id: int) -> None:
    from validation.models import ReviewEvent

    events = ReviewEvent.objects.select_related("response__survey", "response__municipality")
    mailings.send_review_notice(events.get(pk=event_id))
