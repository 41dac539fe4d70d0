"""Every page of part d, on the demo's data, checked with axe-core in Dutch and in English, by the
person who uses it: the board's overview, a challenge's governance page, an indicator's chart, the
mandate, the forms (objective, mandate, measurements, a decision, a council letter), the council page, a
letter and the public decision log. The charts carry a table with the same figures."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

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
def test_the_governance_pages_have_no_axe_violations(browser, live_server, settings, language):
    from veerkracht.accounts.models import User
    from veerkracht.governance.models import CouncilLetter, Indicator, Mandate, Objective

    settings.DEMO_MODE = True
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    # the mandate with use entered (the demo's 85 % one): bars, escalations and rules on its page
    in_force = Mandate.objects.filter(state="gegeven")
    mandate = in_force.filter(challenge__usage_entries__isnull=False).distinct().first()
    challenge = mandate.challenge
    objective = Objective.objects.filter(challenge=challenge, state="overeengekomen").first()
    indicator = Indicator.objects.filter(objective=objective, measurements__isnull=False).first()
    letter = CouncilLetter.objects.filter(state="gepubliceerd").first()
    municipality = letter.municipality
    people = {
        "bestuurder": User.objects.get(email="bestuurder@veerdam.example"),
        "raadslid": User.objects.get(email="raadslid@veerdam.example"),
        "regisseur": challenge.regisseur,
        "bezoeker": None,
    }
    pages = {
        "bestuurder": [
            reverse("governance:index"),
            reverse("governance:challenge", args=[challenge.slug]),
            reverse("governance:mandate", args=[challenge.slug]),
            reverse("governance:mandate_give", args=[challenge.slug]),
            reverse("governance:decision_new", args=[challenge.slug]),
            reverse("governance:letter_new", args=[municipality.slug]),
            reverse("governance:letter", args=[municipality.slug, letter.pk]),
        ],
        "raadslid": [
            reverse("governance:council", args=[municipality.slug]),
            reverse("governance:challenge", args=[challenge.slug]),
            reverse("governance:indicator", args=[indicator.pk]),
        ],
        "regisseur": [
            reverse("governance:objective_create", args=[challenge.slug]),
            reverse("governance:measurements", args=[objective.pk]),
            reverse("governance:indicator", args=[indicator.pk]),
        ],
        "bezoeker": [reverse("governance:decision_log", args=[municipality.slug])],
    }
    problems: list[str] = []
    checked = 0
    for who, paths in pages.items():
        context, page = _page(browser, live_server, people[who], language)
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status == 200, (who, path, response and response.status)
            assert page.locator("html").get_attribute("lang") == language
            problems += [f"{who} {path}: {v}" for v in axe_violations(page)]
            checked += 1
            if "/indicatoren/" in path:
                # the chart is an image with a name, and its figures are in a table beside it
                assert page.locator("main svg[role=img][aria-labelledby]").count() == 1
                rows = page.locator("main table tbody tr").count()
                assert rows >= indicator.measurements.count()
        context.close()
    assert checked == sum(map(len, pages.values()))
    assert problems == [], "\n".join(problems)
