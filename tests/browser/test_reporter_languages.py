"""The reporter journey in nynorsk and in English: open Part B, tick the grids, save, see a finding, submit, see the
receipt. A reporter of a municipality the register lists as nynorsk gets nynorsk without choosing; a reporter of a
neutral municipality picks English with the switch. No visible text on those pages may be in another language
(the other catalogues' msgstrs and the questionnaire's other texts), and axe-core finds nothing."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from questionnaire.loader import definition_name, load_definition
from surveys.models import Membership, Response
from tests.kostra.test_translations import catalogue

pytestmark = pytest.mark.browser

PASSWORD = "Legevakt-test-2021"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|«|»")


def _questionnaire_texts(language: str) -> list[str]:
    questionnaire = load_definition(definition_name(2021))
    attribute = {"nb": "_no", "nn": "_nn", "en": "_en"}[language]
    texts = [getattr(questionnaire, "title" + attribute)]
    for section in questionnaire.sections:
        texts += [getattr(section, "title" + attribute), getattr(section, "help" + attribute) or ""]
        for question in section.questions:
            texts += [getattr(question, "label" + attribute), getattr(question, "help" + attribute) or ""]
            options = list(question.options)
            if question.matrix:
                options += [*question.matrix.rows, *question.matrix.columns, *question.matrix.blocks]
            texts += [getattr(option, "label" + attribute) for option in options]
    return [text for text in texts if text]


def _texts(language: str) -> list[str]:
    """Every text a page in `language` may show, from its catalogue and the questionnaire, cut at placeholders."""
    entries = catalogue(language).values()
    texts = [s for entry in entries for s in entry["msgstr"]] + _questionnaire_texts(language)
    return [part.strip() for text in texts for part in PLACEHOLDER.split(text) if part.strip()]


def wrong_language_texts(language: str) -> list[str]:
    """Texts of the two other languages long enough to be told apart, that the page's own language never uses."""
    own = _texts(language)
    own_joined = "\n".join(own)
    others = {text for other in settings.LANGUAGES if other[0] != language for text in _texts(other[0])}
    return sorted(t for t in others if len(t) >= 14 and " " in t and t not in own_joined)


def assert_in_language(page, language: str, wrong: list[str]):
    assert page.get_attribute("html", "lang") == language
    visible = page.inner_text("body")
    assert [text for text in wrong if text in visible] == [], page.url


@pytest.fixture
def reporters(reference_data):
    users = get_user_model().objects
    kinn = users.create_user("rapportor-kinn", password=PASSWORD)  # Kinn: nynorsk in the 2021 register
    Membership.objects.create(user=kinn, municipality_number="4602", is_main_contact=True)
    bergen = users.create_user("rapportor-bergen", password=PASSWORD)  # Bergen: neutral
    Membership.objects.create(user=bergen, municipality_number="4601", is_main_contact=True)
    return kinn, bergen


def _yes_no(page, var, answer):
    page.check(f"#id_{var}_{0 if answer == 'ja' else 1}")


def _save_next(page, base, section_id):
    page.click("button[name=save_next]")
    expect(page).to_have_url(re.compile(f"{base}/del/{section_id}/$"))


