"""Nothing typed is lost: the section saves by itself (once, not per keystroke), a link saves before it leaves,
closing the page with unsaved input asks first, and values typed after the session or the CSRF cookie was lost
are kept in the browser and put back after logging in again; nothing else is changed."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from surveys.models import Membership, Response

pytestmark = pytest.mark.browser

PASSWORD = "Legevakt-test-2021"
BASE = "/skjema/2021/4601"
WITH_GP, WITHOUT_GP = "#id_s22_doctors_with_gp_contract", "#id_s22_doctors_without_gp_contract"


@pytest.fixture
def reporter(reference_data):
    user = get_user_model().objects.create_user("rapportor-bergen", password=PASSWORD)
    Membership.objects.create(user=user, municipality_number="4601", is_main_contact=True)
    return user


def _stored(var):
    response = Response.objects.filter(municipality__number="4601").first()
    return response.raw_values.get(var, "") if response else ""


def _saves(page):
    posts = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST" else None)
    return posts


def _start(page, login):
    login(page, "rapportor-bergen", PASSWORD)
    page.goto(f"{BASE}/del/s2_2/")
    page.fill(WITHOUT_GP, "60")
    page.click("button[name=save]")
    expect(page.locator("#save-status")).to_contain_text("Lagret kl.")


def test_it_saves_by_itself_once_after_typing(reporter, page, login):
    _start(page, login)
    posts = _saves(page)
    page.locator(WITH_GP).press_sequentially("1234", delay=120)  # a person typing: four input events
    with page.expect_response(lambda answer: answer.request.method == "POST", timeout=5000):
        pass  # within a few seconds, without a click
    assert _stored("s22_doctors_with_gp_contract") == "1234"
    page.wait_for_timeout(2500)  # no second save of the same values
    assert len(posts) == 1  # debounced: one save for four keystrokes, no click
    assert page.locator("#save-status").get_attribute("role") == "status"


def test_a_link_saves_before_it_leaves(reporter, page, login):
    _start(page, login)
    page.locator(WITH_GP).press_sequentially("280")
    page.click("nav.crumbs >> text=Bergen 2021")  # before the autosave's pause is over
    expect(page).to_have_url(re.compile(f"{BASE}/$"))
    assert _stored("s22_doctors_with_gp_contract") == "280"
    assert _stored("s22_doctors_without_gp_contract") == "60"


def test_closing_with_unsaved_input_asks_first(reporter, page, login):
    _start(page, login)
    page.locator(WITH_GP).press_sequentially("9")
    with page.expect_event("dialog") as asked:
        page.close(run_before_unload=True)
    assert asked.value.type == "beforeunload"
    asked.value.dismiss()  # stay: the page and its input are still there
    expect(page.locator(WITH_GP)).to_have_value("9")


def test_nothing_to_ask_when_everything_is_saved(reporter, page, login):
    _start(page, login)
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    with page.expect_event("close"):
        page.close(run_before_unload=True)
    assert asked == []


def _log_in_again_and_put_back(page, login):
    page.click("#save-status a")  # "Logg inn igjen", back to the same section afterwards
    page.fill("#id_username", "rapportor-bergen")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).to_have_url(re.compile(f"{BASE}/del/s2_2/$"))
    offer = page.locator("#draft-offer")
    expect(offer).to_contain_text("ikke ble lagret")
    expect(offer).to_contain_text(re.compile(r"skrevet \d{1,2}\.\d{1,2}\.?,? \d{2}[:.]\d{2}\)"))
    offer.locator("button.primary").click()
    expect(page.locator("#save-status")).to_contain_text("Lagret kl.")
    expect(offer).to_have_count(0)


def test_values_typed_after_the_session_expired_come_back(reporter, page, login):
    _start(page, login)
    Session.objects.all().delete()  # the session expired while the page was open
    page.locator(WITH_GP).press_sequentially("333")
    expect(page.locator("#save-status")).to_contain_text("logget ut", timeout=6000)
    assert _stored("s22_doctors_with_gp_contract") == ""
    _log_in_again_and_put_back(page, login)
    assert _stored("s22_doctors_with_gp_contract") == "333"
    assert _stored("s22_doctors_without_gp_contract") == "60"  # nothing else changed
    page.reload()
    expect(page.locator("#draft-offer")).to_have_count(0)  # saved: the browser's copy is gone


def test_values_typed_after_the_cookies_were_cleared_come_back(reporter, page, login):
    _start(page, login)
    page.context.clear_cookies()
    page.fill(WITH_GP, "444")
    page.click("button[name=save]")
    expect(page.locator("#save-status")).to_contain_text("logget ut")
    assert "403" not in page.locator("main").inner_text()
    _log_in_again_and_put_back(page, login)
    assert _stored("s22_doctors_with_gp_contract") == "444"
    assert _stored("s22_doctors_without_gp_contract") == "60"


def test_a_plain_post_without_cookies_gets_the_sites_page(reporter, page, login, axe, screenshot):
    _start(page, login)
    page.context.clear_cookies()
    page.fill(WITH_GP, "555")
    page.click("button[name=save_next]")
    expect(page.locator("h1")).to_have_text("Økten din er utløpt")
    expect(page.locator("main")).to_contain_text("tatt vare på i denne nettleseren")
    screenshot(page, "error_csrf_1280")
    assert axe(page, "error_csrf") == []
    page.click("main a.button")  # log in again, back to the section
    page.fill("#id_username", "rapportor-bergen")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    expect(page).to_have_url(re.compile(f"{BASE}/del/s2_2/$"))
    page.locator("#draft-offer button.primary").click()
    expect(page.locator("#save-status")).to_contain_text("Lagret kl.")
    assert _stored("s22_doctors_with_gp_contract") == "555"


def test_logging_out_forgets_the_typed_values(reporter, page, login):
    _start(page, login)
    Session.objects.all().delete()
    page.locator(WITH_GP).press_sequentially("66")
    expect(page.locator("#save-status")).to_contain_text("logget ut", timeout=6000)
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('kostra-draft:')).length") == 1
    login(page, "rapportor-bergen", PASSWORD)
    page.goto(f"{BASE}/")
    page.click("header button:has-text('Logg ut')")
    expect(page).to_have_url(re.compile("/login/"))
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('kostra-draft:')).length") == 0
