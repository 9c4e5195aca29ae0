"""The database away for a moment: "Lagre" answers that nothing was saved, and the page keeps what was typed;
once the database is back, "Lagre" saves it. A page opened meanwhile is the "try again" page (axe-checked)."""

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError
from playwright.sync_api import expect

from surveys.models import Membership, Response

pytestmark = pytest.mark.browser

PASSWORD = "Legevakt-test-2021"
SECTION = "/skjema/2021/4601/del/s2_2/"


@pytest.fixture
def reporter(reference_data):
    user = get_user_model().objects.create_user("rapportor-bergen", password=PASSWORD)
    Membership.objects.create(user=user, municipality_number="4601", is_main_contact=True)
    return user


def test_a_save_during_an_outage_keeps_the_page_and_saves_once_it_is_over(
    page, login, reporter, monkeypatch, axe, screenshot
):
    login(page, "rapportor-bergen", PASSWORD)
    page.goto(SECTION)
    page.fill("#id_s22_doctors_with_gp_contract", "280")

    import surveys.views.form as form_views

    working = form_views.get_entry

    def lost(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    monkeypatch.setattr(form_views, "get_entry", lost)  # the live server runs in this process
    page.click("button[name=save]")
    expect(page.locator("#save-status")).to_contain_text("Ikke lagret: tjenesten får ikke kontakt med databasen")
    assert page.url.endswith(SECTION)  # not posted away: the page and the typed value stay
    expect(page.locator("#id_s22_doctors_with_gp_contract")).to_have_value("280")
    screenshot(page, "outage-save-retry")

    other = page.context.new_page()
    other.goto("/skjema/2021/4601/")
    expect(other.locator("h1")).to_have_text("Tjenesten er midlertidig utilgjengelig")
    expect(other.get_by_role("link", name="Prøv igjen nå")).to_have_attribute("href", "/skjema/2021/4601/")
    assert axe(other, "outage") == []

    monkeypatch.setattr(form_views, "get_entry", working)  # the database is back
    page.click("button[name=save]")
    expect(page.locator("#save-status")).to_contain_text("Lagret kl.")
    assert Response.objects.get(municipality__number="4601").raw_values["s22_doctors_with_gp_contract"] == "280"
