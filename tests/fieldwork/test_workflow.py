"""The wave's transition table, the transition service, and the challenge moving along."""

from __future__ import annotations

import itertools

import pytest

from tests.fieldwork.factories import WaveFactory
from veerkracht.agenda.workflow import Status
from veerkracht.audit.models import AuditEvent
from veerkracht.fieldwork import services, workflow
from veerkracht.fieldwork.workflow import WaveState
from veerkracht.governance.demo_support import ensure_governance_for_demo

EXPECTED = {
    ("concept", "open"),
    ("open", "gesloten"),
    ("gesloten", "open"),
    ("gesloten", "gerapporteerd"),
    ("gerapporteerd", "gesloten"),
}


def test_table_is_exactly_the_designed_one():
    pairs = {(s, t) for s, t in itertools.product(WaveState.values, repeat=2) if workflow.find(s, t)}
    assert pairs == EXPECTED


def test_backward_steps_need_a_reason():
    assert workflow.find("gesloten", "open").note_required
    assert workflow.find("gerapporteerd", "gesloten").note_required
    assert not workflow.find("concept", "open").note_required


@pytest.mark.django_db
@pytest.mark.parametrize("source,target", list(itertools.product(WaveState.values, repeat=2)))
def test_service_follows_the_table(wave_world, make_wave, source, target):
    wave = make_wave(state=source)
    if (source, target) in EXPECTED:
        services.wave_transition(wave=wave, to=target, by=wave_world.regisseur, note="reden")
        wave.refresh_from_db()
        assert wave.state == target
        assert AuditEvent.objects.filter(event="fieldwork.wave.transitioned", object_id=str(wave.pk)).exists()
    else:
        with pytest.raises(services.FieldworkError) as refused:
            services.wave_transition(wave=wave, to=target, by=wave_world.regisseur, note="reden")
        assert refused.value.code == "not_in_table"
        wave.refresh_from_db()
        assert wave.state == source


@pytest.mark.django_db
def test_reason_required_and_outsiders_refused(wave_world, make_wave):
    wave = make_wave(gesloten=True)
    with pytest.raises(services.FieldworkError) as refused:
        services.wave_transition(wave=wave, to="open", by=wave_world.regisseur)
    assert refused.value.code == "note_required"
    for outsider in (wave_world.partner, wave_world.staff, wave_world.other_coordinator):
        with pytest.raises(services.FieldworkError) as refused:
            services.wave_transition(wave=wave, to="gerapporteerd", by=outsider)
        assert refused.value.code == "not_allowed"
    assert AuditEvent.objects.filter(event="fieldwork.wave.transition_refused", result="denied").count() == 3


@pytest.mark.django_db
def test_opening_first_wave_moves_challenge_to_in_meting(wave_world, make_wave):
    wave = make_wave()
    assert wave.challenge.status == Status.GEAGENDEERD
    services.wave_transition(wave=wave, to="open", by=wave_world.regisseur)
    wave.challenge.refresh_from_db()
    assert wave.challenge.status == Status.IN_METING


@pytest.mark.django_db
def test_follow_up_wave_moves_challenge_to_evaluation(wave_world):
    challenge = wave_world.challenge(in_uitvoering=True)
    # governance's condition on evaluation: a decision about the execution is recorded
    ensure_governance_for_demo(challenge, by=wave_world.coordinator)
    first = WaveFactory(challenge=challenge, gerapporteerd=True, number=1)
    second = WaveFactory(challenge=challenge, number=2, previous=first)
    services.wave_transition(wave=second, to="open", by=wave_world.coordinator)
    challenge.refresh_from_db()
    assert challenge.status == Status.IN_EVALUATIE


@pytest.mark.django_db
def test_follow_up_wave_without_an_execution_decision_leaves_the_challenge_in_execution(wave_world):
    challenge = wave_world.challenge(in_uitvoering=True)
    ensure_governance_for_demo(challenge, by=wave_world.coordinator, decision=False)
    first = WaveFactory(challenge=challenge, gerapporteerd=True, number=1)
    second = WaveFactory(challenge=challenge, number=2, previous=first)
    services.wave_transition(wave=second, to="open", by=wave_world.coordinator)
    second.refresh_from_db()
    challenge.refresh_from_db()
    assert second.state == WaveState.OPEN  # the wave opens all the same
    assert challenge.status == Status.IN_UITVOERING


@pytest.mark.django_db
def test_opening_a_wave_of_a_challenge_already_further_leaves_it(wave_world):
    challenge = wave_world.challenge(team_in_vorming=True)
    wave = WaveFactory(challenge=challenge)
    services.wave_transition(wave=wave, to="open", by=wave_world.regisseur)
    challenge.refresh_from_db()
    assert challenge.status == Status.TEAM_IN_VORMING


@pytest.mark.django_db
def test_previous_wave_must_be_of_the_same_challenge(wave_world):
    from django.core.exceptions import ValidationError

    a = wave_world.challenge(geagendeerd=True)
    b = wave_world.challenge(geagendeerd=True)
    first = WaveFactory(challenge=a)
    with pytest.raises(ValidationError):
        services.wave_create(
            challenge=b,
            by=wave_world.regisseur,
            previous=first,
            starts_on=first.starts_on,
            ends_on=first.ends_on,
        )


@pytest.mark.django_db
def test_scheduled_close_of_ended_waves(wave_world, make_wave):
    import datetime as dt

    wave = make_wave(open=True)
    assert services.waves_close_expired(today=wave.ends_on) == 0
    assert services.waves_close_expired(today=wave.ends_on + dt.timedelta(days=1)) == 1
    wave.refresh_from_db()
    assert wave.state == "gesloten"
