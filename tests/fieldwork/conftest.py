from __future__ import annotations

import pytest

from tests.agenda.conftest import World, world  # noqa: F401 - fixture reuse
from tests.fieldwork.factories import WaveFactory


@pytest.fixture
def wave_world(world):  # noqa: F811
    challenge = world.challenge(geagendeerd=True)
    world.wave_challenge = challenge
    return world


@pytest.fixture
def make_wave(wave_world):
    def make(**kwargs):
        kwargs.setdefault("challenge", wave_world.wave_challenge)
        return WaveFactory(**kwargs)

    return make
