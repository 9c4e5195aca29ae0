"""The season's dates: the form is read-only before opening, after closing only sent-back responses are open,
and reporters see the deadline and the days left."""

import datetime

from django.urls import reverse
from django.utils import timezone

from collection.season import notice
from surveys.models import Response
from surveys.services.entry.membership import is_editable
from tests.collection.conftest import make_season

TODAY = timezone.localdate()


def _season_around_today(survey, *, opens_in=-10, deadline_in=10, closes_in=20):
    season = make_season(survey, TODAY + datetime.timedelta(days=deadline_in), reminders=())
    season.opens_on = TODAY + datetime.timedelta(days=opens_in)
    season.closes_on = TODAY + datetime.timedelta(days=closes_in)
    season.save()
    return season


def test_notice_says_deadline_and_days_left(season, survey_2021):
    assert notice(survey_2021, datetime.date(2022, 3, 3)).text == "Frist 15. mars 2022, 12 dager igjen."
    assert notice(survey_2021, datetime.date(2022, 3, 14)).text == "Frist 15. mars 2022, 1 dag igjen."
    assert notice(survey_2021, datetime.date(2022, 3, 15)).text == "Frist 15. mars 2022: i dag."


def test_notice_before_opening_and_after_closing(season, survey_2021):
    assert "Skjemaet åpner 14. januar 2022" in notice(survey_2021, datetime.date(2022, 1, 1)).text
    assert "Fristen var 15. mars 2022" in notice(survey_2021, datetime.date(2022, 3, 20)).text
    assert "stengte 14. april 2022" in notice(survey_2021, datetime.date(2022, 5, 1)).text


def test_no_season_leaves_entry_as_it_was(response_factory):
    assert is_editable(response_factory())


def test_form_is_read_only_before_opening(survey_2021, response_factory, reporter, client):
    _season_around_today(survey_2021, opens_in=3)
    response = response_factory()
    assert not is_editable(response)
    client.force_login(reporter)
    page = client.get(reverse("surveys:section", args=(2021, "4601", "part_a"))).content.decode()
    assert "Skjemaet åpner" in page
    assert 'name="_version"' not in page or "disabled" in page
    posted = client.post(reverse("surveys:section", args=(2021, "4601", "part_a")), {"_version": "1"})
    assert posted.status_code == 403


def test_after_closing_only_sent_back_responses_are_open(survey_2021, response_factory):
    _season_around_today(survey_2021, opens_in=-40, deadline_in=-20, closes_in=-1)
    in_progress = response_factory("4601")
    sent_back = response_factory("0301")
    sent_back.status = Response.Status.SENT_BACK
    assert not is_editable(in_progress)
    assert is_editable(sent_back)


def test_open_season_shows_days_left_on_overview(survey_2021, reporter, client):
    _season_around_today(survey_2021, deadline_in=12)
    client.force_login(reporter)
    page = client.get(reverse("surveys:overview", args=(2021, "4601"))).content.decode()
    assert "12 dager igjen" in page
