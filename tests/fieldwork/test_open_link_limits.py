"""The open link's limit counts per client behind a trusted proxy, and drafts left without a saved
page do not pile up."""

from __future__ import annotations

import time

import pytest
import time_machine
from django.test import Client

from veerkracht.fieldwork import services, survey_views
from veerkracht.fieldwork.models import Response
from veerkracht.fieldwork.services.survey import OPEN_LINK_ABANDONED_AFTER

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.5"


@pytest.fixture
def open_wave_key(wave_world, make_wave):
    template = make_wave()
    wave = services.wave_create(
        challenge=wave_world.wave_challenge,
        by=wave_world.regisseur,
        starts_on=template.starts_on,
        ends_on=template.ends_on,
        open_link=True,
    )
    services.wave_transition(wave=wave, to="open", by=wave_world.regisseur)
    return wave, wave.open_link_key


def start(key: str, client_address: str) -> int:
    return (
        Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"198.51.100.99, {client_address}")
        .post(f"/v/open/{key}/")
        .status_code
    )


def test_behind_a_proxy_each_client_has_its_own_limit(open_wave_key, settings, monkeypatch):
    _wave, key = open_wave_key
    settings.TRUSTED_PROXY_COUNT = 1
    monkeypatch.setattr(survey_views, "OPEN_LINK_PER_HOUR", 3)
    busy = [start(key, "203.0.113.1") for _ in range(5)]
    assert busy == [302, 302, 302, 429, 429]
    # another resident behind the same proxy is not refused for the first one's visits ...
    assert start(key, "203.0.113.2") == 302
    # ... and the left part of the header, which the client writes, changes nothing
    assert (
        Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.77, 203.0.113.1")
        .post(f"/v/open/{key}/")
        .status_code
        == 429
    )


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(open_wave_key, settings, monkeypatch):
    _wave, key = open_wave_key
    settings.TRUSTED_PROXY_COUNT = 0
    monkeypatch.setattr(survey_views, "OPEN_LINK_PER_HOUR", 2)
    codes = [start(key, f"203.0.113.{n}") for n in range(4)]  # all from the proxy's address
    assert codes == [302, 302, 429, 429]


def test_drafts_without_a_saved_page_are_removed_after_a_while(open_wave_key):
    wave, key = open_wave_key
    answered, idle = Client(), Client()
    assert idle.post(f"/v/open/{key}/").status_code == 302
    assert answered.post(f"/v/open/{key}/").status_code == 302
    assert answered.post(f"/v/open/{key}/1/", {"D1_1": "3", "D1_2": "4"}).status_code == 302
    assert Response.objects.filter(wave=wave).count() == 2
    later = time.time() + OPEN_LINK_ABANDONED_AFTER.total_seconds() + 60
    with time_machine.travel(later, tick=False):
        assert Client().post(f"/v/open/{key}/").status_code == 302
        pages = sorted(Response.objects.filter(wave=wave).values_list("page", flat=True))
        assert pages == [0, 1]  # the idle draft is gone; the answered one and the new one stay
        # the idle visitor coming back starts anew and can answer
        assert idle.get(f"/v/open/{key}/1/").status_code == 302
        assert idle.post(f"/v/open/{key}/").status_code == 302
        assert idle.post(f"/v/open/{key}/1/", {"D1_1": "2"}).status_code == 302
    assert Response.objects.filter(wave=wave).count() == 3
