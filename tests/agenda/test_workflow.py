"""The transition table, every pair of states: allowed or refused, for whom, with or without a note.

The expected table is written out here by hand from docs/adr/0002-agenda-lifecycle.md, not derived
from workflow.py.
"""

from __future__ import annotations

import itertools

import pytest

from veerkracht.agenda import services, workflow
from veerkracht.agenda.events import AgendaEvent
from veerkracht.agenda.models import ChallengeTransition
from veerkracht.audit.models import AuditEvent
from veerkracht.governance.demo_support import ensure_governance_for_demo

C, R = "coordinator", "regisseur"
BOTH = {C, R}
STATES = [
    "gesignaleerd",
    "geagendeerd",
    "in_meting",
    "team_in_vorming",
    "in_uitvoering",
    "in_evaluatie",
    "afgerond",
    "gestopt",
]
# (from, to): (who may, note required)
EXPECTED = {
    ("gesignaleerd", "geagendeerd"): ({C}, False),
    ("geagendeerd", "in_meting"): (BOTH, False),
    ("in_meting", "team_in_vorming"): (BOTH, False),
    ("team_in_vorming", "in_uitvoering"): (BOTH, False),
    ("in_uitvoering", "in_evaluatie"): (BOTH, False),
    ("in_evaluatie", "afgerond"): ({C}, False),
    ("geagendeerd", "gesignaleerd"): ({C}, True),
    ("in_meting", "geagendeerd"): (BOTH, True),
    ("team_in_vorming", "in_meting"): (BOTH, True),
    ("in_evaluatie", "in_uitvoering"): (BOTH, True),
    ("gesignaleerd", "gestopt"): ({C}, True),
    ("geagendeerd", "gestopt"): ({C}, True),
    ("in_meting", "gestopt"): ({C}, True),
    ("team_in_vorming", "gestopt"): ({C}, True),
    ("in_uitvoering", "gestopt"): ({C}, True),
    ("in_evaluatie", "gestopt"): ({C}, True),
    ("gestopt", "geagendeerd"): ({C}, True),
}
ALL_PAIRS = list(itertools.product(STATES, STATES))


def test_states_are_exactly_the_lifecycle_of_the_design():
    assert [s.value for s in workflow.Status] == STATES


@pytest.mark.parametrize(("source", "target"), ALL_PAIRS)
def test_table(source, target):
    step = workflow.find(source, target)
    if (source, target) not in EXPECTED:
        assert step is None
        return
    actors, note = EXPECTED[(source, target)]
    assert step is not None
    assert {str(a) for a in step.actors} == actors
    assert step.note_required is note


def test_the_table_has_nothing_more():
    assert {(t.source, t.target) for t in workflow.TRANSITIONS} == set(EXPECTED)


def test_completed_is_final():
    assert workflow.available("afgerond", set(workflow.Actor)) == []


@pytest.mark.django_db
@pytest.mark.parametrize("actor", [C, R, "partner", "other_coordinator"])
@pytest.mark.parametrize(("source", "target"), ALL_PAIRS)
def test_service_takes_exactly_the_allowed_transitions(world, actor, source, target):
    challenge = world.challenge(**{source: True})
    user = {
        C: world.coordinator,
        R: world.regisseur,
        "partner": world.partner,
        "other_coordinator": world.other_coordinator,
    }[actor]
    allowed = (source, target) in EXPECTED and actor in EXPECTED[(source, target)][0]
    before = ChallengeTransition.objects.filter(challenge=challenge).count()
    if allowed:
        # governance's conditions (an agreed objective and a mandate; a decision about the execution)
        # are met, so that only the table decides here (they are tested in tests/governance)
        ensure_governance_for_demo(challenge, by=world.coordinator)
        record = services.challenge_transition(
            challenge=challenge, to=target, by=user, note="Omdat het moet."
        )
        challenge.refresh_from_db()
        assert challenge.status == target
        assert (record.from_status, record.to_status, record.by, record.note) == (
            source,
            target,
            user,
            "Omdat het moet.",
        )
        event = AuditEvent.objects.get(event=AgendaEvent.CHALLENGE_TRANSITIONED)
        assert event.actor == user and event.object_id == str(challenge.pk)
        assert event.details["from"] == source and event.details["to"] == target
    else:
        with pytest.raises(services.TransitionRefused) as refused:
            services.challenge_transition(challenge=challenge, to=target, by=user, note="Omdat het moet.")
        expected_code = "not_in_table" if (source, target) not in EXPECTED else "not_allowed"
        assert refused.value.code == expected_code
        challenge.refresh_from_db()
        assert challenge.status == source
        assert ChallengeTransition.objects.filter(challenge=challenge).count() == before
        assert AuditEvent.objects.filter(event=AgendaEvent.CHALLENGE_TRANSITION_REFUSED).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), [p for p, (_, note) in EXPECTED.items() if note])
def test_note_required_for_back_stop_and_reopen(world, source, target):
    challenge = world.challenge(**{source: True})
    with pytest.raises(services.TransitionRefused) as refused:
        services.challenge_transition(challenge=challenge, to=target, by=world.coordinator, note="   ")
    assert refused.value.code == "note_required"
    challenge.refresh_from_db()
    assert challenge.status == source


@pytest.mark.django_db
def test_forward_without_note_and_signal_after_commit(world, django_capture_on_commit_callbacks):
    from veerkracht.agenda.signals import challenge_transitioned

    received = []

    def listener(sender, **kwargs):
        received.append(kwargs)

    challenge_transitioned.connect(listener)
    try:
        challenge = world.challenge()
        with django_capture_on_commit_callbacks(execute=True):
            services.challenge_transition(challenge=challenge, to="geagendeerd", by=world.coordinator)
    finally:
        challenge_transitioned.disconnect(listener)
    assert challenge.status == "geagendeerd"
    assert (
        received
        and received[0]["from_status"] == "gesignaleerd"
        and received[0]["to_status"] == "geagendeerd"
    )


@pytest.mark.django_db
def test_history_is_append_only(world):
    challenge = world.challenge()
    step = challenge.transitions.first()
    step.note = "rewritten"
    with pytest.raises(ValueError):
        step.save()
