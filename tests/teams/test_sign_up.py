"""Public sign-up of residents: password rules, confirmation by a one-time link, the same answer
whether or not an address has an account, and a rate limit per client (issue 9, point 7)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.agenda.factories import AgendaFactory
from tests.organisations.factories import OrganisationFactory, UserFactory, member
from veerkracht.accounts.models import User
from veerkracht.core.models import OutgoingEmail
from veerkracht.core.tokens import hash_token
from veerkracht.organisations.models import Role
from veerkracht.teams import selectors, services, throttle
from veerkracht.teams.models import Profile

pytestmark = pytest.mark.django_db

URL = "/samenwerken/meedoen/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def veerdam():
    return OrganisationFactory(gemeente=True)


def form(veerdam, **override) -> dict:
    data = {
        "full_name": "Fatima Bouzid",
        "email": "fatima@example.org",
        "password": "lange-wachtzin-42",
        "municipality": veerdam.pk,
        "hours_per_week": 4,
        "consent": "on",
    }
    data.update(override)
    return data


def link_in(email: OutgoingEmail) -> str:
    return re.search(r"/samenwerken/meedoen/bevestigen/([A-Za-z0-9_\-]+)/", email.body_text).group(1)


def test_url_is_the_public_sign_up() -> None:
    assert reverse("teams:sign_up") == URL


def test_consent_is_required(veerdam, client) -> None:
    response = client.post(URL, form(veerdam, consent=""))
    assert response.status_code == 200 and "consent" in response.context["form"].errors
    assert not Profile.objects.exists() and not User.objects.filter(email="fatima@example.org").exists()


@pytest.mark.parametrize(
    ("password", "language", "message"),
    [
        ("1234567890", "en", "entirely numeric"),
        ("1234567890", "nl", "bevat alleen cijfers"),
        ("password123", "en", "too common"),
        ("kort", "en", "too short"),
        ("fatima@example.org", "en", "too similar"),
    ],
)
def test_password_validators_apply(veerdam, client, settings, password, language, message) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(URL, form(veerdam, password=password))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["password"])
    assert response.context["form"]["email"].value() == "fatima@example.org"  # the input is kept
    assert not User.objects.filter(email="fatima@example.org").exists()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_resident_keeps_the_language_they_signed_up_in(veerdam, client, settings, language) -> None:
    """Later e-mail (ideas, sessions) follows the account's preferred language."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert client.post(URL, form(veerdam)).status_code == 200
    assert User.objects.get(email="fatima@example.org").preferred_language == language


def test_the_profile_counts_only_after_the_address_is_confirmed(veerdam, client) -> None:
    coordinator = member(veerdam, Role.COORDINATOR)
    AgendaFactory(municipality=veerdam, coordinators=[coordinator])
    response = client.post(URL, form(veerdam))
    assert response.status_code == 200
    profile = Profile.objects.select_related("user").get(user__email="fatima@example.org")
    assert profile.email_confirmed_at is None and not profile.user.is_active
    assert not selectors.visible_profiles(coordinator).filter(pk=profile.pk).exists()
    assert not selectors.matchable(Profile.objects.filter(pk=profile.pk)).exists()
    mail = OutgoingEmail.objects.get(to="fatima@example.org")
    token = link_in(mail)
    assert profile.confirm_token_hash == hash_token(token) and token not in profile.confirm_token_hash
    confirm = reverse("teams:sign_up_confirm", args=[token])
    assert client.get(confirm).status_code == 200  # a button: following the link confirms nothing
    profile.refresh_from_db()
    assert profile.email_confirmed_at is None
    assert client.post(confirm).status_code == 200
    profile.refresh_from_db()
    assert profile.email_confirmed_at is not None and profile.user.is_active
    assert selectors.visible_profiles(coordinator).filter(pk=profile.pk).exists()
    assert profile.user.check_password("lange-wachtzin-42")
    assert client.post(confirm).status_code == 410  # one time only


