"""Two factors for staff and administrators. The TOTP codes are computed here from RFC 6238 directly,
independently of django-otp."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import time

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.organisations.factories import MembershipFactory, OrganisationFactory, UserFactory, member
from veerkracht.audit.models import AuditEvent
from veerkracht.organisations.models import Role

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def totp(secret_b32: str, at: float | None = None, step: int = 30, digits: int = 6) -> str:
    key = base64.b32decode(secret_b32)
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return str(code).zfill(digits)


ENROL_LINK = re.compile(r"https?://[^/\s]+(/account/2fa/aanmelden/[A-Za-z0-9_\-]+/)")


def open_enrolment_link(client, user, capture) -> str:
    """Ask for the set-up link by e-mail and open it; returns the link's path."""
    mail.outbox.clear()
    with capture(execute=True):
        response = client.post(reverse("accounts:two_factor_setup"), {"action": "send"})
    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [[user.email]]
    path = ENROL_LINK.search(mail.outbox[0].body).group(1)
    assert client.get(path)["Location"] == reverse("accounts:two_factor_setup")
    return path


def log_in(client, email):
    response = client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302
    return response


@pytest.mark.parametrize(
    "make_user",
    [
        pytest.param(lambda: UserFactory(staff=True), id="staff"),
        pytest.param(lambda: UserFactory(superuser=True), id="superuser"),
        pytest.param(lambda: member(OrganisationFactory(gemeente=True), Role.BEHEERDER), id="beheerder"),
        pytest.param(lambda: member(OrganisationFactory(gemeente=True), Role.COORDINATOR), id="coordinator"),
        pytest.param(lambda: member(OrganisationFactory(gemeente=True), Role.REGISSEUR), id="regisseur"),
    ],
)
def test_staff_and_roles_that_see_personal_data_must_set_up_a_second_factor(
    client, make_user, django_capture_on_commit_callbacks
):
    user = make_user()
    log_in(client, user.email)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))
    response = client.get(reverse("organisations:list"))
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))

    open_enrolment_link(client, user, django_capture_on_commit_callbacks)
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    secret = re.search(r'<code class="utrecht-code">([A-Z2-7=]+)</code>', page).group(1)
    # the clock stands still between the wrong code and the next attempt: django-otp's back-off lasts
    # one second, which a busy machine could otherwise let pass
    with time_machine.travel(time.time(), tick=False):
        wrong = client.post(
            reverse("accounts:two_factor_setup"),
            {"token": "000000" if totp(secret) != "000000" else "111111"},
        )
        assert wrong.status_code == 200
        assert "niet juist" in wrong.content.decode()
        # A wrong code throttles the next attempt (django-otp's back-off), even a right one ...
        too_soon = client.post(reverse("accounts:two_factor_setup"), {"token": totp(secret)})
        assert "Te veel onjuiste codes" in too_soon.content.decode()
    # ... so try again a minute later.
    with time_machine.travel(time.time() + 60, tick=False):
        response = client.post(
            reverse("accounts:two_factor_setup"), {"token": totp(secret), "next": "/organisaties/"}
        )
    # Confirming shows the recovery codes once, then continues where the person was going.
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:recovery_codes"))
    codes_page = client.get(response["Location"]).content.decode()
    codes = re.findall(r'<li><code class="utrecht-code">([a-z0-9]+)</code></li>', codes_page)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert 'href="/organisaties/"' in codes_page
    assert (
        re.findall(r'<li><code class="utrecht-code">', client.get(response["Location"]).content.decode())
        == []
    )
    assert client.get(reverse("organisations:list")).status_code == 200
    assert TOTPDevice.objects.get(user=user).confirmed
    assert AuditEvent.objects.filter(event="auth.two_factor_enabled", actor=user).exists()
    assert AuditEvent.objects.filter(event="auth.two_factor_failed", actor=user).count() == 2


def test_second_log_in_asks_for_the_code_of_the_existing_device(client):
    user = UserFactory(staff=True)
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    secret = base64.b32encode(device.bin_key).decode()
    log_in(client, user.email)
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    client.post(reverse("accounts:two_factor_verify"), {"token": totp(secret)})
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("role", [Role.TEAMLID, Role.BESTUURDER, Role.PARTNERCONTACT, Role.MEDEWERKER])
def test_roles_that_see_no_personal_data_need_no_second_factor(client, role):
    user = member(OrganisationFactory(), role)
    log_in(client, user.email)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_which_roles_see_personal_data_is_declared_on_the_role():
    declared = {role: role.sees_personal_data for role in Role}
    assert declared == {
        Role.BEHEERDER: True,
        Role.COORDINATOR: True,
        Role.REGISSEUR: True,
        Role.TEAMLID: False,
        Role.BESTUURDER: False,
        Role.PARTNERCONTACT: False,
        Role.MEDEWERKER: False,
        Role.RAADSLID: False,  # reads objectives, progress and public decisions: no personal data
    }
    assert set(Role.seeing_personal_data()) == {"beheerder", "coordinator", "regisseur"}
    # one such role among others is enough
    person = member(OrganisationFactory(), Role.MEDEWERKER)
    assert not person.requires_two_factor
    MembershipFactory(user=person, role=Role.REGISSEUR)
    person = type(person).objects.get(pk=person.pk)
    assert person.requires_two_factor


