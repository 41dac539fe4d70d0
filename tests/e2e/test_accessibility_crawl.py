"""Every kind of page of the demo, checked with axe-core in headless Chromium.

People with different roles log in and follow the links of the demo; one page per URL pattern (the
first one found) is checked for WCAG 2.1 A/AA violations. New pages are covered without changing this
test, as long as some page links to them.
"""

from __future__ import annotations

import io
from collections import deque
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from tests.e2e.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

DOWNLOADS = (".pdf", ".csv", ".xlsx", ".json", ".yaml")
SKIP = ("/static/", "/media/", "/admin/", "/i18n/", "/account/logout/", "/healthz", "/api/")
MAX_PAGES_PER_PERSON = 80


def pattern_of(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}:{match.route}"


def check_pages(page, start: list[str], checked: set[str], problems: list[str]) -> int:
    """Follow links from ``start``; run axe on the first page of every URL pattern not checked yet.
    Returns the number of patterns newly checked."""
    base = urlsplit(page.url)
    queue, seen, visited, new = deque(start), set(start), 0, 0
    per_pattern: dict[str, int] = {}
    while queue and visited < MAX_PAGES_PER_PERSON:
        path = queue.popleft()
        key = pattern_of(urlsplit(path).path)
        if key is None or per_pattern.get(key, 0) >= 2:
            continue
        per_pattern[key] = per_pattern.get(key, 0) + 1
        response = page.goto(path)
        visited += 1
        if (
            response is None
            or response.status >= 400
            or "text/html" not in response.headers.get("content-type", "")
        ):
            continue
        if key not in checked:
            checked.add(key)
            new += 1
            for violation in axe_violations(page):
                problems.append(f"{path}: {violation}")
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            parts = urlsplit(href)
            if parts.netloc and parts.netloc != base.netloc:
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if (
                not target.startswith("/")
                or target.startswith(SKIP)
                or parts.path.endswith(DOWNLOADS)
                or target in seen
            ):
                continue
            seen.add(target)
            queue.append(target)
    return new


def log_in(page, email: str) -> None:
    page.goto("/account/login/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill("veerkracht-demo")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def test_every_kind_of_page_has_no_axe_violations(browser, live_server, settings):
    settings.DEMO_MODE = True  # the demo's accounts log in with the password alone, as in `make demo`
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    checked: set[str] = set()
    problems: list[str] = []
    total = 0
    for person in [None, "coordinator", "regisseur", "partnercontact", "teamlid", "bestuurder"]:
        context = browser.new_context(base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(20_000)
        if person:
            log_in(page, f"{person}@veerdam.example")
        page.goto("/")
        total += check_pages(
            page,
            ["/", "/agenda/", "/monitor/", "/samenwerken/", "/organisaties/", "/account/"],
            checked,
            problems,
        )
        context.close()
    assert total >= 40, f"only {total} kinds of page were reached: {sorted(checked)}"
    print(f"axe checked {total} kinds of page: {sorted(checked)}")
    assert problems == [], "\n".join(problems)
