"""While the database is away: a "try again" page in the site's layout, or a retryable JSON answer to the
in-place save; never a bare server error."""

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.utils import translation

from kostra.outage import server_error
from tests.surveys.test_reporter_support import section_url


@pytest.fixture
def database_gone(monkeypatch):
    def lost(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    monkeypatch.setattr("surveys.views.form.get_entry", lost)


@pytest.mark.django_db
def test_a_page_during_an_outage_is_a_try_again_page_in_the_layout(client, reporter, kommune, database_gone):
    client.force_login(reporter)
    answer = client.get(section_url(kommune.number, "part_b"))
    html = answer.content.decode()
    assert answer.status_code == 503 and answer["Retry-After"] == "5"
    assert "Tjenesten er midlertidig utilgjengelig" in html
    assert "Prøv igjen om 5 sekunder." in html
    assert 'class="site-header"' in html  # the site's layout
    assert "kanskje ikke lagret" not in html  # nothing was sent


@pytest.mark.django_db
def test_a_post_during_an_outage_says_it_may_not_be_stored(client, reporter, kommune, database_gone):
    client.force_login(reporter)
    html = client.post(section_url(kommune.number, "part_b"), {"save": ""}).content.decode()
    assert "Det du sendte nå, er kanskje ikke lagret." in html


@pytest.mark.django_db
def test_the_try_again_page_is_translated(client, reporter, kommune, database_gone):
    client.force_login(reporter)
    client.cookies["django_language"] = "en"
    html = client.get(section_url(kommune.number, "part_b")).content.decode()
    assert "The service is temporarily unavailable" in html


@pytest.mark.django_db
def test_a_save_in_place_during_an_outage_gets_a_retryable_json_answer(client, reporter, kommune, database_gone):
    client.force_login(reporter)
    answer = client.post(section_url(kommune.number, "part_b"), {"save": ""}, headers={"Accept": "application/json"})
    assert answer.status_code == 503
    body = answer.json()
    assert (body["status"], body["code"], body["retry_after"]) == ("retry", "database_unavailable", 5)
    assert "prøv å lagre igjen" in body["message"]


def test_an_outage_outside_a_view_gets_the_same_page():
    request = RequestFactory().get("/")
    try:
        raise OperationalError("the server closed the connection unexpectedly")
    except OperationalError:
        with translation.override("nb"):
            answer = server_error(request)
    assert answer.status_code == 503
    assert "Tjenesten er midlertidig utilgjengelig" in answer.content.decode()


def test_other_errors_stay_server_errors():
    request = RequestFactory().get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        answer = server_error(request)
    assert answer.status_code == 500
