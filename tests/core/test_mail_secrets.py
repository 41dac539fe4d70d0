"""No stored copy of a delivered e-mail keeps a secret link: password resets, welcome mails that set
a password, team invitations, survey links. Delivered to the real SMTP test server."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from tests.accounts.test_password_reset import _text_part
from tests.organisations.factories import UserFactory
from veerkracht.core.mail import SCRUBBED, email_queue
from veerkracht.core.models import EmailStatus, OutgoingEmail
from veerkracht.core.tasks import deliver_email

pytestmark = pytest.mark.django_db
RESET_LINK = re.compile(r"https?://[^/\s]+(/account/password-reset/[^/\s]+/[^/\s]+/)")


def stored_text() -> str:
    return "".join(
        body for pair in OutgoingEmail.objects.values_list("body_text", "body_html") for body in pair
    )


def test_a_delivered_reset_link_is_not_kept(client, smtp_server, django_capture_on_commit_callbacks):
    UserFactory(email="femke@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "femke@example.org"})
    link = RESET_LINK.search(_text_part(smtp_server.messages[0])).group(1)
    email = OutgoingEmail.objects.get(reference="password-reset")
    assert (email.status, email.to) == (EmailStatus.SENT, "femke@example.org")
    assert link not in stored_text()
    assert not RESET_LINK.search(stored_text())
    # the link the person received still works
    assert client.get(link, follow=True).status_code == 200


def test_every_message_is_scrubbed_unless_the_caller_says_it_holds_no_secret(smtp_server):
    invitation = email_queue(
        to="teamlid@example.org", subject="Uitnodiging", text="/samenwerken/uitnodiging/geheim/", key="t:1"
    )
    plain = email_queue(
        to="bas@example.org",
        subject="Welkom",
        text="Log in op /account/login/",
        key="t:2",
        scrub_after_send=False,
    )
    for email in (invitation, plain):
        assert deliver_email.apply(args=[email.pk]).get() == "sent"
    assert "geheim" in smtp_server.messages[0].as_string()
    invitation.refresh_from_db()
    plain.refresh_from_db()
    assert (invitation.body_text, invitation.body_html) == (SCRUBBED, "")
    assert plain.body_text == "Log in op /account/login/"


def test_a_message_whose_delivery_is_uncertain_loses_its_secret_too(smtp_server):
    email = email_queue(
        to="a@example.org", subject="Link", text="/v/geheim/", html="<a>/v/geheim/</a>", key="u"
    )
    OutgoingEmail.objects.filter(pk=email.pk).update(status=EmailStatus.SENDING)
    assert deliver_email.apply(args=[email.pk]).get() == "uncertain"
    assert "geheim" not in stored_text()


def test_the_welcome_mail_of_a_new_account_is_scrubbed(smtp_server, django_capture_on_commit_callbacks):
    from tests.organisations.factories import OrganisationFactory, member
    from veerkracht.organisations import services
    from veerkracht.organisations.models import Role

    organisation = OrganisationFactory(gemeente=True)
    by = member(organisation, Role.BEHEERDER)
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_add(
            organisation=organisation,
            email="nieuw@example.org",
            full_name="Nieuw",
            role=Role.COORDINATOR,
            by=by,
        )
    assert RESET_LINK.search(_text_part(smtp_server.messages[-1]))
    assert not RESET_LINK.search(stored_text())


@pytest.mark.parametrize(
    ("language", "shown"), [("nl", "[verwijderd na verzending]"), ("en", "[removed after delivery]")]
)
def test_the_admin_shows_the_marker_in_the_readers_language(client, settings, smtp_server, language, shown):
    settings.DEMO_MODE = True  # the admin behind two factors is tested elsewhere
    admin = UserFactory(superuser=True, is_demo_account=True)
    email = email_queue(to="a@example.org", subject="Link", text="/v/geheim/", key="adm")
    deliver_email.apply(args=[email.pk]).get()
    client.force_login(admin)
    client.cookies["django_language"] = language
    page = client.get(reverse("admin:core_outgoingemail_change", args=[email.pk])).content.decode()
    assert shown in page
    assert "geheim" not in page


def test_the_migration_scrubs_links_delivered_before(smtp_server):
    kept = OutgoingEmail.objects.create(
        key="old:1",
        to="a@example.org",
        subject="x",
        body_text="/account/password-reset/Mg/abc-123/",
        status=EmailStatus.SENT,
        sent_at="2026-01-01T00:00Z",
        scrub_after_send=False,
    )
    harmless = OutgoingEmail.objects.create(
        key="old:2",
        to="a@example.org",
        subject="x",
        body_text="Welkom",
        status=EmailStatus.SENT,
        sent_at="2026-01-01T00:00Z",
        scrub_after_send=False,
    )
    migration = importlib.import_module("veerkracht.core.migrations.0004_scrub_by_default")
    migration.scrub_delivered_secrets(django_apps, None)
    kept.refresh_from_db()
    harmless.refresh_from_db()
    assert kept.body_text == SCRUBBED and harmless.body_text == "Welkom"
