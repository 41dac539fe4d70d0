"""The pages of part e, on the demo's data, checked with axe-core in Dutch and in English: the
overview, a challenge's resources page (with the forms of the regisseur), a pledge, a booking, a
correction, the import and a partner's contribution statement."""

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


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_resources_pages_have_no_axe_violations(browser, live_server, settings, language):
    from veerkracht.accounts.models import User
    from veerkracht.resources.models import LedgerEntry, Need, Pledge

    settings.DEMO_MODE = True
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    slug = "transitie-sociaal-domein"
    pledge = Pledge.objects.get(need__challenge__slug=slug, organisation__slug="welzijn-veerdam")
    entry = LedgerEntry.objects.filter(pledge=pledge, corrects__isnull=True).first()
    need = Need.objects.filter(challenge__slug=slug).first()
    pages = {
        "regisseur@veerdam.example": [
            reverse("resources:index"),
            reverse("resources:challenge", args=[slug]),
        ],
        "s.kok@veerdam.example": [
            reverse("resources:challenge", args=[slug]),
            reverse("resources:pledge_make", args=[need.pk]),
            reverse("resources:book", args=[pledge.pk]),
            reverse("resources:correct", args=[entry.pk]),
            reverse("resources:import", args=["welzijn-veerdam"]),
            reverse("resources:contribution", args=["welzijn-veerdam"]),
        ],
    }
    problems: list[str] = []
    for email, paths in pages.items():
        context, page = _page(browser, live_server, User.objects.get(email=email), language)
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status == 200, (email, path)
            assert page.locator("html").get_attribute("lang") == language
            problems += [f"{email} {path}: {v}" for v in axe_violations(page)]
        context.close()
    assert problems == [], "\n".join(problems)


def _page_in(browser, live_server, user, language: str):
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


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_new_resources_pages_have_no_axe_violations(browser, live_server, settings, language, tmp_path):
    """My hours with the consent, the hours statements of an organisation and one person's statement,
    changing a need, the challenge page of a partner (coarse states) and the contribution page with
    the PDF statement being made and made."""
    from veerkracht.accounts.models import User
    from veerkracht.resources import services
    from veerkracht.resources.models import ContributionStatement, HoursConsent, Need
    from veerkracht.resources.tasks import render_statement

    settings.DEMO_MODE = True
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    slug = "transitie-sociaal-domein"
    consent = HoursConsent.objects.select_related("person").get()
    need = Need.objects.filter(challenge__slug=slug).first()
    contact = User.objects.get(email="s.kok@veerdam.example")
    welzijn = consent.organisation
    services.statement_request(organisation=welzijn, by=contact, language=language)
    pages = {
        consent.person.email: [reverse("resources:my_hours")],
        "s.kok@veerdam.example": [
            reverse("resources:people_hours", args=[welzijn.slug]),
            reverse("resources:person_statement", args=[welzijn.slug, consent.person.pk]),
            reverse("resources:challenge", args=[slug]),
            reverse("resources:contribution", args=[welzijn.slug]),  # the PDF being made
        ],
        "regisseur@veerdam.example": [reverse("resources:need_edit", args=[need.pk])],
    }
    problems: list[str] = []
    for email, paths in pages.items():
        context, page = _page_in(browser, live_server, User.objects.get(email=email), language)
        for path in paths:
            response = page.goto(path)
            assert response is not None and response.status == 200, (email, path)
            problems += [f"{language} {email} {path}: {v}" for v in axe_violations(page)]
        context.close()
    # and once the PDF is made
    render_statement.apply(args=[ContributionStatement.objects.get(language=language).pk]).get()
    context, page = _page_in(browser, live_server, contact, language)
    response = page.goto(reverse("resources:contribution", args=[welzijn.slug]))
    assert response is not None and response.status == 200
    assert (
        page.locator(f'a[href="{reverse("resources:contribution_pdf", args=[welzijn.slug])}"]').count() == 1
    )
    problems += [f"{language} contribution (ready): {v}" for v in axe_violations(page)]
    context.close()
    assert problems == [], "\n".join(problems)
