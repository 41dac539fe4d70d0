"""Production settings: Content-Security-Policy without inline script or style, HSTS, HTTPS behind a
proxy, secure cookies unless DEBUG, and mail links from SITE_URL."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.core import mail
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from tests.organisations.factories import UserFactory
from tests.settings_probe import settings_value

pytestmark = pytest.mark.django_db
SRC = Path(__file__).resolve().parents[2] / "src"
# e-mails and the PDF are not pages a browser renders under the policy
NOT_PAGES = ("/email/", "_pdf.html")  # *_pdf.html: rendered by WeasyPrint, never served


def served_templates() -> list[Path]:
    return [
        path
        for path in sorted(SRC.glob("veerkracht/**/templates/**/*.html"))
        if not any(part in str(path) for part in NOT_PAGES)
    ]


def test_no_template_has_inline_script_or_style():
    offences = []
    patterns = {
        "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
        "style element": re.compile(r"<style\b", re.I),
        "style attribute": re.compile(r"\sstyle\s*=", re.I),
        "event handler": re.compile(r"\son[a-z]+\s*=", re.I),
        "javascript: URL": re.compile(r"javascript:", re.I),
        "htmx inline code": re.compile(r"\shx-on[:-]", re.I),
    }
    templates = served_templates()
    assert len(templates) > 40  # the glob found the templates
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for what, pattern in patterns.items():
            if pattern.search(text):
                offences.append(f"{path.relative_to(SRC)}: {what}")
    assert offences == []


def test_every_page_carries_the_policy(client):
    for url in ("/", reverse("accounts:login"), reverse("accounts:password_reset"), "/no-such-page/"):
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert "unsafe" not in policy


def test_htmx_is_told_not_to_insert_styles(client):
    page = client.get("/").content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", page).group(1)
    assert json.loads(config)["includeIndicatorStyles"] is False


def test_a_theme_colour_comes_from_a_stylesheet(client):
    rendered = Template('{% extends "base.html" %}').render(Context({"theme_colour": "#A0522D"}))
    href = re.search(r'<link rel="stylesheet" href="(/thema/[^"]+)">', rendered).group(1)
    css = client.get(href)
    assert css["Content-Type"].startswith("text/css")
    assert css.content.decode().strip() == ".veerkracht-theme{--veerkracht-brand:#a0522d;}"
    assert client.get("/thema/red;}body{x.css").status_code == 404


def test_https_behind_a_proxy_hsts_and_the_redirect(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = Client().get("/")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/"
    assert Client().get("/healthz").status_code == 200  # load balancers probe over HTTP
    secure = Client(HTTP_X_FORWARDED_PROTO="https").get("/")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000"


def settings_of(**env: str) -> dict:
    names = [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_SSL_REDIRECT",
    ]
    return settings_value(f"{{n: getattr(settings, n) for n in {names!r}}}", **env)


def test_defaults_are_safe_for_production_and_relaxed_only_by_debug():
    production = settings_of()
    assert production["SESSION_COOKIE_SECURE"] is True and production["CSRF_COOKIE_SECURE"] is True
    assert production["SECURE_HSTS_SECONDS"] == 31_536_000
    assert production["SECURE_PROXY_SSL_HEADER"] is None  # no trusted proxy: the header is not believed
    debug = settings_of(DEBUG="true")
    assert debug["SESSION_COOKIE_SECURE"] is False and debug["SECURE_HSTS_SECONDS"] == 0
    proxied = settings_of(TRUSTED_PROXY_COUNT="1", SECURE_SSL_REDIRECT="true")
    assert proxied["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert proxied["SECURE_SSL_REDIRECT"] is True


def test_reset_links_come_from_the_site_address_not_the_request(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://veerkracht.example.nl/"
    UserFactory(email="femke@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "femke@example.org"})  # over http
    body = mail.outbox[0].body
    html = mail.outbox[0].alternatives[0][0]
    assert re.search(r"^https://veerkracht\.example\.nl/account/password-reset/\S+/\S+/$", body, re.M)
    assert 'href="https://veerkracht.example.nl/account/password-reset/' in html
    assert "http://testserver" not in body + html
