"""What the season sends and to whom: invitations, reminders, receipts and notices.

Each function writes its messages through `mail.write` under a key that names what the message tells, so running
it again (a second beat run, a restarted worker, a retried task) writes nothing new.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from collection import mail
from collection.models import Contact, Message, Reminder, Season
from collection.receipt import answers_copy
from collection.season import BEFORE, CLOSED, phase
from kostra.reference.models import Municipality
from surveys.models import Membership, Response, SubmissionRound


@dataclass
class RunResult:
    invitations: int = 0
    reminders: int = 0


def invitation_key(contact: Contact) -> str:
    """One invitation per address: a municipality whose main contact changes invites the new one too."""
    return f"invitation:{contact.survey.year}:{contact.municipality.number}:{contact.email.lower()}"


def reminder_key(reminder: Reminder, municipality: Municipality) -> str:
    return f"reminder:{reminder.pk}:{municipality.number}"


def due_reminder(season: Season, today: datetime.date) -> Reminder | None:
    """The latest reminder due by `today` while the season is open; an earlier one missed is not sent late."""
    if phase(season, today) in (BEFORE, CLOSED):
        return None
    due = [r for r in season.reminders.all() if r.due_on <= today]
    return max(due, key=lambda r: r.due_on, default=None)


def non_respondents(survey):
    """The year's municipalities that have not submitted (not started or still filling in)."""
    submitted = Response.objects.filter(survey=survey, first_submitted_at__isnull=False).values("municipality")
    return Municipality.objects.filter(year=survey.year).exclude(pk__in=submitted)


def send_due(now: datetime.datetime | None = None) -> RunResult:
    """Invite the contacts of open seasons and send each non-respondent the reminder due; each at most once."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = RunResult()
    for season in Season.objects.select_related("survey").prefetch_related("reminders"):
        if phase(season, today) in (BEFORE, CLOSED):
            continue
        contacts = Contact.objects.filter(survey=season.survey).select_related("survey", "municipality")
        result.invitations += sum(1 for c in _unsent(contacts, invitation_key) if invite_contact(c))
        reminder = due_reminder(season, today)
        if reminder is not None:
            late = contacts.filter(municipality__in=non_respondents(season.survey))
            unsent = _unsent(late, lambda c, r=reminder: reminder_key(r, c.municipality))
            result.reminders += sum(1 for c in unsent if remind(c, reminder))
    return result


def _unsent(contacts, key_of) -> list[Contact]:
    """Contacts without a message under their key yet (rendering 356 messages to find them sent is wasted)."""
    contacts = list(contacts)
    written = set(Message.objects.filter(key__in=[key_of(c) for c in contacts]).values_list("key", flat=True))
    return [c for c in contacts if key_of(c) not in written]


def invite_contact(contact: Contact, *, sent_at=None) -> Message | None:
    """The season's invitation to the main contact, with a link to choose a password (or to sign in)."""
    user = main_contact_user(contact) if sent_at is None else None  # a record of the past creates no user
    if user is None or user.has_usable_password():
        link = reverse("login")
    else:
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        link = reverse("surveys:set-password", args=(uid, default_token_generator.make_token(user)))
    context = {"contact": contact, "survey": contact.survey, "season": contact.survey.season, "user": user}
    context["link"] = link
    return mail.write(
        invitation_key(contact),
        Message.Kind.INVITATION,
        [contact.email],
        "invitation",
        context,
        municipality=contact.municipality,
        survey=contact.survey,
        sent_at=sent_at,
    )


def main_contact_user(contact: Contact):
    """The contact's user (found by e-mail, else created without a password), a main contact of the municipality."""
    users = get_user_model()
    user = users.objects.filter(email__iexact=contact.email).order_by("pk").first()
    if user is None:
        user = users.objects.create_user(username=_free_username(contact.email), email=contact.email)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    Membership.objects.update_or_create(
        user=user, municipality_number=contact.municipality.number, defaults={"is_main_contact": True}
    )
    return user


def _free_username(email: str) -> str:
    users = get_user_model()
    base, n = email.lower()[:140], 1
    name = base
    while users.objects.filter(username=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def remind(contact: Contact, reminder: Reminder, *, sent_at=None) -> Message | None:
    season = reminder.season
    context = {"contact": contact, "survey": contact.survey, "season": season, "reminder": reminder}
    context["days_left"] = (season.deadline - reminder.due_on).days
    return mail.write(
        reminder_key(reminder, contact.municipality),
        Message.Kind.REMINDER,
        [contact.email],
        "reminder",
        context,
        municipality=contact.municipality,
        survey=contact.survey,
        reminder=reminder,
        sent_at=sent_at,
    )


def send_receipt(round_id: int) -> Message | None:
    """The receipt of one submission round, with a copy of the answers, to the submitter and the main contact."""
    found = SubmissionRound.objects.select_related("response__survey", "response__municipality", "submitted_by")
    submission = found.get(pk=round_id)
    response = submission.response
    questionnaire = response.survey.questionnaire
    context = {"response": response, "survey": response.survey, "round": submission}
    context["sections"] = answers_copy(questionnaire, submission.values)
    submitter = submission.submitted_by.email if submission.submitted_by else ""
    return mail.write(
        f"receipt:{submission.pk}",
        Message.Kind.RECEIPT,
        [submitter, *_contact_addresses(response)],
        "receipt",
        context,
        municipality=response.municipality,
        survey=response.survey,
    )


NOTICES = {"response.sent_back": Message.Kind.SENT_BACK, "response.done": Message.Kind.FINISHED}


def send_review_notice(event, *, sent_at=None) -> Message | None:
    """Tell the municipality that SSB sent its response back (with the editor's message) or finished it."""
    response = event.response
    kind = NOTICES[event.action]
    context = {"response": response, "survey": response.survey, "event": event}
    return mail.write(
        f"review:{event.pk}",
        kind,
        _contact_addresses(response),
        kind,
        context,
        municipality=response.municipality,
        survey=response.survey,
        sent_at=sent_at,
    )


def _contact_addresses(response: Response) -> list[str]:
    """The main contact of the year and every member of the municipality with an address."""
    contact = Contact.objects.filter(survey=response.survey, municipality=response.municipality).first()
    members = Membership.objects.filter(municipality_number=response.municipality.number).exclude(user__email="")
    return [contact.email if contact else "", *members.values_list("user__email", flat=True)]


def send_colleague_invitation(membership: Membership, link: str, *, inviter) -> Message | None:
    """A main contact's invitation of a colleague, to the colleague only, with the link to choose a password."""
    user = membership.user
    municipality = Municipality.objects.filter(number=membership.municipality_number).order_by("-year").first()
    context = {"user": user, "inviter": inviter, "link": link}
    return mail.write(
        f"colleague:{membership.pk}:{timezone.now().timestamp():.0f}",
        Message.Kind.COLLEAGUE,
        [user.email],
        "colleague",
        context,
        municipality=municipality,
    )
