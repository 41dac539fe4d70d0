"""The open-data page on the demo's data, checked with axe-core in Dutch and in English (at a desktop's
and a phone's width), for a visitor who is not logged in; every download link on it answers, and with
the demo loaded no data set is empty."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_open_data_page_has_no_axe_violations(browser, live_server, settings, language):
    settings.DEMO_MODE = True
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    context = browser.new_context(base_url=live_server.url)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(60_000)
    response = page.goto("/open-data/")
    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    assert axe_violations(page) == []
    # at a phone's width the page does not scroll sideways (the table scrolls on its own) and still passes
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 1280, "height": 800})
    links = page.locator("main a[download]")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(hrefs) == 10
    for href in hrefs:
        answer = context.request.get(href)
        assert answer.status == 200, href
        if href.endswith(".json"):
            assert json.loads(answer.body())["records"], f"{href} is empty in the demo"
    # reachable from the footer of the public agenda page
    page.goto("/")
    page.locator("footer a[href='/open-data/']").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/open-data/")
    context.close()
