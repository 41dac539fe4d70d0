from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.organisations.factories import UserFactory
from veerkracht.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def test_login_and_logout_are_audited(client):
    user = UserFactory(email="sanne@example.org")
    response = client.post(reverse("accounts:login"), {"username": "Sanne@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 302  # back to log-in
    events = list(AuditEvent.objects.order_by("id").values_list("event", "actor_id", "result"))
    assert events == [("auth.login", user.pk, "success"), ("auth.logout", user.pk, "success")]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", "Dit e-mailadres en wachtwoord horen niet bij een account"),
        ("en", "This e-mail address and password do not match an account"),
    ],
)
def test_bad_login_is_refused_with_clear_message_keeps_input_and_is_counted(client, language, expected):
    UserFactory(email="sanne@example.org")
    client.cookies["django_language"] = language
    response = client.post(reverse("accounts:login"), {"username": "sanne@example.org", "password": "wrong"})
    assert response.status_code == 200
    body = response.content.decode()
    assert expected in body
    assert 'value="sanne@example.org"' in body  # what was typed is kept
    failed = AuditEvent.objects.get(event="auth.login_failed")
    assert failed.actor_repr == "sanne@example.org"
    assert failed.result == "failure"
    assert not client.session.get("_auth_user_id")


def test_lockout_after_repeated_failures(client, settings):
    UserFactory(email="sanne@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "sanne@example.org", "password": "wrong"})
    # Now even the right password is refused until the cool-off ends.
    response = client.post(reverse("accounts:login"), {"username": "sanne@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "tijdelijk geblokkeerd" in response.content.decode()
    assert not client.session.get("_auth_user_id")
    assert AuditEvent.objects.filter(event="auth.locked_out").exists()


def test_empty_login_form_names_each_field(client):
    response = client.post(reverse("accounts:login"), {"username": "", "password": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("utrecht-form-field-error-message") == 2
    with translation.override("nl"):
        required = gettext("This field is required.")
    assert required != "This field is required."
    assert required in body


def test_next_parameter_cannot_redirect_off_site(client):
    UserFactory(email="sanne@example.org")
    response = client.post(
        reverse("accounts:login"),
        {"username": "sanne@example.org", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
