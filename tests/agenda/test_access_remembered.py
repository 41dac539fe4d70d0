"""How a person relates to agendas and challenges (``selectors.access_of``), remembered in each process
while nothing is written, on a real Redis: read once for many requests, and a person taken off a
challenge or an agenda is out at the very next request."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.agenda.factories import AgendaFactory, ChallengeFactory
from tests.organisations.factories import UserFactory
from veerkracht.accounts.models import User
from veerkracht.agenda import selectors
from veerkracht.agenda.models import Challenge

pytestmark = pytest.mark.django_db(transaction=True)


def fresh(user):
    """The person as a new request loads them: a new object, nothing read on it yet."""
    return User.objects.get(pk=user.pk)


def test_read_once_while_nothing_is_written(remembering):
    coordinator = UserFactory()
    agenda = AgendaFactory(coordinators=[coordinator])
    first = selectors.access_of(fresh(coordinator))
    person = fresh(coordinator)
    with CaptureQueriesContext(connection) as queries:
        again = selectors.access_of(person)
    assert len(queries) == 0
    assert again.coordinated == first.coordinated == frozenset({agenda.pk})
    assert again.extra is not first.extra  # other apps' verdicts stay with each user object


def test_a_coordinator_taken_off_the_agenda_is_out_at_once(remembering):
    coordinator = UserFactory()
    agenda = AgendaFactory(coordinators=[coordinator])
    assert selectors.access_of(fresh(coordinator)).coordinated == frozenset({agenda.pk})
    agenda.coordinators.remove(coordinator)
    assert selectors.access_of(fresh(coordinator)).coordinated == frozenset()


def test_a_regisseur_replaced_no_longer_sees_the_challenge(remembering, client):
    regisseur = UserFactory(full_name="Ria Regisseur")
    challenge = ChallengeFactory(title="Eenzaamheid onder ouderen", regisseur=regisseur)  # not public
    page = reverse("agenda:challenge", kwargs={"slug": challenge.slug})
    client.force_login(regisseur)
    assert client.get(page).status_code == 200 and client.get(page).status_code == 200
    Challenge.objects.filter(pk=challenge.pk).update(regisseur=UserFactory())
    assert client.get(page).status_code == 404
