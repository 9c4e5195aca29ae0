"""Browser fixtures: Playwright driving Debian's chromium (never a downloaded browser) against live_server.

`browser` is one headless chromium per session; `page` a fresh context per test (1280 px wide, bokmål);
`axe` runs axe-core on a page and saves the JSON report under test-artifacts/axe/. Without /usr/bin/chromium
the tests are skipped, unless REQUIRE_BROWSER=1, when they fail.
"""

import json
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse ORM calls from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SERIOUS = ("serious", "critical")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {CHROMIUM} is missing (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def reference_data(transactional_db):
    """The register and the 2021 survey: live_server's flush after each test removes the migrations' rows."""
    from surveys.services.years import load_reference_data

    load_reference_data(2021)


@pytest.fixture
def new_page(browser, live_server, reference_data):
    """A factory of pages, each in its own context (own cookies): two users at once need two."""
    contexts = []

    def make(width=1280, height=900):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": height}, locale="nb-NO"
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def login():
    """login(page, username, password): sign in through the login form, as a person would."""

    def sign_in(page, username, password):
        page.goto("/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("main button[type=submit]")
        page.wait_for_load_state()

    return sign_in


@pytest.fixture
def axe():
    """axe(page, name): run axe-core, save the report, return the serious and critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    engine = Axe()
    folder = ARTIFACTS / "axe"
    folder.mkdir(parents=True, exist_ok=True)

    def run(page, name):
        results = engine.run(page)
        (folder / f"{name}.json").write_text(json.dumps(results.response, indent=2), encoding="utf-8")
        return [v for v in results.response["violations"] if v.get("impact") in SERIOUS]

    return run


@pytest.fixture
def screenshot():
    """screenshot(page_or_locator, name): a PNG under test-artifacts/screenshots/ (a page is taken whole)."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def take(target, name):
        path = folder / f"{name}.png"
        if hasattr(target, "goto"):
            target.screenshot(path=str(path), full_page=True)
        else:
            target.screenshot(path=str(path))
        return path

    return take
