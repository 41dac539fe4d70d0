"""Part b's public surface as other parts meet it: the challenge reading (through the agenda's
registry, so that teams never imports the monitor), and selectors that never write."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.fieldwork.factories import WaveFactory, random_rows, store_responses
from veerkracht.agenda import readings
from veerkracht.fieldwork.models import WaveHeadline
from veerkracht.fieldwork.selectors import benchmark_for, wave_scores
from veerkracht.monitor.models import Dimension

pytestmark = pytest.mark.django_db

GROUPS = {"wonen": 6, "onderwijs": 6, "zorg_welzijn": 6}


def reported_wave(challenge, number=1, seed=1):
    wave = WaveFactory(challenge=challenge, gerapporteerd=True, number=number)
    store_responses(wave, random_rows(wave, GROUPS, seed=seed))
    return wave


def test_teams_reads_the_latest_reported_wave_through_the_registry(wave_world):
    from veerkracht.teams.selectors import latest_monitor_reading

    challenge = wave_world.wave_challenge
    assert latest_monitor_reading(challenge) is None
    reported_wave(challenge, number=1, seed=1)
    latest = reported_wave(challenge, number=2, seed=2)
    WaveFactory(challenge=challenge, open=True, number=3)  # not reported: not read

    reading = latest_monitor_reading(challenge)
    assert reading == readings.latest_reading(challenge)
    assert reading.wave_label == str(latest.label)
    expected = {d.code: d.label for d in wave_scores(latest, with_benchmark=False).dimensions}
    assert {d.code: d.label for d in reading.dimensions} == expected
    names = dict(Dimension.objects.filter(instrument=latest.instrument).values_list("code", "name_nl"))
    assert {d.code: d.name_nl for d in reading.dimensions} == names


def test_benchmark_selector_writes_nothing_and_the_command_back_fills(wave_world, world):
    other = world.challenge(geagendeerd=True)
    earlier = reported_wave(other)
    wave = WaveFactory(challenge=wave_world.wave_challenge, gesloten=True)

    benchmark, challenges, _basis = benchmark_for(wave)
    assert not WaveHeadline.objects.exists()  # the selector did not store the missing headlines
    assert challenges == 0 and benchmark == {}

    out = io.StringIO()
    call_command("store_wave_headlines", stdout=out)
    assert "1 reported wave" in out.getvalue()
    stored = dict(WaveHeadline.objects.filter(wave=earlier).values_list("dimension_code", "headline"))
    assert stored == {d.code: d.headline for d in wave_scores(earlier, with_benchmark=False).dimensions}
    benchmark, challenges, _basis = benchmark_for(wave)
    assert challenges == 1
    assert benchmark == {code: [h] for code, h in stored.items() if h is not None}

    call_command("store_wave_headlines", stdout=io.StringIO())  # idempotent
    assert WaveHeadline.objects.count() == len(stored)
