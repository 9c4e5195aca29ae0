"""Invitations: the main contact adds colleagues (new or existing users) and assigns parts."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from surveys.models import Membership


def _team_url(kommune):
    return reverse("surveys:team", args=(2021, kommune.number))


@pytest.fixture
def main_contact(client, reporter):
    client.force_login(reporter)
    return client


def test_main_contact_creates_a_new_colleague_with_a_password_link(main_contact, kommune, client):
    response = main_contact.post(
        _team_url(kommune), {"invite": "1", "username": "kari", "email": "kari@example.no", "parts": ["B"]}, follow=True
    )
    kari = get_user_model().objects.get(username="kari")
    assert not kari.has_usable_password()
    assert Membership.objects.get(user=kari).parts == "B"
    link = re.search(r"http://testserver(/skjema/passord/[^/]+/[^/\s]+/)", response.content.decode()).group(1)
    client.logout()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Legevakt-2021-kari", "new_password2": "Legevakt-2021-kari"},
    )
    assert done.status_code == 302
    kari.refresh_from_db()
    assert kari.check_password("Legevakt-2021-kari")


def test_main_contact_adds_an_existing_user_and_changes_their_parts(main_contact, kommune):
    existing = get_user_model().objects.create_user("ola", password="pw-for-tests-123")
    main_contact.post(_team_url(kommune), {"invite": "1", "username": "ola"})
    assert Membership.objects.get(user=existing).parts == ""
    main_contact.post(_team_url(kommune), {"invite": "1", "username": "ola", "parts": ["B", "E"]})
    assert Membership.objects.get(user=existing).parts == "B|E"
    assert existing.check_password("pw-for-tests-123")  # an existing account is not touched


def test_all_parts_ticked_means_whole_form(main_contact, kommune):
    main_contact.post(_team_url(kommune), {"invite": "1", "username": "per", "parts": list("ABCDE")})
    assert Membership.objects.get(user__username="per").parts == ""


def test_only_the_main_contact_may_invite(client, kommune):
    plain = get_user_model().objects.create_user("plain", password="pw-for-tests-123")
    Membership.objects.create(user=plain, municipality_number=kommune.number)
    client.force_login(plain)
    assert client.get(_team_url(kommune)).status_code == 200
    refused = client.post(_team_url(kommune), {"invite": "1", "username": "sneaky"})
    assert refused.status_code == 403
    assert not get_user_model().objects.filter(username="sneaky").exists()


def test_main_contact_removes_a_colleague_but_not_one_of_another_municipality(main_contact, kommune, outsider):
    main_contact.post(_team_url(kommune), {"invite": "1", "username": "kari"})
    kari = Membership.objects.get(user__username="kari")
    foreign = Membership.objects.get(user=outsider)
    main_contact.post(_team_url(kommune), {"remove": str(foreign.pk)})
    assert Membership.objects.filter(pk=foreign.pk).exists()
    main_contact.post(_team_url(kommune), {"remove": str(kari.pk)})
    assert not Membership.objects.filter(pk=kari.pk).exists()


def test_invited_member_sees_the_municipality(main_contact, kommune, client):
    main_contact.post(_team_url(kommune), {"invite": "1", "username": "kari", "parts": ["E"]})
    kari = get_user_model().objects.get(username="kari")
    client.force_login(kari)
    assert client.get(reverse("surveys:overview", args=(2021, kommune.number))).status_code == 200


def test_invitations_and_removals_write_audit_events(main_contact, kommune, reporter):
    from surveys.models import AuditEvent

    main_contact.post(_team_url(kommune), {"invite": "1", "username": "kari", "email": "", "parts": ["B"]})
    kari = Membership.objects.get(user__username="kari")
    main_contact.post(_team_url(kommune), {"remove": str(kari.pk)})
    events = list(AuditEvent.objects.order_by("id").values_list("action", "user", "municipality_number", "subject"))
    assert events == [
        ("member.invited", reporter.pk, kommune.number, "kari"),
        ("member.removed", reporter.pk, kommune.number, "kari"),
    ]
