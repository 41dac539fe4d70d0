"""Browser tests: real pages served by pytest-django's live server, driven by Playwright in Debian's
headless Chromium, checked with axe-core (vendored in tests/e2e/vendor) for WCAG 2.2 AA."""

from __future__ import annotations

import atexit
import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import require_service
from tests.waiting import PATIENCE

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests themselves
# (creating fixtures) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


_SHARED: dict = {}


def shared_browser():
    """One Playwright and one Chromium per test process, however many modules use the fixture
    (Playwright's sync API cannot be started twice in one thread)."""
    if "browser" not in _SHARED:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _SHARED["playwright"] = playwright
        _SHARED["browser"] = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        atexit.register(_close_shared)
    return _SHARED["browser"]


def _close_shared() -> None:
    browser, playwright = _SHARED.pop("browser", None), _SHARED.pop("playwright", None)
    if browser is not None:
        browser.close()
    if playwright is not None:
        playwright.stop()


# A bound against a hang, not a speed test (tests/waiting.py): a loaded machine serves pages slowly.
BROWSER_TIMEOUT_MS = int(min(PATIENCE, 120) * 1000)


@pytest.fixture(scope="session")
def browser():
    require_service("Chromium", Path(CHROMIUM).exists(), f"{CHROMIUM} not found (apt-get install chromium)")
    return shared_browser()


def refused_by_policy(page) -> list[str]:
    """Collects what the Content-Security-Policy refused on ``page`` (the browser says so on the
    console); a test using the ``page`` fixture fails when anything was."""
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    return refused


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-US", java_script_enabled=True)
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    refused = refused_by_policy(page)
    yield page
    context.close()
    assert refused == [], f"refused by the Content-Security-Policy: {refused}"


@pytest.fixture
def page_without_js(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(BROWSER_TIMEOUT_MS)
    yield page
    context.close()


def axe_violations(page, *, tags=("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")) -> list[dict]:
    """Run axe-core on the current page; return the violations of WCAG 2.0, 2.1 and 2.2 A/AA rules."""
    # evaluated through the browser's debugging protocol, which the Content-Security-Policy does not
    # govern (an inserted <script> would be refused as inline script)
    page.evaluate(AXE)
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", list(tags)
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
            "help": v["help"],
        }
        for v in result["violations"]
    ]


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def log_in(page, email: str, password: str = "correct-horse-battery") -> None:
    page.goto("/account/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
