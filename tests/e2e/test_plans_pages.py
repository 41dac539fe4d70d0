"""The pilots' pages on the demo's data, checked with axe-core in Dutch and in English: the list, a
pilot in each state (the scaled-up one with the monitor's change between the waves around it), the
forms (new pilot, sent back empty with its errors; edit; conclusion; go/no-go; lesson; need) and the
sections on the challenge and team pages."""

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
    client = Client()
    client.force_login(user)
    cookies.append(
        {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}
    )
    context.add_cookies([{**c, "url": live_server.url} for c in cookies])
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page


def test_the_pilot_pages_have_no_axe_violations(browser, live_server, settings):
    from veerkracht.plans.models import Pilot

    settings.DEMO_MODE = True
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    pilots = {p.state: p for p in Pilot.objects.select_related("challenge")}
    assert set(pilots) == {"voorbereiding", "lopend", "geevalueerd", "opgeschaald", "aangepast", "gestopt"}
    challenge = pilots["lopend"].challenge
    regisseur = challenge.regisseur
    paths = [
        reverse("plans:challenge_pilots", args=[challenge.slug]),
        *(reverse("plans:pilot", args=[p.pk]) for p in pilots.values()),
        reverse("plans:pilot_create", args=[challenge.slug]),
        reverse("plans:pilot_edit", args=[pilots["lopend"].pk]),
        reverse("plans:pilot_conclusion", args=[pilots["geevalueerd"].pk]),
        reverse("plans:pilot_decide", args=[pilots["geevalueerd"].pk]),
        reverse("plans:lesson_new", args=[pilots["geevalueerd"].pk]),
        reverse("plans:need_new", args=[pilots["lopend"].pk]),
        reverse("agenda:challenge", args=[challenge.slug]),
        reverse("teams:members", args=[challenge.slug]),
    ]
    problems: list[str] = []
    checked = 0
    for language in ("nl", "en"):
        context, page = _page(browser, live_server, regisseur, language)
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status == 200, (
                language,
                path,
                response and response.status,
            )
            assert page.locator("html").get_attribute("lang") == language
            if path == reverse("plans:pilot", args=[pilots["opgeschaald"].pk]):
                # the monitor measured before and after: a row per dimension with its interval
                assert page.locator("main table").nth(1).locator("tbody tr").count() == 7
            if path.endswith(("/pilots/", "/leden/")) or path == paths[-2]:
                assert page.locator("main a", has_text=pilots["gestopt"].title).count() >= 1, path
            problems += [f"{language} {path}: {v}" for v in axe_violations(page)]
            checked += 1
            if path == reverse("plans:pilot_create", args=[challenge.slug]):
                # sent back empty: the form says what is wrong, next to each field
                page.locator("main form button[type=submit]").click()
                page.wait_for_load_state("load")
                assert page.locator("main form .utrecht-form-field--invalid").count() >= 5
                problems += [f"{language} {path} (errors): {v}" for v in axe_violations(page)]
                checked += 1
        context.close()
    assert checked == 2 * (len(paths) + 1)
    assert problems == [], "\n".join(problems)