def _journey(page, base, language, wrong, axe, screenshot, explanation):
    violations = {}
    page.goto(f"{base}/del/s2_2/")
    assert_in_language(page, language, wrong)
    page.fill("#id_s22_doctors_with_gp_contract", "20")
    page.fill("#id_s22_doctors_without_gp_contract", "4")
    _save_next(page, base, "s2_3")
    page.check("#id_s23_legevakt_organisation_3")  # other inter-municipal cooperation
    _save_next(page, base, "s2_4")
    page.check("#id_s24_legevakt_parts_1")  # B: host municipality
    _save_next(page, base, "part_b")

    assert_in_language(page, language, wrong)
    _yes_no(page, "b_hospital_colocated", "nei")
    for group in ("fast_ansatte", "andre_leger", "sykepleiere", "annet_helsepersonell"):
        _yes_no(page, f"b_{group}_used", "nei")
    _yes_no(page, "b_fastleger_used", "ja")
    page.fill("#id_b_fastleger_count", "12")
    for time in ("kveld", "natt", "helg"):  # the grids: time of day, then the shift grid of each ticked time
        page.check(f"#id_b_staff_time_fastleger_{time}")
        page.check(f"#id_b_fastleger_shifts_{time}_primaervakt_tilstede")
    _yes_no(page, "b_staffing_challenges", "nei")
    page.fill("#id_b_total_net_operating_cost", "1")  # 1000 kr for a whole cooperation: implausibly low
    page.fill("#id_b_own_share_net_operating_cost", "1")
    page.fill("#id_b_participant_count", "1")
    page.fill("#id_b_participant_kommune_ids", "4649")
    page.check("#id_b_participant_contribution_0")
    page.click("button[name=save]")
    expect(page.locator("#save-status")).to_be_visible()
    expect(page.locator("#q-b_total_net_operating_cost .findings")).to_be_visible()  # the finding, in place
    assert_in_language(page, language, wrong)
    violations["part_b"] = axe(page, f"{language}_part_b")
    for width in (1280, 390):  # longer nynorsk and English texts still fit a phone
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"{language}_part_b_{width}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{base}/del/part_e/")
    for var in ("hours_from_systems", "hours_not_discretionary", "split_onsite_backup", "split_own_residents"):
        _yes_no(page, f"e_{var}", "ja")
    _yes_no(page, "e_split_own_contribution", "ja")
    page.click("button[name=save]")
    expect(page.locator("#save-status")).to_be_visible()

    page.goto(f"{base}/kontroll/")
    assert_in_language(page, language, wrong)
    expect(page.locator("li.finding[data-rule-id='EQ-06']").first).to_be_visible()
    for textarea in page.locator("textarea").all():
        textarea.fill(explanation)
    violations["check"] = axe(page, f"{language}_check")
    screenshot(page, f"{language}_check_1280")
    page.click("button[value=submit]")
    expect(page).to_have_url(re.compile(f"{base}/kvittering/$"))
    assert_in_language(page, language, wrong)
    violations["receipt"] = axe(page, f"{language}_receipt")
    page.goto(f"{base}/")
    assert_in_language(page, language, wrong)
    violations["overview"] = axe(page, f"{language}_overview")
    return violations


def test_nynorsk_municipality_reports_in_nynorsk_without_choosing(reporters, new_page, login, axe, screenshot):
    page = new_page()  # the browser asks for bokmål (nb-NO)
    login(page, "rapportor-kinn", PASSWORD)
    base = "/skjema/2021/4602"
    page.goto(f"{base}/")
    expect(page.locator("main")).to_contain_text("Delane av skjemaet")
    wrong = wrong_language_texts("nn")
    assert "Delene av skjemaet" in wrong and "The parts of the form" in wrong  # the check can fail
    violations = _journey(page, base, "nn", wrong, axe, screenshot, "Beløpet er rett; vertskommunen dekkjer resten.")
    expect(page.locator("main")).to_contain_text("Delane av skjemaet")
    assert Response.objects.get(municipality__number="4602").status == Response.Status.SUBMITTED
    assert {name: [v["id"] for v in found] for name, found in violations.items() if found} == {}


def test_reporter_chooses_english_and_reports_in_english(reporters, new_page, login, axe, screenshot):
    page = new_page()
    login(page, "rapportor-bergen", PASSWORD)
    base = "/skjema/2021/4601"
    page.goto(f"{base}/")
    page.click("header button[value=en]")
    expect(page.locator("main")).to_contain_text("The parts of the form")
    wrong = wrong_language_texts("en")
    violations = _journey(page, base, "en", wrong, axe, screenshot, "The amount is right; the host pays the rest.")
    assert Response.objects.get(municipality__number="4601").status == Response.Status.SUBMITTED
    assert {name: [v["id"] for v in found] for name, found in violations.items() if found} == {}


def test_wrong_language_texts_catch_bokmal_on_a_nynorsk_page():
    wrong = wrong_language_texts("nn")
    assert "Skjemaet er sendt inn og kan ikke endres nå." in wrong
    assert "Skjemaet er sendt inn og kan ikkje endrast no." not in wrong
    assert Path(settings.BASE_DIR, "locale", "nn", "LC_MESSAGES", "django.po").exists()
