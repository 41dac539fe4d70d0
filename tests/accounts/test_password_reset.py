"""Password reset over a real SMTP server (the ``smtp_server`` fixture, tests/plugins/smtp.py)."""

from __future__ import annotations

import email
import re
from email.message import Message

import pytest
from django.urls import reverse

from tests.organisations.factories import UserFactory
from veerkracht.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _text_part(message: Message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text part")


@pytest.mark.parametrize(
    ("language", "subject"),
    [("nl", "Kies een nieuw wachtwoord voor Veerkracht"), ("en", "Choose a new password for Veerkracht")],
)
def test_password_reset_by_email(client, smtp_server, language, subject, django_capture_on_commit_callbacks):
    user = UserFactory(email="femke@example.org")
    client.cookies["django_language"] = language
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "femke@example.org"})
    assert response.status_code == 302
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["To"] == "femke@example.org"
    assert str(email.header.make_header(email.header.decode_header(message["Subject"]))) == subject
    link = re.search(r"https?://[^/\s]+(/account/password-reset/\S+/)", _text_part(message)).group(1)

    page = client.get(link, follow=True)
    assert page.status_code == 200
    set_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    mismatch = client.post(set_url, {"new_password1": "een-nieuw-Wachtwoord-42", "new_password2": "anders"})
    assert mismatch.status_code == 200  # refused, nothing changed
    user.refresh_from_db()
    assert user.check_password("correct-horse-battery")
    done = client.post(
        set_url, {"new_password1": "een-nieuw-Wachtwoord-42", "new_password2": "een-nieuw-Wachtwoord-42"}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("een-nieuw-Wachtwoord-42")
    assert AuditEvent.objects.filter(event="auth.password_reset_done", actor=user).exists()
    # The link works once.
    again = client.get(link, follow=True)
    assert "niet meer geldig" in again.content.decode() or "not valid any more" in again.content.decode()


def test_unknown_address_sends_nothing_and_says_the_same(
    client, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "niemand@example.org"})
    assert response.status_code == 302
    assert smtp_server.messages == []


def test_invalid_address_is_refused_with_the_typed_value_kept(client, smtp_server):
    response = client.post(reverse("accounts:password_reset"), {"email": "geen-adres"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="geen-adres"' in body
    assert "geldig e-mailadres" in body
    assert smtp_server.messages == []
