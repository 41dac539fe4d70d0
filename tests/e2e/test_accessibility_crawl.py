"""Every kind of page of the demo, checked with axe-core in headless Chromium.

People with different roles log in and follow the links of the demo; one page per URL pattern (the
first one found) is checked for WCAG 2.1 A/AA violations. New pages are covered without changing this
test, as long as some page links to them.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.e2e.conftest import axe_violations
from tests.e2e.crawl import START, html_pages, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def check_pages(page, start: list[str], checked: set[str], problems: list[str]) -> int:
    """Run axe on the first page of every URL pattern not checked yet; the number newly checked."""
    new = 0
    for key, path in html_pages(page, start):
        if key not in checked:
            checked.add(key)
            new += 1
            for violation in axe_violations(page):
                problems.append(f"{path}: {violation}")
    return new


def test_every_kind_of_page_has_no_axe_violations(browser, live_server, settings):
    settings.DEMO_MODE = True  # the demo's accounts log in with the password alone, as in `make demo`
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    checked: set[str] = set()
    problems: list[str] = []
    total = 0
    for person in [None, "coordinator", "regisseur", "partnercontact", "teamlid", "bestuurder", "raadslid"]:
        context = browser.new_context(base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(20_000)
        if person:
            log_in(page, f"{person}@veerdam.example")
        page.goto("/")
        total += check_pages(
            page,
            START,
            checked,
            problems,
        )
        context.close()
    assert total >= 40, f"only {total} kinds of page were reached: {sorted(checked)}"
    print(f"axe checked {total} kinds of page: {sorted(checked)}")
    assert problems == [], "\n".join(problems)
