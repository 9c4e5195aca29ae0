"""What the season sends: invitations when it opens, the reminder due to those who have not submitted, receipts
with a copy of the answers, notices of send-back and finish; each message once."""

import datetime

import pytest
from django.core import mail as outbox
from django.utils import timezone

from collection import mailings
from collection.models import Message
from surveys.models import Membership, Response, SubmissionRound
from validation.workbench.actions import mark_done, send_back


def _at(day: str, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour)))


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def send(day: str):
        with django_capture_on_commit_callbacks(execute=True):
            return mailings.send_due(_at(day))

    return send


def _to(kind):
    return sorted(m.to for m in Message.objects.filter(kind=kind))


def test_nothing_before_the_season_opens(season, contacts, run):
    result = run("2022-01-13")
    assert (result.invitations, result.reminders, len(outbox.outbox)) == (0, 0, 0)


def test_opening_day_invites_each_contact_once_with_a_password_link(season, contacts, run):
    assert run("2022-01-14").invitations == 3
    assert run("2022-01-14").invitations == 0
    assert len(outbox.outbox) == 3
    sent = next(m for m in outbox.outbox if m.to == ["k4601@kommune.example"])
    assert "/skjema/passord/" in sent.body and "Fristen er 15. mars 2022" in sent.body
    html = sent.alternatives[0][0]
    assert "/skjema/passord/" in html and "<html" in html
    user = Membership.objects.get(municipality_number="4601", is_main_contact=True).user
    assert user.email == "k4601@kommune.example" and not user.has_usable_password()
    assert set(Message.objects.values_list("status", flat=True)) == {Message.Status.SENT}


def test_the_due_reminder_goes_to_non_respondents_only_once(season, contacts, run, response_factory):
    submitted = response_factory("0301")
    submitted.status, submitted.first_submitted_at = Response.Status.SUBMITTED, _at("2022-02-20")
    submitted.save()
    response_factory("4620")  # started, not submitted: still reminded
    run("2022-02-28")  # invitations; no reminder due yet
    assert _to(Message.Kind.REMINDER) == []
    assert run("2022-03-01").reminders == 2
    assert run("2022-03-05").reminders == 0  # the 14-day reminder is done; the 3-day one is not due
    assert _to(Message.Kind.REMINDER) == ["k4601@kommune.example", "k4620@kommune.example"]
    assert run("2022-03-12").reminders == 2
    reminder = Message.objects.filter(kind=Message.Kind.REMINDER).order_by("created_at").last()
    assert "om 3 dager" in reminder.body_text and reminder.reminder.days_before_deadline == 3


def test_a_missed_reminder_is_not_sent_late_and_none_after_closing(season, contacts, run):
    assert run("2022-03-23").reminders == 3  # beat was down on 1 and 12 March: only the one after the deadline
    assert {m.reminder.days_before_deadline for m in Message.objects.filter(kind="reminder")} == {-7}
    assert "Fristen var 15. mars 2022" in Message.objects.filter(kind="reminder").first().body_text
    assert run("2022-04-20").reminders == 0


def test_receipt_copies_the_answers_shown_and_leaves_hidden_ones_out(survey_2021, contacts, response_factory, reporter):
    reporter.email = "rapportor@bergen.kommune.no"
    reporter.save()
    values = {"s24_legevakt_parts": "D", "d_net_operating_cost": "1234", "a_variant": "ordinaer"}
    response = response_factory("4601", **values)
    submission = SubmissionRound.objects.create(response=response, number=1, submitted_by=reporter, values=values)
    message = mailings.send_receipt(submission.pk)
    assert message.recipients == ["k4601@kommune.example", "rapportor@bergen.kommune.no"]
    assert "1234" in message.body_text and "1234" in message.body_html
    assert "Egen kommunal legevakt uten samarbeid" not in message.body_text  # part A is not ticked: hidden
    assert mailings.send_receipt(submission.pk) is None  # the same round: no second receipt


def test_send_back_and_finish_notify_the_municipality(
    survey_2021, contacts, response_factory, editor, django_capture_on_commit_callbacks
):
    response = response_factory("4601", s24_legevakt_parts="E")
    response.status = Response.Status.SUBMITTED
    response.save()
    with django_capture_on_commit_callbacks(execute=True):
        send_back(response, editor=editor, message="Kan dere sjekke antall årsverk?")
    notice = outbox.outbox[-1]
    assert notice.to == ["k4601@kommune.example"]
    assert "Kan dere sjekke antall årsverk?" in notice.body and "SSB har spørsmål" in notice.subject
    response.refresh_from_db()
    response.status = Response.Status.SUBMITTED
    response.save()
    with django_capture_on_commit_callbacks(execute=True):
        mark_done(response, editor=editor)
    assert "ferdig kontrollert" in outbox.outbox[-1].subject
    assert _to(Message.Kind.SENT_BACK) == _to(Message.Kind.FINISHED) == ["k4601@kommune.example"]


def test_the_beat_run_resends_a_message_whose_task_was_lost(season, contacts, django_capture_on_commit_callbacks):
    from collection.tasks import send_due_mailings

    invitation = mailings.invite_contact(contacts["4601"].contacts.get())  # its delivery task never ran
    Message.objects.filter(pk=invitation.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        send_due_mailings("2022-01-01T09:00:00")  # before the season: nothing new is written
    assert [m.to for m in outbox.outbox] == [["k4601@kommune.example"]]
    assert Message.objects.get().status == Message.Status.SENT


def test_a_message_being_sent_or_sent_is_never_sent_again(season, contacts):
    from collection.mail import deliver

    message = mailings.invite_contact(contacts["4601"].contacts.get())
    for status in (Message.Status.SENDING, Message.Status.SENT, Message.Status.FAILED):
        Message.objects.filter(pk=message.pk).update(status=status)
        assert deliver(message.pk) is False
    assert outbox.outbox == []


def test_a_new_main_contact_is_invited_at_the_next_run(season, contacts, run, survey_2021, editor):
    from collection.contacts import set_contact

    run("2022-02-01")
    set_contact(survey_2021, contacts["4601"], name="Ny", email="ny@bergen.kommune.no", user=editor, source="editor")
    assert run("2022-02-01").invitations == 1
    assert outbox.outbox[-1].to == ["ny@bergen.kommune.no"]
    assert run("2022-02-02").invitations == 0