@pytest.mark.parametrize(
    ("demo_mode", "demo_account", "relaxed"),
    [(True, True, True), (True, False, False), (False, True, False), (False, False, False)],
)
def test_demo_relaxes_two_factors_only_for_its_own_accounts_in_demo_mode(
    client, settings, demo_mode, demo_account, relaxed
):
    settings.DEMO_MODE = demo_mode
    user = UserFactory(staff=True, is_demo_account=demo_account)
    log_in(client, user.email)
    response = client.get(reverse("organisations:list"))
    assert (response.status_code == 200) is relaxed
    login_page = client.get(reverse("accounts:login"))
    # the log-in page says so whenever the installation relaxes anything
    assert ("Demo-installatie" in login_page.content.decode()) is demo_mode or login_page.status_code == 302


def test_admin_login_goes_through_the_platform_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login") + "?next=/admin/"


def test_a_recovery_code_works_once_instead_of_the_app(client):
    from veerkracht.accounts.services import two_factor_new_recovery_codes

    user = UserFactory(staff=True)
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    codes = two_factor_new_recovery_codes(user=user)
    log_in(client, user.email)
    response = client.post(reverse("accounts:two_factor_verify"), {"token": codes[3].upper()})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    event = AuditEvent.objects.get(event="auth.two_factor_verified")
    assert event.details == {"method": "recovery code"}

    client.post(reverse("accounts:logout"))
    log_in(client, user.email)
    reused = client.post(reverse("accounts:two_factor_verify"), {"token": codes[3]})
    assert reused.status_code == 200  # used codes are gone
    assert client.get("/admin/").status_code == 302


def test_password_change_keeps_the_session_and_refuses_a_wrong_old_password(client):
    user = UserFactory()
    log_in(client, user.email)
    wrong = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "nope",
            "new_password1": "Nieuw-wachtwoord-2026",
            "new_password2": "Nieuw-wachtwoord-2026",
        },
    )
    assert wrong.status_code == 200
    assert "oude wachtwoord" in wrong.content.decode()
    done = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Nieuw-wachtwoord-2026",
            "new_password2": "Nieuw-wachtwoord-2026",
        },
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Nieuw-wachtwoord-2026")
    assert client.get(reverse("accounts:profile")).status_code == 200


# --- enrolment proves the person: the password alone enrols nothing ------------------------------


def beheerder():
    return member(OrganisationFactory(gemeente=True), Role.BEHEERDER)


def test_the_password_alone_cannot_enrol_a_device(client):
    user = beheerder()
    log_in(client, user.email)
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert "utrecht-code" not in page  # no secret, no QR code
    assert "Stuur mij de link" in page
    device = TOTPDevice.objects.create(user=user, name="attacker", confirmed=False)
    secret = base64.b32encode(device.bin_key).decode()
    client.post(reverse("accounts:two_factor_setup"), {"token": totp(secret)})
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert client.get(reverse("organisations:list"))["Location"].startswith(
        reverse("accounts:two_factor_setup")
    )


def test_an_enrolment_link_works_once_for_its_own_addressee_within_its_time(
    client, django_capture_on_commit_callbacks
):
    from veerkracht.accounts.services import ENROLMENT_VALID

    user, other = beheerder(), beheerder()
    log_in(client, user.email)
    path = open_enrolment_link(client, user, django_capture_on_commit_callbacks)
    assert client.get(path).status_code == 400  # used
    assert "utrecht-code" in client.get(reverse("accounts:two_factor_setup")).content.decode()

    # another person's link does nothing for them, and stays usable by its addressee
    other_client = type(client)()
    log_in(other_client, other.email)
    again = type(client)()  # the addressee again, in a new session that has opened no link
    log_in(again, user.email)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again.post(reverse("accounts:two_factor_setup"), {"action": "send"})
    fresh = ENROL_LINK.search(mail.outbox[0].body).group(1)
    assert other_client.get(fresh).status_code == 400
    assert "utrecht-code" not in other_client.get(reverse("accounts:two_factor_setup")).content.decode()

    # an expired link is refused
    with time_machine.travel(time.time() + ENROLMENT_VALID.total_seconds() + 60, tick=False):
        assert again.get(fresh).status_code == 400
    assert AuditEvent.objects.filter(event="auth.two_factor_enrolment_refused").count() == 3
    # the stored copy of the e-mail keeps no link once delivered, and only the hash is stored
    from veerkracht.accounts.models import TwoFactorEnrolment
    from veerkracht.core.models import OutgoingEmail

    token = fresh.rstrip("/").rsplit("/", 1)[1]
    assert not TwoFactorEnrolment.objects.filter(token_hash=token).exists()
    assert not OutgoingEmail.objects.filter(body_text__contains=token).exists()


def test_enrolment_links_are_limited_per_hour(client, django_capture_on_commit_callbacks):
    from veerkracht.accounts.services import ENROLMENT_LINKS_PER_HOUR

    user = beheerder()
    log_in(client, user.email)
    with django_capture_on_commit_callbacks(execute=True):
        codes = [
            client.post(reverse("accounts:two_factor_setup"), {"action": "send"}).status_code
            for _ in range(ENROLMENT_LINKS_PER_HOUR + 1)
        ]
    assert codes == [200] * ENROLMENT_LINKS_PER_HOUR + [429]
    assert len(mail.outbox) == ENROLMENT_LINKS_PER_HOUR


def test_the_api_asks_for_the_second_factor_with_a_problem_document(client):
    """An API client of a person who still needs a second factor gets a 403 problem (RFC 9457), not a
    redirect to an HTML page."""
    user = member(OrganisationFactory(gemeente=True), Role.COORDINATOR)
    log_in(client, user.email)
    response = client.get("/api/v1/organisaties")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["status"] == 403
