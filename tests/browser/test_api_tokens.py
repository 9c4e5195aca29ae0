"""A reporter creates an API token in the browser, copies it once, uses it, and revokes it; at 1280 and 390 px,
checked by axe-core. The API's documentation page runs under the site's CSP without a blocked resource."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from surveys.models import Membership

pytestmark = pytest.mark.browser

PASSWORD = "Legevakt-test-2021"


@pytest.fixture
def reporter_user(reference_data):
    user = get_user_model().objects.create_user("rapportor-api", password=PASSWORD)
    Membership.objects.create(user=user, municipality_number="4601", is_main_contact=True)
    return user


@pytest.mark.parametrize("width", [1280, 390])
def test_create_use_and_revoke_a_token(new_page, login, axe, screenshot, reporter_user, live_server, width):
    page = new_page(width=width)
    login(page, "rapportor-api", PASSWORD)
    page.goto("/api/tokens/")
    page.fill("#id_name", "Fagsystem legevakt")
    page.click("form.token-form button[type=submit]")
    secret = page.locator("#new-token").inner_text().strip()
    assert secret.startswith("lvk_")
    assert axe(page, f"api-tokens-created-{width}") == []
    screenshot(page, f"api-tokens-created-{width}")

    answer = page.request.get(
        f"{live_server.url}/api/v1/2021/responses/4601/", headers={"Authorization": f"Bearer {secret}"}
    )
    assert answer.status == 200 and answer.headers["etag"] == '"1"'

    page.goto("/api/tokens/")
    expect(page.locator("#new-token")).to_have_count(0)  # shown once only
    expect(page.locator(".token-list")).to_contain_text("Fagsystem legevakt")
    page.click("text=Trekk tilbake Fagsystem legevakt")
    expect(page.locator(".messages")).to_contain_text("trukket tilbake")
    assert axe(page, f"api-tokens-{width}") == []
    screenshot(page, f"api-tokens-{width}")
    refused = page.request.get(
        f"{live_server.url}/api/v1/2021/responses/4601/", headers={"Authorization": f"Bearer {secret}"}
    )
    assert refused.status == 401


def test_the_documentation_page_runs_under_the_csp(page, screenshot):
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.goto("/api/v1/docs/")
    expect(page.locator(".opblock").first).to_be_visible()
    screenshot(page, "api-docs")
    assert problems == []
