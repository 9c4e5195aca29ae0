"""Sent back with two batch-rule questions: the reporter sees each at its field and on the check page, cannot
resubmit before both are answered, corrects one value and replies to the other; the editor sees the reply on the
review page and in the flag's history."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from kostra.reference.models import Municipality
from kostra.roles import EDITORS
from surveys.models import Membership, Response, Survey
from tests.validation.workbench.conftest import HVALER, sample_row
from validation.dialogue.models import FlagQuestion
from validation.models import Flag, ReviewEvent

pytestmark = pytest.mark.browser

PASSWORD = "Legevakt-test-2021"
BASE = f"/skjema/2021/{HVALER}"
REPLY = "Hvaler har ikke noe legevaktsamarbeid; vertskommunens liste er feil."


@pytest.fixture
def sent_in(reference_data):
    """Hvaler's submitted response with two open flags of the batch rules, one editor and Hvaler's reporter."""
    survey = Survey.objects.get(year=2021)
    now = timezone.now()
    response = Response.objects.create(
        survey=survey,
        municipality=Municipality.objects.get(year=2021, number=HVALER),
        raw_values=sample_row(HVALER),
        status=Response.Status.SUBMITTED,
        submitted_at=now,
        first_submitted_at=now,
    )
    common = dict(response=response, severity=Flag.Severity.WARNING, first_seen_at=now, last_seen_at=now)
    Flag.objects.create(
        rule_id="EQ-09",
        variables="a_net_operating_cost",
        message="Utgift per innbygger er langt fra sammenlignbare kommuner (median 1 737 kr).",
        seen={"a_net_operating_cost": 8240},
        score=50,
        **common,
    )
    Flag.objects.create(
        rule_id="LV-05",
        variables="s24_legevakt_parts",
        message="Vertskommunen 3004 Fredrikstad oppgir Hvaler som deltaker, men Hvaler har ikke krysset av for del C.",
        seen={"s24_legevakt_parts": "A"},
        score=40,
        **common,
    )
    users = get_user_model().objects
    editor = users.create_user("kontrollor", password=PASSWORD)
    editor.groups.add(Group.objects.get_or_create(name=EDITORS)[0])
    reporter = users.create_user("rapportor-hvaler", password=PASSWORD)
    Membership.objects.create(user=reporter, municipality_number=HVALER, is_main_contact=True)
    return response


def _send_back(page):
    page.goto(f"/kontroll/arbeid/2021/{HVALER}/")
    form = page.locator("#send-tilbake form")
    form.locator("textarea[name=message]").fill("Se på de to spørsmålene under og svar oss.")
    expect(form.locator("input[name=flags]:checked")).to_have_count(2)
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("sendt tilbake")


def test_reporter_answers_both_questions_and_the_editor_sees_the_reply(sent_in, new_page, login, axe, screenshot):
    editor = new_page()
    login(editor, "kontrollor", PASSWORD)
    _send_back(editor)
    assert FlagQuestion.objects.filter(response=sent_in, closed_at__isnull=True).count() == 2

    violations = {}
    page = new_page()
    login(page, "rapportor-hvaler", PASSWORD)
    page.goto(f"{BASE}/kontroll/")
    expect(page.locator(".notice-ok")).to_have_count(0)  # never "nothing blocks" while SSB waits
    expect(page.locator(".error-summary")).to_contain_text("SSB venter på svar på 2 spørsmål")
    expect(page.locator("#ssb-questions li")).to_have_count(2)
    violations["check_sent_back"] = axe(page, "check_sent_back")
    screenshot(page, "check_sent_back_1280")
    page.click("button[value=submit]")
    expect(page.locator(".messages")).to_contain_text("SSB venter på svar på 2 spørsmål")

    page.goto(f"{BASE}/del/part_a/")  # the question at its field, and a short banner linking to the message
    expect(page.locator(".sent-back-banner a")).to_have_attribute("href", re.compile("#sent-back$"))
    at_field = page.locator("#q-a_net_operating_cost .ssb-at-field")
    expect(at_field).to_contain_text("langt fra sammenlignbare kommuner")
    violations["part_a_sent_back"] = axe(page, "part_a_sent_back")
    page.fill("#id_a_net_operating_cost", "8420")
    page.click("button[name=save]")
    expect(page.locator("#save-status")).to_contain_text("Lagret kl.")

    page.goto(f"{BASE}/kontroll/")
    corrected = page.locator("#ssb-questions li", has_text="sammenlignbare")
    expect(corrected).to_contain_text("Du har endret")
    expect(corrected).to_contain_text("Besvart")
    expect(page.locator(".error-summary")).to_contain_text("SSB venter på svar på 1 spørsmål")
    page.locator("#ssb-questions li", has_text="Fredrikstad").locator("textarea").fill(REPLY)
    page.click("button[value=submit]")
    expect(page).to_have_url(re.compile(f"{BASE}/kvittering/$"))

    response = Response.objects.get(pk=sent_in.pk)
    assert response.status == Response.Status.SUBMITTED
    assert response.raw_values["a_net_operating_cost"] == "8420"
    replied = FlagQuestion.objects.get(flag__rule_id="LV-05")
    assert (replied.reply, replied.replied_by.username, replied.closed_at is not None) == (
        REPLY,
        "rapportor-hvaler",
        True,
    )
    assert ReviewEvent.objects.filter(action="flag.replied", flag=replied.flag, reason=REPLY).exists()

    editor.goto(f"/kontroll/arbeid/2021/{HVALER}/")
    flag = editor.locator(f"#flag-{replied.flag.pk}")
    expect(flag.locator(".wb-reply")).to_contain_text(REPLY)
    screenshot(flag, "editor_sees_reply_1280")
    editor.goto(f"/kontroll/arbeid/2021/{HVALER}/endringer/")
    expect(editor.locator("main")).to_contain_text(REPLY)  # the flag's history
    assert {name: [v["id"] for v in found] for name, found in violations.items() if found} == {}
