"""The signed-in person and their second factor, remembered in each process between requests while
nothing is written (ADR 0015), on a real Redis: a kept page is served after reading only the session,
and whatever must end or limit access holds at the very next request."""

from __future__ import annotations

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.agenda.factories import ChallengeFactory
from tests.organisations.factories import UserFactory
from veerkracht.accounts import backends
from veerkracht.accounts.models import User

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def regisseur():
    return UserFactory(full_name="Ria Regisseur")


@pytest.fixture
def page(regisseur):
    challenge = ChallengeFactory(title="Eenzaamheid onder ouderen", regisseur=regisseur)  # not public
    return reverse("agenda:challenge", kwargs={"slug": challenge.slug})


def shows_the_page(response) -> bool:
    return response.status_code == 200 and "Eenzaamheid onder ouderen" in response.content.decode()


def test_a_kept_page_reads_only_the_session(remembering, regisseur, page, client):
    client.force_login(regisseur)
    device = TOTPDevice.objects.create(user=regisseur, name="telefoon", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # verified: no question about roles
    session.save()
    assert shows_the_page(client.get(page))
    with CaptureQueriesContext(connection) as queries:
        kept = client.get(page)
    assert kept["X-Cache"] == "HIT" and shows_the_page(kept)
    assert [q["sql"].split(" FROM ")[1].split()[0] for q in queries.captured_queries] == ['"django_session"']


def test_a_deactivated_person_is_out_at_the_next_request(remembering, regisseur, page, client):
    client.force_login(regisseur)
    assert shows_the_page(client.get(page)) and shows_the_page(client.get(page))
    User.objects.filter(pk=regisseur.pk).update(is_active=False)
    after = client.get(page)
    assert not shows_the_page(after) and not after.wsgi_request.user.is_authenticated


def test_a_changed_password_ends_the_session(remembering, regisseur, page, client):
    client.force_login(regisseur)
    assert shows_the_page(client.get(page)) and shows_the_page(client.get(page))
    regisseur.set_password("een-heel-ander-wachtwoord")
    regisseur.save()
    after = client.get(page)
    assert not shows_the_page(after) and not after.wsgi_request.user.is_authenticated


def test_a_removed_authenticator_asks_for_the_second_factor_again(remembering, client):
    staff = UserFactory(staff=True)  # needs a second factor
    client.force_login(staff)  # with a confirmed authenticator, verified in the session
    home = reverse("core:home")
    assert client.get(home).status_code == 200 and client.get(home).status_code == 200
    TOTPDevice.objects.filter(user=staff).delete()
    after = client.get(home)
    assert after.status_code == 302 and after["Location"].startswith(reverse("accounts:two_factor_setup"))


def test_a_session_from_before_is_carried_over(remembering, regisseur, page, client):
    client.force_login(regisseur, backend=backends.DJANGO_MODEL_BACKEND)
    assert client.session[BACKEND_SESSION_KEY] == backends.DJANGO_MODEL_BACKEND
    assert shows_the_page(client.get(page))
    assert client.session[BACKEND_SESSION_KEY] == backends.MODEL_BACKEND
    assert shows_the_page(client.get(page))
