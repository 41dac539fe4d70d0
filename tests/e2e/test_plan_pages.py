"""The analysis and the plan van aanpak on the demo's data, checked with axe-core in Dutch and English,
at 390 px (no sideways scrolling) and at 1280 px: the analysis, the plan with its figures, the version
list, the comparison and the form for the team's own text (also after a refused submission)."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.e2e.conftest import axe_violations

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _page(browser, live_server, user, language, width):
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900})
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


def test_the_plan_pages_have_no_axe_violations(browser, live_server, settings):
    from veerkracht.accounts.models import User

    settings.DEMO_MODE = True
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    slug = "transitie-sociaal-domein"
    paths = [
        reverse("plans:analysis", args=[slug]),
        reverse("plans:plan", args=[slug]),
        reverse("plans:versions", args=[slug]),
        reverse("plans:compare", args=[slug, 2]),
        reverse("plans:section_edit", args=[slug, 2, "aanpak"]),
    ]
    regisseur = User.objects.get(email="regisseur@veerdam.example")
    problems: list[str] = []
    for language, width in (("nl", 390), ("en", 1280)):
        context, page = _page(browser, live_server, regisseur, language, width)
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status == 200, (language, path)
            problems += [f"{language} {width} {path}: {v}" for v in axe_violations(page)]
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, (language, width, path, overflow)
            name = path.strip("/").replace("/", "-")
            page.screenshot(
                path=f"test-artifacts/screenshots/plans-{language}-{width}-{name}.png", full_page=True
            )
        # a refused submission keeps the text and names the problem
        page.goto(paths[-1])
        page.evaluate("document.querySelector('textarea').removeAttribute('maxlength')")
        page.fill("textarea", "x" * 20_001)
        page.click("main form button[type=submit]")
        assert page.locator("#form-errors").count() == 1
        problems += [f"{language} refused form: {v}" for v in axe_violations(page)]
        context.close()
    assert problems == [], "\n".join(problems)
