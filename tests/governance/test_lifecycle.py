"""Governance's conditions on the challenge lifecycle: execution needs an agreed objective and a mandate
in force; evaluation and completion need a decision about the execution."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from tests.agenda.factories import ChallengeFactory
from tests.governance.mandate_helpers import World
from veerkracht.agenda import services, workflow
from veerkracht.agenda.models import ChallengeTransition
from veerkracht.governance.lifecycle import governance_condition
from veerkracht.governance.models import DecisionKind, Objective, ObjectiveState
from veerkracht.governance.services.decisions import record_decision


@pytest.fixture
def mworld(db):
    return World()


def _move(world, challenge, to, note=""):
    return services.challenge_transition(challenge=challenge, to=to, by=world.coordinator, note=note)


def _refused(world, challenge, to, note=""):
    before = ChallengeTransition.objects.filter(challenge=challenge).count()
    with pytest.raises(services.TransitionRefused) as refused:
        _move(world, challenge, to, note)
    challenge.refresh_from_db()
    assert ChallengeTransition.objects.filter(challenge=challenge).count() == before
    assert refused.value.code == "condition"
    return str(refused.value)


def test_the_condition_is_registered_with_the_agenda():
    assert governance_condition in workflow._CONDITIONS


def test_execution_needs_an_agreed_objective_and_a_mandate(mworld):
    challenge = mworld.challenge  # team_in_vorming
    with translation.override("en"):
        message = _refused(mworld, challenge, "in_uitvoering")
    assert "objective" in message and "mandate" in message
    Objective.objects.create(
        challenge=challenge, code="D0", name="Voorstel", state=ObjectiveState.VOORGESTELD
    )
    mworld.give()
    with translation.override("en"):
        message = _refused(mworld, challenge, "in_uitvoering")  # the objective is only proposed
    assert "objective" in message and "mandate" not in message
    mworld.agreed_objective()
    _move(mworld, challenge, "in_uitvoering")
    challenge.refresh_from_db()
    assert challenge.status == "in_uitvoering"


def test_an_ended_mandate_is_not_enough(mworld):
    mworld.agreed_objective()
    mworld.give(starts_on=dt.date(2020, 1, 1), ends_on=dt.date(2020, 12, 31))
    with translation.override("en"):
        assert "ended" in _refused(mworld, mworld.challenge, "in_uitvoering")


def test_messages_in_dutch(mworld):
    with translation.override("nl"):
        message = _refused(mworld, mworld.challenge, "in_uitvoering")
    assert "mandaat" in message.lower() and "doel" in message.lower()


def _executing(world):
    challenge = ChallengeFactory(agenda=world.agenda, regisseur=world.regisseur, in_uitvoering=True)
    return challenge


def _decide(world, challenge, kind):
    return record_decision(
        challenge=challenge,
        kind=kind,
        title="Besluit",
        text="Tekst",
        by=world.board,
        role="bestuurder",
        organisation=world.veerdam,
    )


@pytest.mark.parametrize(
    ("kind", "counts"),
    [
        (DecisionKind.BESLUIT, True),
        (DecisionKind.GO_NO_GO, True),
        (DecisionKind.MANDAAT, False),
        (DecisionKind.DOELWIJZIGING, False),
        (DecisionKind.ESCALATIE, False),
    ],
)
def test_evaluation_needs_a_decision_about_the_execution(mworld, kind, counts):
    challenge = _executing(mworld)
    with translation.override("en"):
        assert "decision" in _refused(mworld, challenge, "in_evaluatie")
    _decide(mworld, challenge, kind)
    if counts:
        _move(mworld, challenge, "in_evaluatie")
        challenge.refresh_from_db()
        assert challenge.status == "in_evaluatie"
    else:
        _refused(mworld, challenge, "in_evaluatie")


def test_a_decision_before_the_execution_started_does_not_count(mworld):
    challenge = ChallengeFactory(agenda=mworld.agenda, regisseur=mworld.regisseur, team_in_vorming=True)
    _decide(mworld, challenge, DecisionKind.BESLUIT)
    # the step into execution is taken a moment later (recorded_at has whole seconds)
    ChallengeTransition.objects.create(
        challenge=challenge,
        from_status="team_in_vorming",
        to_status="in_uitvoering",
        at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=2),
    )
    challenge.status = "in_uitvoering"
    challenge.save()
    _refused(mworld, challenge, "in_evaluatie")


def test_completion_needs_a_decision_too(mworld):
    challenge = ChallengeFactory(agenda=mworld.agenda, regisseur=mworld.regisseur, in_evaluatie=True)
    _refused(mworld, challenge, "afgerond")
    _decide(mworld, challenge, DecisionKind.GO_NO_GO)
    _move(mworld, challenge, "afgerond")
    challenge.refresh_from_db()
    assert challenge.status == "afgerond"


def test_stopping_has_no_governance_condition(mworld):
    challenge = _executing(mworld)
    _move(mworld, challenge, "gestopt", note="Geen draagvlak")
    challenge.refresh_from_db()
    assert challenge.status == "gestopt"


def test_the_demo_helper_meets_the_conditions(mworld):
    from veerkracht.governance.demo_support import ensure_governance_for_demo

    challenge = mworld.challenge
    ensure_governance_for_demo(challenge, by=mworld.board, decision=False)
    ensure_governance_for_demo(challenge, by=mworld.board, decision=False)  # idempotent
    assert challenge.mandates.count() == 1 and challenge.objectives.count() == 1
    _move(mworld, challenge, "in_uitvoering")
    ensure_governance_for_demo(challenge, by=mworld.board)
    _move(mworld, challenge, "in_evaluatie")
    challenge.refresh_from_db()
    assert challenge.status == "in_evaluatie"
