"""The site's own 403, 404, 500 and CSRF-failure pages: in its layout, saying what to do next; a save in place
that lost its CSRF cookie gets a short JSON answer instead."""

import pytest
from django.test import Client
from django.urls import reverse

from kostra import errors

SECTION = reverse("surveys:section", args=(2021, "4601", "s2_2"))


@pytest.mark.django_db
def test_404_is_in_the_sites_layout(client):
    answer = client.get("/finnes-ikke/")
    assert answer.status_code == 404
    html = answer.content.decode()
    assert "Vi fant ikke siden" in html and 'class="site-header"' in html and "Til forsiden" in html


def test_403_is_in_the_sites_layout(client, outsider, editor):
    client.force_login(outsider)
    answer = client.get(reverse("workbench:queue"))  # editors only
    assert answer.status_code == 403
    assert "Du har ikke tilgang til denne siden" in answer.content.decode()


def test_a_post_without_csrf_cookie_gets_the_sites_page(reporter):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reporter)
    answer = browser.post(SECTION, {"save": ""}, HTTP_REFERER=f"http://testserver{SECTION}")
    assert answer.status_code == 403
    html = answer.content.decode()
    assert "Økten din er utløpt" in html and "tatt vare på i denne nettleseren" in html
    assert f"/login/?next={SECTION}" in html  # back to the same page after logging in
    assert "CSRF" not in html


def test_a_save_in_place_without_csrf_cookie_gets_json(reporter):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reporter)
    answer = browser.post(SECTION, {"save": ""}, HTTP_ACCEPT="application/json")
    assert (answer.status_code, answer.json()) == (403, {"status": "signed-out"})


def test_the_500_page_says_what_to_do(rf, db):
    request = rf.get("/")
    answer = errors.server_error(request)
    assert answer.status_code == 500
    assert "Noe gikk galt hos oss" in answer.content.decode()


def test_the_500_page_survives_a_broken_layout(rf, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(errors, "render", broken)
    answer = errors.server_error(rf.get("/"))
    assert answer.status_code == 500 and "Noe gikk galt" in answer.content.decode()
