"""The mandate pages in headless Chromium, checked with axe-core in Dutch and English: the mandate page
(with use, the experimentation space, earlier versions, escalations, the use form with an error), the
form that gives a mandate (also with errors) and the answer to an escalation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.e2e.conftest import axe_violations, browser  # noqa: F401 - fixture
from tests.governance.mandate_helpers import TODAY, World
from veerkracht.governance.models import UsageEntry, UsageKind
from veerkracht.governance.services.escalations import check_escalations
from veerkracht.governance.services.mandates import RuleInput

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    world = World()
    world.give(rules=[RuleInput("Oude regel", "", "Pieter van Dam", dt.date(2020, 1, 1))])
    world.give()
    UsageEntry.objects.create(
        challenge=world.challenge, kind=UsageKind.MONEY, amount=Decimal(10000), on=TODAY, description="Huur"
    )
    UsageEntry.objects.create(
        challenge=world.challenge, kind=UsageKind.HOURS, amount=Decimal(85), on=TODAY, description="Overleg"
    )
    check_escalations(world.challenge, today=TODAY)
    return world


def _context(browser, live_server, user, language):  # noqa: F811 - the fixture, passed on
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url)
    cookies = [
        {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value},
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language},
    ]
    context.add_cookies([{**c, "url": live_server.url} for c in cookies])
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_mandate_pages_have_no_axe_violations(browser, live_server, world, language):  # noqa: F811
    from veerkracht.governance.models import Escalation

    problems: list[str] = []
    slug = world.challenge.slug
    escalation = Escalation.objects.get(level="escalatie")

    context, page = _context(browser, live_server, world.regisseur, language)
    page.goto(reverse("governance:mandate", kwargs={"slug": slug}))
    assert page.locator("meter#use-money").count() == 1
    problems += [f"mandate: {v}" for v in axe_violations(page)]
    page.locator("#id_amount").fill("-5")
    page.locator("#id_description").fill("Fout")
    page.locator("form[action$='/gebruik/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("#id_amount_error").count() == 1
    problems += [f"use form with an error: {v}" for v in axe_violations(page)]
    context.close()

    context, page = _context(browser, live_server, world.board, language)
    page.goto(reverse("governance:mandate_give", kwargs={"slug": slug}))
    problems += [f"give: {v}" for v in axe_violations(page)]
    page.locator("#id_ends_on").fill("2026-01-01")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.locator("#id_ends_on_error").count() == 1
    problems += [f"give with an error: {v}" for v in axe_violations(page)]
    page.goto(reverse("governance:escalation_answer", kwargs={"pk": escalation.pk}))
    problems += [f"answer: {v}" for v in axe_violations(page)]
    context.close()
    assert problems == []
