"""Writing, logging and delivering e-mail: every message is a Message row before it is sent.

`write` renders a message in the municipality's language and stores it under its key; a key that exists already
means the message was written before, and nothing new is written or sent. `deliver` claims the row (queued or
retrying -> sending in one UPDATE, so two workers never both send it), sends it through Django's e-mail backend
and records the outcome; a failure of the SMTP server is tried again later with a doubling delay.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from collection.models import Message
from kostra.dispatch import enqueue_on_commit

log = logging.getLogger(__name__)
DELIVER_TASK = "collection.tasks.deliver_message"
MAX_DELAY = 6 * 3600  # the longest wait between two attempts


class DeliveryFailed(Exception):
    """The SMTP server did not take the message; `retry_in` seconds until the next attempt, None: given up."""

    def __init__(self, message_id: int, error: str, retry_in: int | None):
        super().__init__(f"message {message_id}: {error}")
        self.retry_in = retry_in


def language_for(municipality) -> str:
    """The language of the municipality's e-mail (its målform where the register has one; bokmål otherwise)."""
    return getattr(municipality, "language", "") or "nb"


def write(
    key: str, kind: str, to: list[str], template: str, context: dict, *, municipality=None, sent_at=None, **fields
):
    """Store the message under `key` and send it after commit; None when `key` was written before or there is
    nobody to write to. With `sent_at` it is the record of a message sent then (the demo year's history)."""
    recipients = sorted({a.strip() for a in to if a and a.strip()})
    if not recipients:
        return None
    language = language_for(municipality) if municipality is not None else settings.LANGUAGE_CODE
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL, "municipality": municipality}
        subject = " ".join(render_to_string(f"collection/mail/{template}_subject.txt", context).split())
        text = render_to_string(f"collection/mail/{template}.txt", context)
        html = render_to_string(f"collection/mail/{template}.html", context)
    try:
        with transaction.atomic():
            message = Message.objects.create(
                key=key,
                kind=kind,
                municipality=municipality,
                to=",".join(recipients),
                language=language,
                subject=subject,
                body_text=text,
                body_html=html,
                **fields,
                **({"status": Message.Status.SENT, "sent_at": sent_at, "created_at": sent_at} if sent_at else {}),
            )
    except IntegrityError:
        return None  # written (and sent or on its way) before: the key is the claim
    if sent_at is None:
        enqueue_on_commit(DELIVER_TASK, message.pk)
    return message


def deliver(message_id: int, now: datetime.datetime | None = None) -> bool:
    """Send a queued message once; True if this call sent it. Raises DeliveryFailed when the server fails."""
    now = now or timezone.now()
    claimed = Message.objects.filter(pk=message_id, status__in=(Message.Status.QUEUED, Message.Status.RETRYING))
    if not claimed.update(status=Message.Status.SENDING, attempts=F("attempts") + 1):
        return False  # sent, being sent, or given up: never a second copy
    message = Message.objects.get(pk=message_id)
    email = EmailMultiAlternatives(
        message.subject,
        message.body_text,
        settings.DEFAULT_FROM_EMAIL,
        message.recipients,
        # A stable id: should a server ever take the same message twice, mail programs show it once.
        headers={"Message-ID": f"<legevakt-{message.pk}@{_domain()}>"},
    )
    email.attach_alternative(message.body_html, "text/html")
    try:
        email.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as exc:
        retry_in = _retry_in(message.attempts)
        status = Message.Status.FAILED if retry_in is None else Message.Status.RETRYING
        next_at = None if retry_in is None else now + datetime.timedelta(seconds=retry_in)
        Message.objects.filter(pk=message_id).update(status=status, last_error=str(exc)[:1000], next_attempt_at=next_at)
        log.warning("e-mail %s to %s not delivered (attempt %s): %s", message.pk, message.to, message.attempts, exc)
        raise DeliveryFailed(message.pk, str(exc), retry_in) from exc
    Message.objects.filter(pk=message_id).update(
        status=Message.Status.SENT, sent_at=timezone.now(), last_error="", next_attempt_at=None
    )
    return True


def _retry_in(attempts: int) -> int | None:
    if attempts >= settings.MAIL_MAX_ATTEMPTS:
        return None
    return min(settings.MAIL_RETRY_SECONDS * 2 ** (attempts - 1), MAX_DELAY)


def _domain() -> str:
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "localhost"


def overdue(now: datetime.datetime | None = None, grace: int = 600) -> list[int]:
    """Messages whose delivery task was lost (a broker outage, a restart): queued or due for a retry long ago."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=grace)
    queued = Q(status=Message.Status.QUEUED, created_at__lt=cutoff)
    retrying = Q(status=Message.Status.RETRYING, next_attempt_at__lt=cutoff)
    return list(Message.objects.filter(queued | retrying).values_list("pk", flat=True))
