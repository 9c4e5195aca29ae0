"""Part B's grids on a phone (390 px): every box of the time grid and of each vakttype table lies wholly inside
the visible width, with no sideways scrolling of the page or of a container, and can be ticked; every checkbox
and radio on the form's pages is a target of at least 24 x 24 px. Desktop keeps the compact table."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from kostra.reference.models import Municipality
from surveys.models import Membership, Response, Survey

pytestmark = pytest.mark.browser

PASSWORD = "Legevakt-test-2021"
BASE = "/skjema/2021/4601"
SECTIONS = ("s2_2", "s2_3", "s2_4", "part_a", "part_b", "part_c", "part_d", "part_e")

BOXES_OUTSIDE = """(width) => Array.from(document.querySelectorAll('.grid input[type=checkbox]'))
  .filter((box) => box.offsetParent !== null)
  .map((box) => [box.id, box.getBoundingClientRect()])
  .filter(([, r]) => r.left < 0 || r.right > width).map(([id]) => id)"""
SCROLLERS = """() => Array.from(document.querySelectorAll('main *')).filter((el) =>
  el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX)
).map((el) => el.className || el.tagName)"""
SMALL_TARGETS = """() => Array.from(document.querySelectorAll('main input[type=checkbox], main input[type=radio]'))
  .filter((box) => box.offsetParent !== null)
  .map((box) => [box.id, box.getBoundingClientRect()])
  .filter(([, r]) => r.width < 24 || r.height < 24).map(([id, r]) => `${id} ${r.width}x${r.height}`)"""


def part_b_values(questionnaire) -> dict[str, str]:
    """A host's Part B with every question shown and every grid in use (as the soak's reporters have it)."""
    sample = {"yes_no": "ja", "integer": "5", "decimal": "2.5", "amount_1000nok": "150000", "text": "Kommentar"}
    values = {"s24_legevakt_parts": "B", "b_participant_kommune_ids": "4602|4603"}
    for question in questionnaire.section("part_b").questions:
        for var_id in question.variables:
            var = questionnaire.variables[var_id]
            if var.type == "checkbox":
                values[var_id] = "1" if var.column in ("kveld", "natt", "tilstede", "hjemme", None) else "0"
            elif var.type in ("choice", "multi_choice"):
                values[var_id] = var.option_codes[0]
            elif var.type in sample:
                values[var_id] = sample[var.type]
    return values


@pytest.fixture
def part_b_reporter(reference_data):
    user = get_user_model().objects.create_user("rapportor-bergen", password=PASSWORD)
    Membership.objects.create(user=user, municipality_number="4601", is_main_contact=True)
    survey = Survey.objects.get(year=2021)
    Response.objects.create(
        survey=survey,
        municipality=Municipality.objects.get(year=2021, number="4601"),
        raw_values=part_b_values(survey.questionnaire),
    )
    return user


def test_part_b_grids_fit_a_phone_and_can_be_ticked(part_b_reporter, new_page, login, axe, screenshot):
    page = new_page(width=390, height=844)
    login(page, "rapportor-bergen", PASSWORD)
    page.goto(f"{BASE}/del/part_b/")
    boxes = page.locator(".grid input[type=checkbox]:visible")
    assert boxes.count() > 50  # the time grid and a vakttype table per time of day
    assert page.evaluate(BOXES_OUTSIDE, 390) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.evaluate(SCROLLERS) == []
    screenshot(page, "part_b_390")
    screenshot(page.locator("#q-b_fastleger_shifts"), "part_b_shifts_390")
    screenshot(page.locator("#q-b_staff_time"), "part_b_time_390")

    night = page.locator("#id_b_staff_time_fastleger_dag")
    was = night.is_checked()
    page.locator("label.cell", has=night).click()  # the whole card button, not just the box
    expect(night).to_be_checked(checked=not was)
    for box in boxes.all()[:: max(1, boxes.count() // 12)]:  # a spread of boxes, every kind of table
        before = box.is_checked()
        box.click()
        expect(box).to_be_checked(checked=not before)
    assert axe(page, "part_b_390") == []

    page.set_viewport_size({"width": 1280, "height": 900})  # desktop: the compact table with its header
    expect(page.locator("#q-b_staff_time thead th").first).to_be_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.grid-table')).display") == "table"
    screenshot(page, "part_b_1280")
    assert axe(page, "part_b_1280") == []


def test_every_box_and_radio_is_a_24px_target(part_b_reporter, new_page, login):
    page = new_page(width=390, height=844)
    login(page, "rapportor-bergen", PASSWORD)
    small = {}
    for section in SECTIONS:
        page.goto(f"{BASE}/del/{section}/")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), section
        small[section] = page.evaluate(SMALL_TARGETS)
    assert {s: found for s, found in small.items() if found} == {}


PAGE_TYPES = {
    "overview": f"{BASE}/",
    "part_b": f"{BASE}/del/part_b/",
    "s2_4": f"{BASE}/del/s2_4/",
    "check": f"{BASE}/kontroll/",
    "not_found": "/finnes-ikke/",
    "forbidden": "/kontroll/arbeid/",
}


@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_nothing_on_any_page_type(part_b_reporter, new_page, login, axe, screenshot, width):
    page = new_page(width=width, height=900)
    login(page, "rapportor-bergen", PASSWORD)
    found = {}
    for name, url in PAGE_TYPES.items():
        page.goto(url)
        if name == "part_b":
            page.locator(".parts-nav summary").click()  # the parts list open
        found[name] = [v["id"] for v in axe(page, f"{name}_{width}")]
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
        if name in ("overview", "not_found", "forbidden", "check"):
            screenshot(page, f"{name}_{width}")
    assert {name: ids for name, ids in found.items() if ids} == {}
