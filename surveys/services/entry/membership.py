"""Who may do what: a user's memberships and responses, what a member may edit or submit, and the main
contact's invitations of colleagues."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from kostra.reference.models import Municipality
from questionnaire.schema import Section
from surveys.models import Membership, Response, Survey
from surveys.services.entry.errors import EntryError

EDITABLE_STATUSES = (Response.Status.IN_PROGRESS, Response.Status.SENT_BACK)


def memberships(user):
    return Membership.objects.filter(user=user).order_by("municipality_number")


def membership_for(user, municipality_number: str) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, municipality_number=municipality_number).first()


def response_for(survey: Survey, municipality: Municipality) -> Response:
    """The stored response, or an unsaved empty one: a response exists once something is saved."""
    found = Response.objects.filter(survey=survey, municipality=municipality).first()
    if found is None:
        return Response(survey=survey, municipality=municipality)
    found.survey, found.municipality = survey, municipality  # already loaded: no second query for either
    return found


def member_responses(user, survey: Survey) -> list[tuple[Membership, Municipality | None, Response | None]]:
    """The user's municipalities in `survey`'s year with their responses (None where nothing is saved yet)."""
    own = list(memberships(user))
    numbers = [m.municipality_number for m in own]
    places = {m.number: m for m in Municipality.objects.filter(year=survey.year, number__in=numbers)}
    responses = {
        r.municipality.number: r
        for r in survey.responses.filter(municipality__number__in=numbers).select_related("municipality")
    }
    return [(m, places.get(m.municipality_number), responses.get(m.municipality_number)) for m in own]


def is_editable(response: Response) -> bool:
    return response.survey.is_open and response.status in EDITABLE_STATUSES


def may_edit_section(membership: Membership, section: Section) -> bool:
    """A member limited to some parts edits only those part sections; 2-2, 2-3 and 2-4 need full access."""
    if not membership.parts:
        return True
    return section.part is not None and membership.allows_part(section.part)


def may_submit(membership: Membership) -> bool:
    return not membership.parts


# -- invitations -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitation:
    membership: Membership
    created_user: bool


def invite(inviter: Membership, *, username: str, email: str = "", parts: str = "", user) -> Invitation:
    """The main contact adds a colleague: an existing user by username, or a new user (no password yet)."""
    if not inviter.is_main_contact:
        raise EntryError(_("Bare hovedkontakten kan invitere kolleger."))
    users = get_user_model()
    with transaction.atomic():
        colleague = users.objects.filter(username=username).first()
        created = colleague is None
        if created:
            colleague = users.objects.create_user(username=username, email=email)
            colleague.set_unusable_password()
            colleague.save()
        membership, _new = Membership.objects.update_or_create(
            user=colleague, municipality_number=inviter.municipality_number, defaults={"parts": parts}
        )
    return Invitation(membership, created)


def remove_member(inviter: Membership, membership_id: int) -> None:
    if not inviter.is_main_contact:
        raise EntryError(_("Bare hovedkontakten kan fjerne kolleger."))
    target = Membership.objects.filter(pk=membership_id, municipality_number=inviter.municipality_number).first()
    if target is None or target.pk == inviter.pk:
        raise EntryError(_("Du kan ikke fjerne dette medlemmet."))
    target.delete()


def team(municipality_number: str):
    return Membership.objects.filter(municipality_number=municipality_number).select_related("user")
