"""An admin publishes after seeing what changes; on a 390 px phone the published figures' labels are at least
12 px and fit the chart, and no number cell of a table is cut; axe-core finds no serious violation."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from kostra.reference.models import Municipality
from kostra.roles import ADMINS
from surveys.models import Response, Survey, TableSnapshot

pytestmark = pytest.mark.browser
PASSWORD = "Legevakt-test-2021"
ANSWERS = {
    "4601": {"s24_legevakt_parts": "B", "b_own_share_net_operating_cost": "50000"},
    "4620": {"s24_legevakt_parts": "C", "c_net_operating_cost": "900"},
    "0301": {"s24_legevakt_parts": "A", "a_variant": "ordinaer", "a_fastleger_used": "ja"},
}


@pytest.fixture
def year(reference_data):
    survey = Survey.objects.get(year=2021)
    for number, values in ANSWERS.items():
        Response.objects.create(
            survey=survey,
            municipality=Municipality.objects.get(year=2021, number=number),
            raw_values=values,
            status=Response.Status.SUBMITTED,
            first_submitted_at=timezone.now(),
        )
    admin = get_user_model().objects.create_user("admin", password=PASSWORD, is_staff=True, is_superuser=True)
    admin.groups.add(Group.objects.get_or_create(name=ADMINS)[0])
    return survey


def test_admin_confirms_and_a_phone_reads_the_published_figures(year, new_page, login, axe, screenshot):
    page = new_page(width=390)
    login(page, "admin", PASSWORD)
    page.goto("/tabeller/2021/")
    page.click("text=Publiser tabellene …")
    expect(page.locator("#publish-summary")).to_contain_text("publiseres for første gang")
    assert not TableSnapshot.objects.exists()
    assert axe(page, "tables-publish-390") == []
    page.click("button[name=confirm]")
    expect(page.locator(".messages")).to_contain_text("er publisert")
    assert TableSnapshot.objects.filter(is_current=True).count() == 1

    reader = new_page(width=390)
    for slug in ("Figur_3.1", "Figur_4.1", "4.2"):
        reader.goto(f"/tabeller/2021/{slug}/")
        sizes = reader.eval_on_selector_all(
            ".bar-chart text", "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
        )
        assert sizes or not slug.startswith("Figur"), slug  # a figure has its chart
        assert all(size >= 12 for size in sizes), (slug, sizes)
        overflow = reader.eval_on_selector_all(
            ".bar-chart svg",
            "svgs => svgs.flatMap(svg => { const box = svg.getBoundingClientRect();"
            " return [...svg.querySelectorAll('text')].filter(t => t.getBoundingClientRect().right > box.right + 1)"
            ".map(t => t.textContent); })",
        )
        assert overflow == [], (slug, overflow)
        cut = reader.eval_on_selector_all(
            ".stat-table td.num", "cells => cells.filter(c => c.scrollWidth > c.clientWidth).map(c => c.textContent)"
        )
        assert cut == [], (slug, cut)
        assert axe(reader, f"tables-{slug}-390") == []
        screenshot(reader, f"tables-{slug}-390")
