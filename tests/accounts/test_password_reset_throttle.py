"""Password-reset requests are limited per client and per address; the answer never tells whether
an address has an account."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.organisations.factories import UserFactory
from veerkracht.accounts.views import RESET_PER_ADDRESS_PER_HOUR, RESET_PER_CLIENT_PER_HOUR
from veerkracht.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
URL = reverse("accounts:password_reset")


def test_per_address_the_answer_stays_the_same_but_no_more_mail(django_capture_on_commit_callbacks):
    UserFactory(email="femke@example.org")
    answers = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(RESET_PER_ADDRESS_PER_HOUR + 2):
            client = Client(REMOTE_ADDR=f"203.0.113.{n}")  # a different client each time
            response = client.post(URL, {"email": "Femke@Example.org"})
            answers.append((response.status_code, response["Location"]))
    assert set(answers) == {(302, reverse("accounts:password_reset_done"))}
    assert len(mail.outbox) == RESET_PER_ADDRESS_PER_HOUR
    assert AuditEvent.objects.filter(event="auth.password_reset_throttled").count() == 2


def test_per_client_too_many_requests_are_refused(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9")
    codes = [
        client.post(URL, {"email": f"niemand{n}@example.org"}).status_code
        for n in range(RESET_PER_CLIENT_PER_HOUR + 1)
    ]
    assert codes == [302] * RESET_PER_CLIENT_PER_HOUR + [429]
    refused = client.post(URL, {"email": "niemand@example.org"})
    assert refused.status_code == 429
    assert "Te veel aanvragen" in refused.content.decode()
    assert 'value="niemand@example.org"' in refused.content.decode()
    # another client behind the same proxy is not affected
    other = Client(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert other.post(URL, {"email": "niemand@example.org"}).status_code == 302
