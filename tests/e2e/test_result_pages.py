"""Key results across organisations, on the demo's data, checked with axe-core in Dutch and English: the
challenge's key results page with its form (also after a refused submission), the team page's section and
a partner's page with the results it contributes to."""

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
    client = Client()
    client.force_login(user)
    cookies = [
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language},
        {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value},
    ]
    context.add_cookies([{**c, "url": live_server.url} for c in cookies])
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page


def test_the_key_result_pages_have_no_axe_violations(browser, live_server, settings):
    from veerkracht.accounts.models import User

    settings.DEMO_MODE = True
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    slug = "transitie-sociaal-domein"
    paths = [
        reverse("resources:result_challenge", args=[slug]),
        reverse("teams:members", args=[slug]),
        reverse("organisations:detail", args=["zorggroep-de-linde"]),
    ]
    headings = {
        "nl": ("Kernresultaten", "Resultaten waaraan wij bijdragen"),
        "en": ("Key results", "Results we contribute to"),
    }
    regisseur = User.objects.get(email="regisseur@veerdam.example")
    problems: list[str] = []
    for language in ("nl", "en"):
        context, page = _page(browser, live_server, regisseur, language)
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status == 200, (language, path)
            body = page.inner_text("main")
            assert any(h in body for h in headings[language]), (language, path)
            problems += [f"{language} {path}: {v}" for v in axe_violations(page)]
        # a refused submission: the errors are shown beside the fields
        page.goto(paths[0])
        page.click("#result-form button[type=submit]")
        page.wait_for_selector(".utrecht-form-field-error-message")
        problems += [f"{language} {paths[0]} (errors): {v}" for v in axe_violations(page)]
        context.close()
    assert problems == [], "\n".join(problems)
