"""The learning community's pages on the demo's data, checked with axe-core in Dutch and in English:
the lesson list, the search page with results and facets, a lesson, the lesson form (empty, and sent
back with its errors), the communities of practice and one of them, and learned elsewhere; the search
page also for a visitor who is not logged in."""

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
def test_the_community_pages_have_no_axe_violations(browser, live_server, settings, language):
    from veerkracht.community.models import Lesson

    settings.DEMO_MODE = True
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    lesson = Lesson.objects.filter(challenge__isnull=False, visibility="regio").order_by("pk").first()
    regisseur = lesson.challenge.regisseur
    pages = {
        regisseur: [
            "/gemeenschap/",
            "/gemeenschap/?q=jongeren",
            f"/gemeenschap/lessen/{lesson.pk}/",
            "/gemeenschap/lessen/nieuw/",
            "/gemeenschap/praktijken/",
            "/gemeenschap/praktijken/jongeren-en-wijk/",
            f"/gemeenschap/opgaven/{lesson.challenge.slug}/elders/",
        ],
        None: ["/gemeenschap/?q=huurders"],
    }
    problems: list[str] = []
    checked = 0
    for who, paths in pages.items():
        context, page = _page(browser, live_server, who, language)
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status == 200, (who, path, response and response.status)
            assert page.locator("html").get_attribute("lang") == language
            if "?q=" in path:  # a search with results, each with its marked fragment
                assert page.locator("main mark").count() >= 1, path
            if path.endswith("/elders/"):  # a shared monitor profile: a table with a bar per row
                profile = page.locator("main table.vk-profile")
                assert profile.count() >= 1 and profile.first.locator("tbody tr").count() == 7
            problems += [f"{who} {path}: {v}" for v in axe_violations(page)]
            checked += 1
            if path.endswith("/nieuw/"):
                # sent back empty: the form says what is wrong, next to each field
                page.locator("main form button[type=submit]").click()
                page.wait_for_load_state("load")
                assert page.locator("main form .utrecht-form-field--invalid").count() >= 3
                problems += [f"{who} {path} (errors): {v}" for v in axe_violations(page)]
                checked += 1
        context.close()
    assert checked == sum(map(len, pages.values())) + 1
    assert problems == [], "\n".join(problems)


def test_the_challenge_page_fetches_what_was_learned_elsewhere_when_it_comes_into_view(
    browser, live_server, settings
):
    """The challenge page is sent without the search across municipalities; its "learned elsewhere"
    section fetches the findings when the reader reaches it, and the page stays free of axe
    violations with them in place."""
    from veerkracht.community.models import Lesson
    from veerkracht.community.selectors import similar_elsewhere

    settings.DEMO_MODE = True
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    lesson = Lesson.objects.filter(challenge__isnull=False, visibility="regio").order_by("pk").first()
    challenge = lesson.challenge
    expected = [i.title for i in similar_elsewhere(challenge, challenge.regisseur) if i.kind == "challenge"]
    assert expected, "the demo has similar challenges elsewhere for this challenge"
    context, page = _page(browser, live_server, challenge.regisseur, "nl")
    response = page.goto(f"/agenda/opgaven/{challenge.slug}/")
    assert response is not None and response.status == 200
    section = page.locator("section[aria-labelledby='section-elders-geleerd']")
    assert section.locator("a[href$='/elders/']").count() == 1  # what a reader without script follows
    section.scroll_into_view_if_needed()
    page.get_by_role("heading", name="Vergelijkbare opgaven elders").wait_for()
    assert section.get_by_role("link", name=expected[0]).count() >= 1
    assert section.locator("a[href$='/elders/']").count() == 0  # the link made way for the findings
    assert axe_violations(page) == []
    context.close()
