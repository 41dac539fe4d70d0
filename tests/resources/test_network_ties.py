"""The ledger's ties in the partner network: accepted pledges to one challenge tie their organisations;
a rejected or waiting pledge ties nothing; the network finds the source through its registry."""

from __future__ import annotations

import pytest

from tests.resources.world import World
from veerkracht.network.sources import edge_sources
from veerkracht.resources.network_ties import pledge_ties

pytestmark = pytest.mark.django_db


def test_accepted_pledges_to_one_challenge_tie_their_organisations():
    world = World()
    need = world.need()
    world.pledge(need, world.welzijn)
    world.pledge(need, world.zorg)
    ties = pledge_ties({world.challenge.pk})
    assert [(t.a, t.b, t.weight, t.source) for t in ties] == [
        (min(world.welzijn.pk, world.zorg.pk), max(world.welzijn.pk, world.zorg.pk), 1.0, "pledge")
    ]
    assert pledge_ties(set()) == []


def test_a_pledge_not_accepted_ties_nothing():
    world = World()
    need = world.need()
    world.pledge(need, world.welzijn)
    world.pledge(need, world.zorg, accept=False)
    assert pledge_ties({world.challenge.pk}) == []


def test_the_network_knows_the_ledger_s_source():
    assert edge_sources()["pledges"] is pledge_ties
