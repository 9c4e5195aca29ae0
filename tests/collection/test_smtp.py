"""E-mail through Django's SMTP backend to a real SMTP server (aiosmtpd in a subprocess): invitation, reminder,
receipt and send-back arrive as text plus HTML; an outage delays a reminder but neither loses nor doubles it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from collection import mailings
from collection.models import Message
from collection.tasks import deliver_message
from surveys.models import Response
from surveys.services.entry import checks
from tests.collection.conftest import SmtpServer, body, free_port
from tests.surveys.test_reporter_support import post_section
from validation.workbench.actions import send_back


def _at(day: str) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(9)))


def _recipients(messages) -> list[str]:
    return sorted(m["X-Envelope-To"] for m in messages)


def test_invitation_reminder_receipt_and_send_back_arrive_by_smtp(
    smtp_server,
    season,
    contacts,
    reporter,
    client,
    questionnaire,
    editor,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        mailings.send_due(_at("2022-03-01"))  # opening passed: invitations, and the 14-day reminder
    received = smtp_server.wait_for(6)
    assert len(received) == 6
    invitation = next(m for m in received if "invitasjon til Bergen" in m["Subject"])
    assert invitation["To"] == "k4601@kommune.example"
    assert "/skjema/passord/" in body(invitation, "plain") and "/skjema/passord/" in body(invitation, "html")
    reminders = [m for m in received if m["Subject"].strip().startswith("Påminnelse")]
    assert _recipients(reminders) == ["k0301@kommune.example", "k4601@kommune.example", "k4620@kommune.example"]

    reporter.email = "reporter@bergen.kommune.no"
    reporter.save()
    monkeypatch.setattr(checks, "rule_hits", lambda questionnaire, texts, ref: [])
    monkeypatch.setattr("collection.season.timezone.localdate", lambda *a: datetime.date(2022, 3, 10))
    client.force_login(reporter)
    post_section(client, questionnaire, "4601", "s2_4", {"s24_legevakt_parts": "D"})
    post_section(client, questionnaire, "4601", "part_d", {"d_net_operating_cost": "4321"})
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("surveys:check", args=(2021, "4601")), {"action": "submit"})
    assert answer.status_code == 302
    receipt = smtp_server.wait_for(7)[-1]
    assert "Kvittering" in receipt["Subject"]
    assert receipt["X-Envelope-To"] == "k4601@kommune.example, reporter@bergen.kommune.no"
    assert "4321" in body(receipt, "plain") and "4321" in body(receipt, "html")

    with django_capture_on_commit_callbacks(execute=True):
        send_back(Response.objects.get(), editor=editor, message="Stemmer beløpet?")
    notice = smtp_server.wait_for(8)[-1]
    assert "SSB har spørsmål" in notice["Subject"] and "Stemmer beløpet?" in body(notice, "plain")
    assert Message.objects.filter(status=Message.Status.SENT).count() == 8


def test_an_smtp_outage_delays_reminders_without_losing_or_doubling_them(
    tmp_path, settings, season, contacts, django_capture_on_commit_callbacks
):
    server = SmtpServer(free_port(), tmp_path / "mail")  # not started yet: the port refuses connections
    for name, value in server.settings().items():
        setattr(settings, name, value)
    with django_capture_on_commit_callbacks(execute=True):
        mailings.send_due(_at("2022-03-01"))
    waiting = Message.objects.filter(status=Message.Status.RETRYING)
    assert waiting.count() == 6
    assert all(m.attempts == 1 and m.last_error and m.next_attempt_at for m in waiting)
    with django_capture_on_commit_callbacks(execute=True):
        assert mailings.send_due(_at("2022-03-01")).reminders == 0  # the same run again writes nothing new
    server.start()
    try:
        for message in Message.objects.all():
            deliver_message.delay(message.pk)  # the retries
            deliver_message.delay(message.pk)  # a duplicate retry finds it sent
        received = server.wait_for(6)
    finally:
        server.stop()
    assert len(received) == 6
    assert _recipients(received) == sorted(
        ["k0301@kommune.example", "k4601@kommune.example", "k4620@kommune.example"] * 2
    )
    assert set(Message.objects.values_list("status", "attempts")) == {(Message.Status.SENT, 2)}


@pytest.mark.parametrize("attempts", [1, 3])
def test_delivery_gives_up_after_the_last_attempt(
    settings, season, contacts, attempts, django_capture_on_commit_callbacks
):
    settings.MAIL_MAX_ATTEMPTS = attempts
    settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT = (
        "django.core.mail.backends.smtp.EmailBackend",
        "127.0.0.1",
        free_port(),
    )
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    with django_capture_on_commit_callbacks(execute=True):
        mailings.invite_contact(contacts["4601"].contacts.get())
    message = Message.objects.get()
    for _ in range(attempts - 1):
        assert message.status == Message.Status.RETRYING
        deliver_message.delay(message.pk)
        message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.FAILED, attempts)
