"""Scope: a reporter sees only own municipalities; part-limited members edit only their parts."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from surveys.models import Membership
from tests.surveys.test_reporter_support import post_section, section_url, stored

PAGES = ("surveys:overview", "surveys:check", "surveys:team", "surveys:receipt")


@pytest.mark.parametrize("name", PAGES)
def test_it_rejects_outsider_with_404(client, outsider, kommune, name):
    client.force_login(outsider)
    assert client.get(reverse(name, args=(2021, kommune.number))).status_code == 404


def test_it_rejects_outsider_on_section_get_and_post(client, outsider, kommune, questionnaire):
    client.force_login(outsider)
    assert client.get(section_url(kommune.number, "part_e")).status_code == 404
    response = client.post(section_url(kommune.number, "part_e"), {"e_hours_from_systems": "ja"})
    assert response.status_code == 404


def test_it_sends_anonymous_to_login(client, kommune):
    response = client.get(reverse("surveys:overview", args=(2021, kommune.number)))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_index_lists_only_own_municipalities(client, reporter, kommune, other_kommune):
    client.force_login(reporter)
    html = client.get(reverse("surveys:index")).content.decode()
    assert kommune.name in html
    assert other_kommune.name not in html


def test_two_colleagues_share_one_response(client, reporter, kommune, questionnaire):
    colleague = get_user_model().objects.create_user("colleague", password="pw-for-tests-123")
    Membership.objects.create(user=colleague, municipality_number=kommune.number)
    client.force_login(reporter)
    post_section(client, questionnaire, kommune.number, "part_e", {"e_hours_from_systems": "ja"})
    client.force_login(colleague)
    post_section(client, questionnaire, kommune.number, "part_e", {"e_hours_not_discretionary": "nei"})
    assert stored() == {"e_hours_from_systems": "ja", "e_hours_not_discretionary": "nei"}


@pytest.fixture
def part_b_member(kommune):
    user = get_user_model().objects.create_user("b-only", password="pw-for-tests-123")
    Membership.objects.create(user=user, municipality_number=kommune.number, parts="B")
    return user


def test_part_limited_member_edits_only_own_part(client, part_b_member, reporter, kommune, questionnaire):
    client.force_login(reporter)
    post_section(client, questionnaire, kommune.number, "s2_4", {"s24_legevakt_parts": "A|B"})
    client.force_login(part_b_member)
    ok = post_section(client, questionnaire, kommune.number, "part_b", {"b_hospital_colocated": "ja"})
    assert ok.status_code == 302
    assert client.get(section_url(kommune.number, "part_a")).status_code == 200  # may read
    refused = post_section(client, questionnaire, kommune.number, "part_a", {"a_variant": "ordinaer"})
    assert refused.status_code == 403
    refused = post_section(client, questionnaire, kommune.number, "s2_4", {"s24_legevakt_parts": "B"})
    assert refused.status_code == 403
    assert stored() == {"s24_legevakt_parts": "A|B", "b_hospital_colocated": "ja"}


def test_part_limited_member_cannot_submit(client, part_b_member, kommune):
    client.force_login(part_b_member)
    html = client.get(reverse("surveys:check", args=(2021, kommune.number))).content.decode()
    assert 'value="submit"' not in html
    client.post(reverse("surveys:check", args=(2021, kommune.number)), {"action": "submit"})
    assert not kommune.responses.filter(status="submitted").exists()
