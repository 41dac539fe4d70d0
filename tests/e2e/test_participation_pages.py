"""Participation's pages on the demo's data, checked with axe-core in Dutch and English: the ideas of
a challenge, an idea (for a resident, and for the coordinator with the answer form), the idea form,
the coordinator's overview of overdue ideas, and the public challenge page with its ideas section."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _page(browser, live_server, user, language):
    context = browser.new_context(base_url=live_server.url)
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language}]
    if user is not None:
        client = Client()
        client.force_login(user)
        cookies.append(
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            }
        )
    context.add_cookies([{**c, "url": live_server.url} for c in cookies])
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_participation_pages_have_no_axe_violations(browser, live_server, settings, language):
    from veerkracht.participation.models import Idea

    settings.DEMO_MODE = True
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    adopted = Idea.objects.select_related("challenge").get(title="Energiecoaches uit de eigen buurt")
    open_idea = Idea.objects.get(title="Spreekuur over de energierekening in het buurthuis")
    challenge = adopted.challenge
    coordinator = challenge.agenda.coordinators.order_by("pk").first()
    resident = Idea.objects.get(title="Koffie-ochtend bij de supermarkt").author
    pages = {
        resident: [
            f"/meedoen/opgaven/{challenge.slug}/ideeen/",
            f"/meedoen/ideeen/{adopted.pk}/",
            f"/meedoen/ideeen/{open_idea.pk}/",
            f"/meedoen/opgaven/{challenge.slug}/ideeen/nieuw/",
        ],
        coordinator: [f"/meedoen/ideeen/{open_idea.pk}/", "/meedoen/ideeen/overzicht/"],
        None: [f"/agenda/openbaar/opgaven/{challenge.slug}/", f"/meedoen/opgaven/{challenge.slug}/ideeen/"],
    }
    problems: list[str] = []
    for who, paths in pages.items():
        context, page = _page(browser, live_server, who, language)
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status == 200, (who, path, response and response.status)
            problems += [f"{who} {path}: {v}" for v in axe_violations(page)]
        context.close()
    assert problems == [], "\n".join(problems)


def test_similar_ideas_appear_while_typing(browser, live_server, settings):
    from veerkracht.participation.models import Idea

    settings.DEMO_MODE = True
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    idea = Idea.objects.select_related("challenge").get(title="Energiecoaches uit de eigen buurt")
    context, page = _page(
        browser, live_server, Idea.objects.get(title="Koffie-ochtend bij de supermarkt").author, "nl"
    )
    page.goto(f"/meedoen/opgaven/{idea.challenge.slug}/ideeen/nieuw/")
    page.fill("#id_title", "Een energiecoach voor mijn straat")
    page.locator("#similar").get_by_text("Energiecoaches uit de eigen buurt").wait_for()
    context.close()
