from __future__ import annotations

import re

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from tests.organisations.factories import OrganisationFactory, UserFactory, member
from veerkracht.core import parts

pytestmark = pytest.mark.django_db


def test_home_page_is_dutch_by_default_and_names_veerkracht(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")  # Dutch first, whatever the browser
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl"' in body
    assert "Veerkracht" in body
    assert 'href="#main"' in body and 'id="main"' in body  # skip link and its target
    assert "Ga naar de hoofdinhoud" in body


def test_every_page_in_the_navigation_answers(client):
    home = client.get("/").content.decode()
    links = set(re.findall(r'<a class="vk-nav__link" href="([^"]+)"', home))
    assert len(links) == len(parts.all_parts()) == 5
    for link in links:
        assert client.get(link).status_code == 200, link
    footer_links = re.findall(r'<li><a class="utrecht-link" href="([^"]+)"', home)
    assert footer_links
    user = UserFactory()
    client.force_login(user)
    for link in footer_links + sorted(links):
        assert client.get(link).status_code == 200, link


@pytest.mark.parametrize(
    ("language", "lead"), [("nl", "Het werk in vijf delen"), ("en", "The method in five parts")]
)
def test_language_switch(client, language, lead):
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert f'<html lang="{language}"' in body
    assert lead in body


def test_language_switch_ignores_unknown_languages(client):
    client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert '<html lang="nl"' in client.get("/").content.decode()


def test_logged_in_home_greets_the_person(client):
    user = member(OrganisationFactory(gemeente=True), full_name="Sanne de Vries")
    client.force_login(user)
    assert "Welkom, Sanne." in client.get("/").content.decode()


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_a_broken_database(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("database unavailable")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


@pytest.mark.parametrize(
    ("language", "title", "other"),
    [("nl", "Pagina niet gevonden", "Page not found."), ("en", "Page not found", "Pagina niet gevonden.")],
)
def test_404_page_in_both_languages(client, language, title, other):
    client.cookies["django_language"] = language
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    body = response.content.decode()
    assert title in body
    assert other in body


def test_403_page_is_rendered_and_denial_audited(client):
    from veerkracht.audit.models import AuditEvent

    organisation = OrganisationFactory()
    client.force_login(UserFactory())
    response = client.get(reverse("organisations:edit", args=[organisation.slug]))
    assert response.status_code == 403
    assert "U hebt geen toegang tot deze pagina" in response.content.decode()
    denial = AuditEvent.objects.get(event="permission.denied")
    assert denial.object_id == str(organisation.pk)
    assert denial.details["permission"] == "organisations.change_organisation"


@pytest.mark.urls("tests.core.broken_urls")
def test_500_page_is_bilingual_and_needs_no_database():
    client = Client(raise_request_exception=False)
    response = client.get("/kapot/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Er ging iets mis" in body and "Something went wrong" in body


def test_accessibility_statement(client):
    body = client.get(reverse("core:accessibility")).content.decode()
    assert "Toegankelijkheidsverklaring" in body
    assert "WCAG" in body


@pytest.mark.parametrize(
    ("language", "heading", "working"),
    [
        ("nl", "Systeemstatus", "Veerkracht werkt normaal."),
        ("en", "System status", "Veerkracht is working normally."),
    ],
)
def test_status_page_for_people_in_both_languages(client, language, heading, working):
    from veerkracht.core.mail import delivery_held, email_queue

    with delivery_held():
        email_queue(to="a@example.org", subject="s", text="t", key="status-test")
    client.cookies["django_language"] = language
    response = client.get("/status/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert f'<h1 class="utrecht-heading-1">{heading}</h1>' in html
    assert working in html
    assert (
        "1 bericht wacht in de verzendbak" if language == "nl" else "1 message waiting in the outbox"
    ) in html


def test_status_answers_json_to_machines(client):
    response = client.get("/status/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_status_page_says_so_when_the_database_is_down(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise OperationalError("database unavailable")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/status/")
    assert response.status_code == 503
    assert "de database is niet bereikbaar" in response.content.decode()


def test_footer_links_to_the_status_page_not_to_json(client):
    html = client.get("/").content.decode()
    assert 'href="/status/"' in html
    assert 'href="/healthz"' not in html
