"""List pages and the dashboard run a bounded number of queries, at two data sizes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.fieldwork.factories import InvitationFactory, WaveFactory, random_rows, store_responses
from veerkracht.fieldwork import services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("waves", [2, 12])
def test_index(wave_world, client, django_assert_max_num_queries, waves):
    for _ in range(waves):
        wave = WaveFactory(challenge=wave_world.challenge(geagendeerd=True))
        InvitationFactory.create_batch(3, wave=wave)
    client.force_login(wave_world.regisseur)
    client.get(reverse("fieldwork:index"))
    with django_assert_max_num_queries(14):
        assert client.get(reverse("fieldwork:index")).status_code == 200


@pytest.mark.parametrize("invitations", [5, 60])
def test_dashboard_and_invitation_list(
    wave_world, make_wave, client, django_assert_max_num_queries, invitations
):
    wave = make_wave(open=True)
    for n in range(invitations):
        InvitationFactory(wave=wave, organisation=f"Org {n % 7}", group=["wonen", "onderwijs", ""][n % 3])
    client.force_login(wave_world.regisseur)
    client.get(reverse("fieldwork:wave", args=[wave.pk]))
    with django_assert_max_num_queries(24):
        assert client.get(reverse("fieldwork:wave", args=[wave.pk])).status_code == 200
    with django_assert_max_num_queries(24):
        assert client.get(reverse("fieldwork:invitations", args=[wave.pk])).status_code == 200


@pytest.mark.parametrize(("per_group", "reported_elsewhere"), [(5, 1), (40, 6)])
def test_report_page(
    wave_world, make_wave, client, django_assert_max_num_queries, per_group, reported_elsewhere
):
    """The same number of queries whatever the number of answers and of other reported waves (their
    headlines are stored when reported, not scored again for the benchmark)."""
    wave = make_wave(gesloten=True)
    store_responses(
        wave, random_rows(wave, {"wonen": per_group, "onderwijs": per_group, "zorg_welzijn": per_group})
    )
    for n in range(reported_elsewhere):
        other = WaveFactory(challenge=wave_world.challenge(geagendeerd=True), gesloten=True)
        store_responses(other, random_rows(other, {"wonen": 6, "onderwijs": 6}, seed=n))
        services.wave_transition(wave=other, to="gerapporteerd", by=wave_world.regisseur)
    client.force_login(wave_world.regisseur)
    client.get(reverse("fieldwork:report", args=[wave.pk]))
    with django_assert_max_num_queries(38):
        assert client.get(reverse("fieldwork:report", args=[wave.pk])).status_code == 200
