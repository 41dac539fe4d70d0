from __future__ import annotations

import pytest

from tests.agenda.factories import (
    STATE_TRAITS,
    AgendaFactory,
    ChallengeFactory,
    NeighbourhoodFactory,
    ScoreFactory,
    StakeholderFactory,
)
from veerkracht.agenda.models import ChallengeTransition
from veerkracht.agenda.workflow import Status

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("trait", STATE_TRAITS)
def test_state_trait_gives_that_state_and_a_consistent_history(trait):
    challenge = ChallengeFactory(**{trait: True})
    challenge.refresh_from_db()
    assert challenge.status == trait
    steps = list(ChallengeTransition.objects.filter(challenge=challenge).order_by("id"))
    assert steps[0].from_status == ""
    assert steps[0].to_status == Status.GESIGNALEERD
    assert steps[-1].to_status == trait
    for before, after in zip(steps, steps[1:], strict=False):
        assert after.from_status == before.to_status


def test_every_state_has_a_trait():
    assert set(STATE_TRAITS) == set(Status.values)


def test_public_trait_publishes_challenge_and_agenda():
    challenge = ChallengeFactory(public=True)
    assert challenge.published and challenge.agenda.published and challenge.is_public
    assert not ChallengeFactory().is_public


def test_other_factories():
    agenda = AgendaFactory()
    assert agenda.municipality.is_municipality
    assert agenda.municipality_ids() == [agenda.municipality.pk]
    stakeholder = StakeholderFactory()
    assert stakeholder.challenge.stakeholders.get() == stakeholder
    score = ScoreFactory(urgency=5)
    assert score.as_dict()["urgency"] == 5
    assert NeighbourhoodFactory().municipality.is_municipality
