"""The pages of comments and moderation, ideas on the agenda as a whole and a resident's own data, on
the demo's data, checked with axe-core in Dutch and English: an idea with comments (one hidden, for
its author, another resident and the moderator), the overview with reported comments, the public
agenda page with its ideas section, the agenda's ideas (resident and coordinator), the form for an
idea on the agenda, an idea on the agenda for its coordinator (with the link form) and the data page."""

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
def test_the_moderation_pages_have_no_axe_violations(browser, live_server, settings, language):
    from veerkracht.participation.models import Comment, Idea

    settings.DEMO_MODE = True
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    hidden = Comment.objects.select_related("idea__challenge__agenda", "author").get(hidden_at__isnull=False)
    idea = hidden.idea
    agenda_idea = Idea.objects.select_related("agenda").get(challenge__isnull=True)
    agenda = agenda_idea.agenda
    coordinator = agenda.coordinators.order_by("pk").first()
    other_resident = Idea.objects.get(title="Koffie-ochtend bij de supermarkt").author
    pages = {
        hidden.author: [f"/meedoen/ideeen/{idea.pk}/", "/meedoen/mijn-gegevens/"],
        other_resident: [
            f"/meedoen/ideeen/{idea.pk}/",
            f"/meedoen/agenda/{agenda.slug}/ideeen/",
            f"/meedoen/agenda/{agenda.slug}/ideeen/nieuw/",
            f"/agenda/openbaar/{agenda.slug}/",
        ],
        coordinator: [
            f"/meedoen/ideeen/{idea.pk}/",
            "/meedoen/ideeen/overzicht/",
            f"/meedoen/agenda/{agenda.slug}/ideeen/",
            f"/meedoen/ideeen/{agenda_idea.pk}/",
        ],
        None: [f"/agenda/openbaar/{agenda.slug}/", f"/meedoen/agenda/{agenda.slug}/ideeen/"],
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
