"""The monitor's report page kept for the regisseur's session (on a real Redis): every view is still
in the audit log, a priority added drops the kept page, and it is kept briefly only while the wave it
is compared with still takes answers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.fieldwork.factories import random_rows, store_responses
from tests.plugins.kept import seconds_kept
from veerkracht.audit.models import AuditEvent
from veerkracht.core import response_cache
from veerkracht.fieldwork import report
from veerkracht.fieldwork.events import FieldworkEvent
from veerkracht.fieldwork.views import _report_options

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def closed_wave(wave_world, make_wave):
    wave = make_wave(gesloten=True)
    store_responses(wave, random_rows(wave, {"zorg_welzijn": 6, "onderwijs": 6, "wonen": 6}, seed=3))
    return wave


def views_logged(wave) -> list[tuple[str, str]]:
    return list(
        AuditEvent.objects.filter(event=FieldworkEvent.REPORT_VIEWED, object_id=str(wave.pk)).values_list(
            "object_id", "actor__email"
        )
    )


def test_a_kept_report_is_still_logged_each_time_it_is_shown(kept, closed_wave, wave_world, client):
    client.force_login(wave_world.regisseur)
    url = reverse("fieldwork:report", args=[closed_wave.pk])
    first = client.get(url)
    assert first.status_code == 200 and "X-Cache" not in first
    second = client.get(url)
    assert second["X-Cache"] == "HIT" and second.content == first.content
    assert views_logged(closed_wave) == [(str(closed_wave.pk), wave_world.regisseur.email)] * 2
    (ttl,) = seconds_kept(kept)  # a closed wave's responses are settled: kept as long as any page
    assert response_cache.VOLATILE_SECONDS < ttl <= 300


def test_the_report_is_kept_briefly_while_the_wave_before_it_is_open(kept, wave_world, make_wave, client):
    earlier = make_wave(open=True)
    wave = make_wave(gesloten=True, previous=earlier)
    store_responses(wave, random_rows(wave, {"zorg_welzijn": 6, "onderwijs": 6}, seed=4))
    client.force_login(wave_world.regisseur)
    assert client.get(reverse("fieldwork:report", args=[wave.pk])).status_code == 200
    (ttl,) = seconds_kept(kept)
    assert 0 < ttl <= response_cache.VOLATILE_SECONDS


def test_a_priority_added_drops_the_kept_report(kept, closed_wave, wave_world, client):
    client.force_login(wave_world.regisseur)
    url = reverse("fieldwork:report", args=[closed_wave.pk])
    client.get(url)
    assert client.get(url)["X-Cache"] == "HIT"
    options, _allowed = _report_options(report.build(closed_wave, language="nl"))
    added = client.post(
        reverse("fieldwork:priority_add", args=[closed_wave.pk]),
        {"intervention": options[0][0], "owner": "Wijkteam Noord", "due_on": "2027-03-01"},
        follow=True,
    )
    assert added.status_code == 200 and "X-Cache" not in added
    assert "Wijkteam Noord" in added.content.decode()
    assert len(views_logged(closed_wave)) == 3
