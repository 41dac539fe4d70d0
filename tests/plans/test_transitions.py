"""Every (from, to) pair of pilot states through ``transition_pilot``: the pairs of the table work (a
go/no-go with its entry in the decision log), every other pair is refused with a message naming both
states and nothing changes. The allowed pairs are written out here by hand from the issue, not read
from the table."""

from __future__ import annotations

import itertools

import pytest

from tests.plans.world import World, snapshot
from veerkracht.governance.models import Decision, DecisionKind
from veerkracht.plans import pilot_services as services
from veerkracht.plans import states
from veerkracht.plans.models import Pilot, PilotChange

pytestmark = pytest.mark.django_db

V, L, G, UP, A, S = "voorbereiding", "lopend", "geevalueerd", "opgeschaald", "aangepast", "gestopt"
ALLOWED = {(V, L), (V, S), (L, G), (L, S), (G, UP), (G, A), (G, S), (A, L)}
GO_NO_GO = {UP, A, S}
DUTCH = {V: "voorbereiding", L: "lopend", G: "geëvalueerd", UP: "opgeschaald", A: "aangepast", S: "gestopt"}

PAIRS = list(itertools.product(states.ALL, repeat=2))


def test_the_pairs_cover_every_state() -> None:
    assert set(states.ALL) == {V, L, G, UP, A, S}
    assert len(PAIRS) == 36
    assert states.TRANSITIONS == ALLOWED


@pytest.fixture
def world() -> World:
    return World()


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_a_pair_of_states(world: World, source: str, target: str) -> None:
    pilot = world.ready_to_close(world.pilot())
    Pilot.objects.filter(pk=pilot.pk).update(state=source)
    pilot.refresh_from_db()
    before = snapshot(pilot)
    if (source, target) in ALLOWED:
        change = services.transition_pilot(pilot=pilot, to=target, by=world.regisseur, note="Besloten.")
        fresh = Pilot.objects.get(pk=pilot.pk)
        assert fresh.state == pilot.state == target
        assert (change.from_state, change.to_state) == (source, target)
        assert PilotChange.objects.count() == before[6] + 1
        if target in GO_NO_GO:
            assert Decision.objects.count() == before[7] + 1
            decision = Decision.objects.latest("seq")
            assert decision.kind == DecisionKind.GO_NO_GO
            assert fresh.decision_id == change.decision_id == decision.pk
        else:
            assert Decision.objects.count() == before[7]
            assert change.decision_id is None
    else:
        with pytest.raises(services.PilotRefused) as refused:
            services.transition_pilot(pilot=pilot, to=target, by=world.regisseur, note="Besloten.")
        assert refused.value.code == "not_in_table"
        assert snapshot(pilot) == before
        from django.utils import translation

        with translation.override("nl"), pytest.raises(services.PilotRefused) as in_dutch:
            services.transition_pilot(pilot=pilot, to=target, by=world.regisseur, note="Besloten.")
        assert DUTCH[source] in in_dutch.value.message and DUTCH[target] in in_dutch.value.message
        assert snapshot(pilot) == before


def test_an_unknown_state_is_refused(world: World) -> None:
    pilot = world.pilot()
    before = snapshot(pilot)
    with pytest.raises(services.PilotRefused) as refused:
        services.transition_pilot(pilot=pilot, to="bestaat-niet", by=world.regisseur)
    assert refused.value.code == "not_in_table"
    assert snapshot(pilot) == before


def test_a_whole_life_adjusted_then_scaled_up(world: World) -> None:
    pilot = world.pilot()
    for target in (L, G):
        services.transition_pilot(pilot=pilot, to=target, by=world.teamlid)
    services.write_conclusion(pilot=pilot, by=world.teamlid, conclusion="Aanpassen: meer begeleiding.")
    services.transition_pilot(pilot=pilot, to=A, by=world.regisseur, note="Aanpassen.")
    services.transition_pilot(pilot=pilot, to=L, by=world.teamlid)
    services.transition_pilot(pilot=pilot, to=G, by=world.teamlid)
    pilot.lessons.add(world.lesson())
    services.transition_pilot(pilot=pilot, to=UP, by=world.regisseur, note="Opschalen.")
    history = list(PilotChange.objects.filter(pilot=pilot).values_list("from_state", "to_state"))
    assert history == [(V, L), (L, G), (G, A), (A, L), (L, G), (G, UP)]
    assert Decision.objects.filter(kind=DecisionKind.GO_NO_GO).count() == 2
