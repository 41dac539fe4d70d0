"""The partner network page of Regio Lindenland, on the demo's data, checked with axe-core in Dutch
and in English by the coordinator: a picture with a name and the same figures in a table."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_network_page_has_no_axe_violations(browser, live_server, settings, language):
    from veerkracht.accounts.models import User
    from veerkracht.network.graph import Measures
    from veerkracht.network.models import JobStatus, NetworkJob

    settings.DEMO_MODE = True
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    job = NetworkJob.objects.get(region__slug="regio-lindenland", status=JobStatus.DONE)
    organisations = len(Measures.from_json(job.result).nodes)
    client = Client()
    client.force_login(User.objects.get(email="coordinator@veerdam.example"))
    context = browser.new_context(base_url=live_server.url)
    cookies = [
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language},
        {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value},
    ]
    context.add_cookies([{**c, "url": live_server.url} for c in cookies])
    page = context.new_page()
    page.set_default_timeout(60_000)
    response = page.goto(reverse("network:network", args=["regio-lindenland"]))
    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("main svg[role=img][aria-labelledby]").count() == 1
    assert page.locator("main svg[role=img] circle").count() >= organisations
    # the organisations table (the second table; the first is the density per year) has every one
    assert page.locator("main table").nth(1).locator("tbody tr").count() == min(organisations, 50)
    assert page.locator("main table").nth(0).locator("tbody tr").count() == 3  # 2024, 2025, 2026
    problems = axe_violations(page)
    context.close()
    assert problems == [], "\n".join(problems)


def _open(browser, live_server, settings, language, email):
    from veerkracht.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    context = browser.new_context(base_url=live_server.url)
    cookies = [
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language},
        {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value},
    ]
    context.add_cookies([{**c, "url": live_server.url} for c in cookies])
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page


@pytest.mark.parametrize("language", ["nl", "en"])
def test_one_year_and_the_national_network_have_no_axe_violations(browser, live_server, settings, language):
    from veerkracht.network import services
    from veerkracht.network.models import Scope
    from veerkracht.organisations.models import Region

    settings.DEMO_MODE = True
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    region = Region.objects.get(slug="regio-lindenland")
    for scope, owner, year in ((Scope.REGION, region, 2025), (Scope.NATIONAL, None, None)):
        job = services.network_request(scope=scope, owner=owner, year=year)
        services.network_compute(job.pk)
    context, page = _open(browser, live_server, settings, language, "coordinator@veerdam.example")

    response = page.goto(reverse("network:network", args=["regio-lindenland"]) + "?jaar=2025")
    assert response is not None and response.status == 200
    assert page.locator("main nav a[aria-current=page]").inner_text() == "2025"
    assert page.locator("main svg[role=img][aria-labelledby]").count() == 1
    problems = axe_violations(page)

    response = page.goto(reverse("network:national"))
    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("main table").count() >= 3  # measures, brokers (or a note), groups
    problems += axe_violations(page)
    context.close()
    assert problems == [], "\n".join(problems)
