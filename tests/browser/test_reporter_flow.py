"""A reporter fills in Parts A (daytime only), C and E in a real browser, explains a cost warning and submits;
"Lagre" saves without leaving the page, with a colleague saving alongside; a reporter of another municipality
cannot open the response. axe-core checks every section page."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from surveys.models import Explanation, Membership, Response

pytestmark = pytest.mark.browser

PASSWORD = "Legevakt-test-2021"
BASE = "/skjema/2021/4601"


@pytest.fixture
def reporters(reference_data):
    users = get_user_model().objects
    bergen = users.create_user("rapportor-bergen", password=PASSWORD)
    Membership.objects.create(user=bergen, municipality_number="4601", is_main_contact=True)
    oslo = users.create_user("rapportor-oslo", password=PASSWORD)
    Membership.objects.create(user=oslo, municipality_number="0301", is_main_contact=True)
    return bergen, oslo


def _yes_no(page, var, answer):
    page.check(f"#id_{var}_{0 if answer == 'ja' else 1}")


def _save_next(page, section_id):
    page.click("button[name=save_next]")
    expect(page).to_have_url(re.compile(f"{BASE}/del/{section_id}/$"))


def _fill_context_sections(page):
    page.goto(f"{BASE}/del/s2_2/")
    page.fill("#id_s22_doctors_with_gp_contract", "280")
    page.fill("#id_s22_doctors_without_gp_contract", "60")
    _save_next(page, "s2_3")
    page.check("#id_s23_legevakt_organisation_1")  # inter-municipal cooperation with separate accounts
    _save_next(page, "s2_4")
    page.check("#id_s24_legevakt_parts_0")  # A
    page.check("#id_s24_legevakt_parts_2")  # C
    _save_next(page, "part_a")


def _fill_part_a(page):
    page.check("#id_a_variant_1")  # kun daglegevakt
    expect(page.locator("#q-a_hospital_colocated")).to_be_hidden()  # asked of ordinary legevakt only
    for group in ("fast_ansatte", "andre_leger", "sykepleiere", "annet_helsepersonell"):
        _yes_no(page, f"a_{group}_used", "nei")
    expect(page.locator("#q-a_fastleger_count")).to_be_hidden()
    _yes_no(page, "a_fastleger_used", "ja")
    expect(page.locator("#q-a_fastleger_count")).to_be_visible()  # shown without a reload
    page.fill("#id_a_fastleger_count", "40")
    page.check("#id_a_staff_time_fastleger_dag")
    expect(page.locator("#id_a_fastleger_shifts_dag_primaervakt_tilstede")).to_be_visible()
    expect(page.locator("#id_a_fastleger_shifts_natt_primaervakt_tilstede")).to_be_hidden()
    page.check("#id_a_fastleger_shifts_dag_primaervakt_tilstede")
    page.check("#id_a_fastleger_shifts_dag_primaervakt_ved_behov")  # several ticks in one row
    _yes_no(page, "a_staffing_challenges", "nei")
    page.fill("#id_a_net_operating_cost", "2 000")
    expect(page.locator("#q-a_net_operating_cost [data-amount-hint]")).to_contain_text("kr per innbygger")
    _save_next(page, "part_c")


def _fill_part_c(page):
    page.check("#id_c_cooperation_types_0")
    page.fill("#id_c_host_kommune_ids", "4602")
    for group in ("fast_ansatte", "andre_leger", "sykepleiere", "annet_helsepersonell"):
        _yes_no(page, f"c_{group}_used", "nei")
    _yes_no(page, "c_fastleger_used", "ja")
    page.fill("#id_c_fastleger_count", "25")
    for time in ("kveld", "natt", "helg"):
        page.check(f"#id_c_staff_time_fastleger_{time}")
        page.check(f"#id_c_fastleger_shifts_{time}_primaervakt_hjemme")
    _yes_no(page, "c_staffing_challenges", "nei")
    page.fill("#id_c_net_operating_cost", "1")  # 1000 kr for Bergen: implausibly low
    expect(page.locator("#q-c_net_operating_cost [data-amount-warning]")).to_contain_text("Uvanlig lavt")


def _fill_part_e(page):
    for var in (
        "e_hours_from_systems",
        "e_hours_not_discretionary",
        "e_split_onsite_backup",
        "e_split_own_residents",
        "e_split_own_contribution",
    ):
        _yes_no(page, var, "ja")
    page.click("button[name=save]")
    expect(page.locator("#save-status")).to_contain_text("Lagret kl.")


def test_reporter_fills_explains_and_submits(reporters, new_page, login, axe, screenshot):
    page = new_page()
    login(page, "rapportor-bergen", PASSWORD)
    page.goto("/skjema/")
    page.click("text=4601 Bergen")
    expect(page).to_have_url(re.compile(f"{BASE}/$"))
    _fill_context_sections(page)
    _fill_part_a(page)
    _fill_part_c(page)
    _save_next(page, "part_e")
    _fill_part_e(page)

    page.reload()
    expect(page.locator("#id_e_split_own_contribution_0")).to_be_checked()
    page.goto(f"{BASE}/del/part_c/")
    expect(page.locator("#id_c_fastleger_count")).to_have_value("25")
    expect(page.locator("#id_c_fastleger_shifts_natt_primaervakt_hjemme")).to_be_checked()
    expect(page.locator(".error-summary")).to_contain_text("EQ-06")
    stored = Response.objects.get(municipality__number="4601").raw_values
    assert stored["s24_legevakt_parts"] == "A|C"
    assert stored["a_net_operating_cost"] == "2000"
    assert stored["c_staff_time_fastleger_natt"] == "1" and stored["c_staff_time_fastleger_dag"] == "0"

    violations = {}
    for section in ("s2_2", "s2_3", "s2_4", "part_a", "part_b", "part_c", "part_d", "part_e"):
        page.goto(f"{BASE}/del/{section}/")
        violations[section] = axe(page, f"section_{section}")
        if section in ("part_a", "part_c"):
            grid = page.locator(f"#q-{section[-1]}_fastleger_shifts")
            for width in (1280, 390):
                page.set_viewport_size({"width": width, "height": 900})
                screenshot(page, f"{section}_{width}")
                screenshot(grid, f"{section}_shifts_{width}")
                no_sideways_scroll = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
                assert no_sideways_scroll, f"{section} is wider than {width} px"
            page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{BASE}/")
    violations["overview"] = axe(page, "overview")
    screenshot(page, "overview_1280")

    page.goto(f"{BASE}/kontroll/")
    violations["check"] = axe(page, "check")
    cost = page.locator("li.finding[data-rule-id='EQ-06']")
    expect(cost).to_have_attribute("data-severity", "warning")
    page.click("button[value=submit]")  # not yet explained: refused
    expect(page.locator(".messages")).to_contain_text("må rettes eller forklares")
    cost = page.locator("li.finding[data-rule-id='EQ-06']")
    cost.locator("textarea").fill("Vi betaler bare et lite tilskudd; vertskommunen dekker resten.")
    for textarea in page.locator("textarea").all():  # any other rule's finding is explained too
        if not textarea.input_value():
            textarea.fill("Kontrollert: svaret er riktig.")
    screenshot(page, "check_1280")
    page.click("button[value=submit]")
    expect(page).to_have_url(re.compile(f"{BASE}/kvittering/$"))
    expect(page.locator("main")).to_contain_text("er sendt inn")
    violations["receipt"] = axe(page, "receipt")

    response = Response.objects.get(municipality__number="4601")
    assert response.status == Response.Status.SUBMITTED
    assert Explanation.objects.filter(response=response, rule_id="EQ-06", variables="c_net_operating_cost").exists()
    page.goto(f"{BASE}/del/part_e/")
    expect(page.locator("button[name=save]")).to_have_count(0)  # read-only after submission

    assert {name: [v["id"] for v in found] for name, found in violations.items() if found} == {}


def test_other_municipality_cannot_open_the_response(reporters, new_page, login):
    page = new_page()
    login(page, "rapportor-oslo", PASSWORD)
    for path in ("/", "/del/part_a/", "/kontroll/", "/kontakter/", "/kvittering/"):
        answer = page.goto(f"{BASE}{path}")
        assert answer.status in (403, 404), path
    assert page.goto("/skjema/2021/0301/").status == 200


def test_save_stays_on_the_page_and_keeps_a_colleagues_answer(reporters, new_page, login):
    colleague = get_user_model().objects.create_user("kollega-bergen", password=PASSWORD)
    Membership.objects.create(user=colleague, municipality_number="4601")
    page, other = new_page(), new_page()
    login(page, "rapportor-bergen", PASSWORD)
    login(other, "kollega-bergen", PASSWORD)
    url = f"{BASE}/del/s2_2/"
    page.goto(url)
    page.evaluate("window.notReloaded = true")
    with_gp, without_gp = "#id_s22_doctors_with_gp_contract", "#id_s22_doctors_without_gp_contract"

    page.fill(with_gp, "tolv")
    with page.expect_request(lambda request: request.method == "POST") as posted:
        page.click("button[name=save]")
    expect(page.locator("#save-status")).to_contain_text("Lagret kl.")
    headers = posted.value.headers
    assert headers["accept"] == "application/json"
    assert headers["content-type"].startswith("application/x-www-form-urlencoded")
    findings = page.locator("#q-s22_doctors_with_gp_contract .findings")
    expect(findings).to_contain_text("Feil")
    expect(page.locator("#section-summary .error-summary")).to_contain_text("funn må rettes")
    expect(page.locator(with_gp)).to_have_attribute("aria-describedby", re.compile("err-s22_doctors_with_gp_contract"))

    other.goto(url)  # the colleague answers the other question meanwhile
    other.fill(without_gp, "60")
    other.click("button[name=save]")
    expect(other.locator("#save-status")).to_contain_text("Lagret kl.")

    page.fill(with_gp, "1 200")
    page.click("button[name=save]")
    expect(findings).to_have_count(0)
    expect(page.locator(with_gp)).to_have_value("1200")  # as stored
    expect(page.locator(without_gp)).to_have_value("60")  # the colleague's answer, now on this page too
    page.click("button[name=save]")  # saving again keeps it
    expect(page.locator("#save-status")).to_contain_text("Lagret kl.")
    assert page.evaluate("window.notReloaded") is True
    answers = Response.objects.get(municipality__number="4601").raw_values
    assert (answers["s22_doctors_with_gp_contract"], answers["s22_doctors_without_gp_contract"]) == ("1200", "60")

    other.goto(url)  # a real conflict: the plain post shows it
    other.fill(with_gp, "7")
    other.click("button[name=save]")
    expect(other.locator("#save-status")).to_contain_text("Lagret kl.")
    page.fill(with_gp, "8")
    page.click("button[name=save]")
    expect(page.locator("#conflict")).to_contain_text("Noen andre har lagret")
    assert page.evaluate("window.notReloaded") is None
    assert Response.objects.get(municipality__number="4601").raw_values["s22_doctors_with_gp_contract"] == "7"
