"""An editor works the queue in a real browser: the top item is the highest-score flag, a 1000-error is
corrected (raw value kept beside the edited one, which the edited export uses), a phone contact is logged, and
another response is sent back; its reporter sees the message, corrects and re-submits, and the flag closes as
corrected when the rules run again. axe-core checks the queue, review and metrics pages."""

import csv
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from kostra.reference.models import Municipality
from kostra.roles import EDITORS
from surveys.models import Membership, Response, Survey
from tests.validation.workbench.conftest import BAERUM, HAA, HVALER, KRONER_ERROR, sample_row
from validation.models import Flag, FollowUpContact
from validation.services import run_year_sync

pytestmark = pytest.mark.browser

PASSWORD = "Legevakt-test-2021"
MESSAGE = "Netto driftsutgifter ser ut til å være oppgitt i millioner kroner. Oppgi beløpet i 1000 kr."


@pytest.fixture
def year(reference_data):
    """Three submitted responses: Hå with a 1000-error, Hvaler with an amount far too low, Bærum missing Part E
    answers; the rules have run over the year. One editor, and Hvaler's reporter."""
    survey = Survey.objects.get(year=2021)
    now = timezone.now()
    changes = {HAA: KRONER_ERROR, HVALER: {"a_net_operating_cost": "8"}, BAERUM: {"e_split_own_residents": ""}}
    for number, change in changes.items():
        values = {k: v for k, v in {**sample_row(number), **change}.items() if v != ""}
        Response.objects.create(
            survey=survey,
            municipality=Municipality.objects.get(year=2021, number=number),
            raw_values=values,
            status=Response.Status.SUBMITTED,
            submitted_at=now,
            first_submitted_at=now,
        )
    run_year_sync(survey)
    users = get_user_model().objects
    editor = users.create_user("kontrollor", password=PASSWORD)
    editor.groups.add(Group.objects.get_or_create(name=EDITORS)[0])
    reporter = users.create_user("rapportor-hvaler", password=PASSWORD)
    Membership.objects.create(user=reporter, municipality_number=HVALER, is_main_contact=True)
    return survey


def _flag(number: str) -> Flag:
    return Flag.objects.get(response__municipality__number=number, rule_id="EQ-06")


def _edited_export(tmp_path) -> dict[str, dict[str, str]]:
    path = tmp_path / "edited.csv"
    call_command("export_responses", str(path), "--values", "edited")
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["kommunenummer"]: row for row in csv.DictReader(handle)}


def _editor_corrects_the_1000_error(page, axe, screenshot, violations):
    page.goto("/kontroll/arbeid/")
    rows = page.locator("table.wb-queue tbody tr")
    top_score = max(Flag.objects.filter(status=Flag.Status.OPEN).values_list("score", flat=True))
    assert _flag(HAA).score == top_score  # the highest-score flag of the year
    expect(rows.first).to_have_attribute("data-kommune", HAA)
    expect(rows.first).to_contain_text("EQ-06")
    expect(rows).to_have_count(3)
    violations["queue"] = axe(page, "editor_queue")
    screenshot(page, "editor_queue_1280")

    rows.first.locator("a").first.click()
    expect(page).to_have_url(re.compile(f"/kontroll/arbeid/2021/{HAA}/$"))
    violations["review"] = axe(page, "editor_review")
    screenshot(page, "editor_review_1280")
    flag = page.locator(f"#flag-{_flag(HAA).pk}")
    screenshot(flag, "editor_review_flag_1280")
    if not flag.locator("details").evaluate("details => details.open"):
        flag.locator("summary").click()
    flag.locator("textarea[name=reason]").fill("Beløpet var oppgitt i kroner; kommunen bekreftet 10 287 (1000 kr).")
    flag.locator("select[name=variable]").select_option("a_net_operating_cost")
    flag.locator("input[name=value]").fill("10 287")
    flag.locator("button[value=correct]").click()
    expect(page.locator(".messages")).to_contain_text("lukket som rettet")
    expect(page.locator('td.wb-raw[data-var="a_net_operating_cost"]')).to_contain_text("10287000")
    expect(page.locator('td.wb-edited[data-var="a_net_operating_cost"]')).to_contain_text("10287")
    expect(page.locator(f"#flag-{_flag(HAA).pk}")).to_have_attribute("data-status", "corrected")
    screenshot(page.locator("#s-part_a").locator(".."), "editor_review_part_a_corrected_1280")