def test_the_confirmation_link_expires(veerdam, client) -> None:
    client.post(URL, form(veerdam))
    token = link_in(OutgoingEmail.objects.get(to="fatima@example.org"))
    Profile.objects.update(
        confirm_sent_at=timezone.now() - services.CONFIRM_VALID_FOR - datetime.timedelta(1)
    )
    assert client.post(reverse("teams:sign_up_confirm", args=[token])).status_code == 410
    assert Profile.objects.get().email_confirmed_at is None


def test_the_answer_is_the_same_whether_or_not_an_account_exists(veerdam, client) -> None:
    UserFactory(email="bestaat@example.org", full_name="Bert Bestaat")
    new = client.post(URL, form(veerdam, email="nieuw@example.org"))
    old = client.post(URL, form(veerdam, email="bestaat@example.org"))
    assert new.status_code == old.status_code == 200
    pages = [{t.name for t in r.templates if not t.name.startswith("teams/email/")} for r in (new, old)]
    assert pages[0] == pages[1] and "teams/sign_up_done.html" in pages[0]
    strip = lambda r: r.content.decode().replace("nieuw@example.org", "").replace("bestaat@example.org", "")  # noqa: E731
    assert re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", strip(new)) == re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]*"', "", strip(old)
    )
    # the owner of the existing account is told by mail; their account and pool are untouched
    note = OutgoingEmail.objects.get(to="bestaat@example.org")
    assert reverse("accounts:login") in note.body_text and "bevestigen" not in note.body_text
    existing = User.objects.get(email="bestaat@example.org")
    assert existing.full_name == "Bert Bestaat" and not Profile.objects.filter(user=existing).exists()
    assert existing.check_password("correct-horse-battery")


def test_signing_up_again_with_a_pending_address_only_sends_a_new_link(veerdam, client) -> None:
    client.post(URL, form(veerdam))
    client.post(URL, form(veerdam, full_name="Iemand Anders", password="andere-wachtzin-77"))
    user = User.objects.get(email="fatima@example.org")
    assert user.full_name == "Fatima Bouzid" and user.check_password("lange-wachtzin-42")
    links = [link_in(m) for m in OutgoingEmail.objects.filter(to="fatima@example.org").order_by("pk")]
    assert len(links) == 2
    assert client.post(reverse("teams:sign_up_confirm", args=[links[0]])).status_code == 410  # replaced
    assert client.post(reverse("teams:sign_up_confirm", args=[links[1]])).status_code == 200


def test_rate_limited_per_client(veerdam, client) -> None:
    for k in range(throttle.SIGN_UPS_PER_CLIENT):
        assert client.post(URL, form(veerdam, email=f"p{k}@example.org")).status_code == 200
    response = client.post(URL, form(veerdam, email="een-te-veel@example.org"))
    assert response.status_code == 429
    assert not User.objects.filter(email="een-te-veel@example.org").exists()
    # another client is not affected
    other = client.post(URL, form(veerdam, email="ander@example.org"), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200 and User.objects.filter(email="ander@example.org").exists()


def test_mails_to_one_address_are_limited(veerdam, client) -> None:
    UserFactory(email="bestaat@example.org")
    for k in range(throttle.MAILS_PER_ADDRESS + 2):
        client.post(URL, form(veerdam, email="bestaat@example.org"), REMOTE_ADDR=f"192.0.2.{k + 1}")
    assert OutgoingEmail.objects.filter(to="bestaat@example.org").count() == throttle.MAILS_PER_ADDRESS


def test_a_logged_in_person_joins_without_a_link(veerdam, client) -> None:
    user = UserFactory()
    client.force_login(user)
    client.post(URL, {"municipality": veerdam.pk, "hours_per_week": 3, "consent": "on"})
    profile = Profile.objects.get(user=user)
    assert profile.email_confirmed_at is not None and profile.is_matchable
