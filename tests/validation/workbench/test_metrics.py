"""Follow-up metrics (EQ-22): from a fixture of contacts shaped like SSB's 2021 follow-up, and from the
database through logged contacts and corrections."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from surveys.models import ChangeLog
from surveys.services.values import correct_value, save_raw_values
from tests.validation.workbench.conftest import BAERUM, HVALER
from validation.models import Flag, FollowUpContact
from validation.workbench.followups import log_contact, metrics_for_survey
from validation.workbench.metrics import ContactFact, follow_up_metrics, reply_rate

TODAY = date(2022, 6, 1)
PORTAL, EMAIL, PHONE = "portal", "email", "phone"
NO_ANSWER, CONFIRMED, IN_PORTAL, BY_EDITOR = "no_answer", "confirmed", "corrected_portal", "corrected_editor"


def contacts_2021() -> list[ContactFact]:
    """85 municipalities contacted, 79 replied: about half corrected in the portal, the rest answered by e-mail
    (some confirming, some corrected by the editor), a few by phone; 6 never answered (2 past their date)."""
    facts, n = [], 0

    def add(count, channel, outcome, follow_up=None):
        nonlocal n
        for _ in range(count):
            n += 1
            facts.append(ContactFact(f"{n:04d}", date(2022, 4, 1), channel, outcome, follow_up, (f"v{n % 29}",)))

    add(40, PORTAL, IN_PORTAL)
    add(25, EMAIL, BY_EDITOR)
    add(9, EMAIL, CONFIRMED)
    add(5, PHONE, BY_EDITOR)
    add(4, EMAIL, NO_ANSWER, follow_up=date(2022, 7, 1))  # not due yet
    add(2, PHONE, NO_ANSWER, follow_up=date(2022, 5, 1))  # overdue
    return facts


def test_reply_rate_has_one_decimal():
    assert reply_rate(79, 85) == 92.9
    assert reply_rate(0, 0) is None
    assert reply_rate(1, 3) == 33.3
    assert reply_rate(2, 3) == 66.7
    assert reply_rate(1, 8) == 12.5  # half rounds up, without binary surprises


def test_metrics_of_the_2021_follow_up():
    metrics = follow_up_metrics(contacts_2021(), [], today=TODAY)
    assert (metrics.contacted, metrics.replied, metrics.reply_rate) == (85, 79, 92.9)
    assert metrics.contacts == 85
    assert metrics.variables_asked == 29
    assert metrics.by_channel[PORTAL] == {IN_PORTAL: 40}
    assert metrics.by_channel[EMAIL] == {BY_EDITOR: 25, CONFIRMED: 9, NO_ANSWER: 4}
    assert metrics.by_channel[PHONE] == {BY_EDITOR: 5, NO_ANSWER: 2}
    assert [c.municipality for c in metrics.overdue] == ["0084", "0085"]


def test_a_municipality_counts_once_and_a_later_reply_ends_its_follow_up():
    first = ContactFact("0001", date(2022, 4, 1), EMAIL, NO_ANSWER, date(2022, 4, 15))
    reminder = ContactFact("0001", date(2022, 4, 20), PHONE, CONFIRMED)
    other = ContactFact("0002", date(2022, 4, 1), EMAIL, NO_ANSWER, date(2022, 4, 15))
    metrics = follow_up_metrics([first, reminder, other], [], today=TODAY)
    assert (metrics.contacted, metrics.replied, metrics.reply_rate) == (2, 1, 50.0)
    assert metrics.overdue == [other]


def test_most_corrected_variables_count_municipalities():
    corrections = [("0001", "a_net_operating_cost"), ("0001", "a_net_operating_cost"), ("0002", "a_net_operating_cost")]
    corrections += [("0003", "c_fastleger_count"), ("0004", "b_total_net_operating_cost")]
    metrics = follow_up_metrics([], corrections, today=TODAY, top=2)
    assert metrics.most_corrected == [("a_net_operating_cost", 2), ("b_total_net_operating_cost", 1)]
    assert metrics.reply_rate is None


@pytest.fixture
def logged(survey_2021, submitted, run_rules, editor, kroner_error):
    """Hå corrected by the editor after a phone call; Hvaler corrected itself in the portal after an e-mail;
    Bærum was e-mailed and has not answered, past its date."""
    hvaler, baerum = run_rules(submitted(HVALER, a_net_operating_cost="8"), submitted(BAERUM))
    flag = Flag.objects.get(response=kroner_error, rule_id="EQ-06")
    today = timezone.localdate()
    log_contact(
        survey_2021,
        kroner_error.municipality,
        editor=editor,
        flags=[flag],
        contacted_on=today,
        channel=PHONE,
        question="Er netto driftsutgifter oppgitt i kroner?",
        outcome=BY_EDITOR,
    )
    correct_value(kroner_error, "a_net_operating_cost", "10287", editor=editor, reason="Svar på telefon.")
    log_contact(
        survey_2021,
        hvaler.municipality,
        editor=editor,
        contacted_on=today,
        channel=EMAIL,
        question="?",
        outcome=IN_PORTAL,
    )
    save_raw_values(hvaler, {"a_net_operating_cost": "8240"}, user=None, source=ChangeLog.Source.RESPONDENT)
    log_contact(
        survey_2021,
        baerum.municipality,
        editor=editor,
        contacted_on=today - timedelta(days=20),
        channel=EMAIL,
        question="Mangler svar i del E.",
        follow_up_on=today - timedelta(days=6),
    )
    return survey_2021


def test_metrics_from_the_database(logged):
    metrics = metrics_for_survey(logged)
    assert (metrics.contacted, metrics.replied, metrics.reply_rate) == (3, 2, 66.7)
    assert metrics.by_channel == {PHONE: {BY_EDITOR: 1}, EMAIL: {IN_PORTAL: 1, NO_ANSWER: 1}}
    assert [c.municipality for c in metrics.overdue] == [BAERUM]
    assert metrics.most_corrected == [("a_net_operating_cost", 2)]
    assert metrics.variables_asked == 1


def test_metrics_page(editor_client, logged):
    html = editor_client.get(reverse("workbench:metrics")).content.decode()
    assert '<dd id="m-contacted">3</dd>' in html
    assert '<dd id="m-rate">66,7 %</dd>' in html
    assert "Mangler svar i del E." in html  # the overdue follow-up
    assert "<code>a_net_operating_cost</code>" in html


def test_contact_outcome_is_no_answer_until_recorded(logged):
    assert FollowUpContact.objects.filter(outcome=NO_ANSWER).count() == 1