def _editor_logs_a_phone_contact(page):
    page.click("text=Logg kontakt")
    expect(page.locator("h1")).to_contain_text("Logg kontakt med 1119")
    page.check(f"input[name=flags][value='{_flag(HAA).pk}']")  # the flag just corrected (no longer open)
    page.select_option("#id_channel", "phone")
    page.fill("#id_question", "Er netto driftsutgifter i del A oppgitt i kroner i stedet for 1000 kr?")
    page.select_option("#id_outcome", "corrected_editor")
    page.fill("#id_notes", "Økonomisjefen bekreftet 10 287 (1000 kr) på telefon.")
    page.click("button[type=submit].primary")
    expect(page.locator(".messages")).to_contain_text("er logget")
    expect(page.locator("main table")).to_contain_text("Telefon")


def _editor_sends_hvaler_back(page):
    page.goto(f"/kontroll/arbeid/2021/{HVALER}/")
    form = page.locator("#send-tilbake form")
    form.locator("textarea[name=message]").fill(MESSAGE)
    expect(form.locator(f"input[name=flags][value='{_flag(HVALER).pk}']")).to_be_checked()
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("sendt tilbake")
    expect(page.locator("[data-status]").first).to_have_attribute("data-status", "sent_back")


def _reporter_corrects_and_resubmits(page, screenshot):
    page.goto(f"/skjema/2021/{HVALER}/")
    notice = page.locator(".sent-back-message")
    expect(notice).to_contain_text(MESSAGE)
    expect(notice).to_contain_text("Netto driftsutgifter til egen kommunal legevakt")  # the flagged question
    screenshot(page, "reporter_sent_back_1280")
    page.goto(f"/skjema/2021/{HVALER}/del/part_a/")
    page.fill("#id_a_net_operating_cost", "8240")
    page.click("button[name=save]")
    expect(page.locator("#save-status")).to_contain_text("Lagret kl.")
    page.goto(f"/skjema/2021/{HVALER}/kontroll/")
    page.click("button[value=submit]")
    expect(page).to_have_url(re.compile(f"/skjema/2021/{HVALER}/kvittering/$"))


def test_editor_corrects_contacts_and_sends_back(year, new_page, login, axe, screenshot, tmp_path):
    violations = {}
    editor = new_page()
    login(editor, "kontrollor", PASSWORD)
    _editor_corrects_the_1000_error(editor, axe, screenshot, violations)

    stored = Response.objects.get(municipality__number=HAA)
    assert stored.raw_values["a_net_operating_cost"] == "10287000"
    assert _edited_export(tmp_path)[HAA]["a_net_operating_cost"] == "10287"
    assert _flag(HAA).status == Flag.Status.CORRECTED

    _editor_logs_a_phone_contact(editor)
    contact = FollowUpContact.objects.get()
    assert (contact.channel, contact.outcome) == ("phone", "corrected_editor")
    assert list(contact.flags.all()) == [_flag(HAA)]

    _editor_sends_hvaler_back(editor)
    assert Response.objects.get(municipality__number=HVALER).status == Response.Status.SENT_BACK

    editor.goto("/kontroll/arbeid/oppfolging/")
    expect(editor.locator("#m-contacted")).to_have_text("1")
    expect(editor.locator("#m-rate")).to_have_text("100,0 %")
    violations["metrics"] = axe(editor, "editor_metrics")
    screenshot(editor, "editor_metrics_1280")

    editor.goto(f"/kontroll/arbeid/2021/{HAA}/endringer/")  # the audit trail: names, not codes; fits 1280 px
    expect(editor.locator("table.wb-trail")).to_contain_text("Verdi rettet")
    assert editor.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    violations["audit"] = axe(editor, "editor_audit")
    screenshot(editor, "editor_audit_1280")

    reporter = new_page()
    login(reporter, "rapportor-hvaler", PASSWORD)
    _reporter_corrects_and_resubmits(reporter, screenshot)

    # Re-submission ran the rules for Hvaler: the amount is plausible now, so the flag closed as corrected.
    assert Response.objects.get(municipality__number=HVALER).status == Response.Status.SUBMITTED
    assert _flag(HVALER).status == Flag.Status.CORRECTED
    editor.goto(f"/kontroll/arbeid/2021/{HVALER}/")
    expect(editor.locator(f"#flag-{_flag(HVALER).pk}")).to_have_attribute("data-status", "corrected")

    assert {name: [v["id"] for v in found] for name, found in violations.items() if found} == {}
