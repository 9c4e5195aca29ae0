"""Personal API tokens: created in the UI (shown once, stored hashed), listed, revoked; the command; throttling."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from rest_framework.test import APIClient

from api.models import ApiToken
from api.tokens import authenticate, create_token, digest

pytestmark = pytest.mark.django_db


def test_the_page_shows_a_new_token_once_and_stores_only_its_digest(client, reporter):
    client.force_login(reporter)
    page = client.post("/api/tokens/", {"name": "Fagsystem", "days": "30"})
    assert page.status_code == 200
    secret = page.context["created"].secret
    assert secret in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    token = ApiToken.objects.get()
    assert token.digest == digest(secret) and secret not in (token.prefix, token.digest)
    again = client.get("/api/tokens/")
    assert secret not in again.content.decode() and "Fagsystem" in again.content.decode()


def test_bad_input_names_the_field_and_creates_nothing(client, reporter):
    client.force_login(reporter)
    page = client.post("/api/tokens/", {"name": "", "days": "9999"})
    assert page.status_code == 400
    assert set(page.context["form"].errors) == {"name", "days"}
    create_token(reporter, "Fagsystem", 1)
    page = client.post("/api/tokens/", {"name": "Fagsystem", "days": "3"})
    assert page.status_code == 400 and "name" in page.context["form"].errors
    assert ApiToken.objects.count() == 1


def test_revoking_ends_the_token_and_only_the_owner_may(client, reporter, outsider):
    created = create_token(reporter, "Fagsystem", 30)
    client.force_login(outsider)
    assert client.post(f"/api/tokens/{created.token.pk}/revoke/").status_code == 404
    assert authenticate(created.secret) is not None
    client.force_login(reporter)
    assert client.post(f"/api/tokens/{created.token.pk}/revoke/").status_code == 302
    assert authenticate(created.secret) is None


def test_use_is_noted_as_last_used(reporter_api, reporter):
    assert ApiToken.objects.get().last_used_at is None
    reporter_api.get("/api/v1/2021/questionnaire/")
    assert ApiToken.objects.get().last_used_at is not None


def test_the_command_prints_the_token_and_nothing_else(reporter):
    out, err = StringIO(), StringIO()
    call_command("create_api_token", "reporter", "--name", "Økonomisystem", "--days", "7", stdout=out, stderr=err)
    secret = out.getvalue().strip()
    assert out.getvalue() == secret + "\n" and err.getvalue() == ""
    token = authenticate(secret)
    assert token.name == "Økonomisystem" and token.user == reporter
    assert 6 <= (token.expires_at - token.created_at).days <= 7


def test_the_command_refuses_an_unknown_user_or_bad_days(reporter):
    with pytest.raises(CommandError, match="no such user"):
        call_command("create_api_token", "nobody", "--name", "x", stdout=StringIO())
    with pytest.raises(CommandError, match="--days"):
        call_command("create_api_token", "reporter", "--name", "x", "--days", "0", stdout=StringIO())
    assert not ApiToken.objects.exists()


@override_settings(API_THROTTLE_RATE="3/min")
def test_throttling_is_per_token(reporter, outsider):
    first, second = APIClient(), APIClient()
    first.credentials(HTTP_AUTHORIZATION=f"Bearer {create_token(reporter, 'a', 1).secret}")
    second.credentials(HTTP_AUTHORIZATION=f"Bearer {create_token(outsider, 'b', 1).secret}")
    codes = [first.get("/api/v1/2021/questionnaire/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = first.get("/api/v1/2021/questionnaire/")
    assert refused["Content-Type"] == "application/problem+json" and "Retry-After" in refused
    assert second.get("/api/v1/2021/questionnaire/").status_code == 200


def test_a_malformed_authorization_header_is_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer two words")
    answer = client.get("/api/v1/2021/questionnaire/")
    assert answer.status_code == 401 and answer.json()["type"].endswith("not-authenticated")
