"""The go/no-go: a ``go-no-go`` entry in the decision log, by whoever the mandate names, that verifies
with ``verify_decisions``; closing needs a lesson; the conclusion comes first."""

from __future__ import annotations

import hashlib
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.plans.world import World, days, snapshot
from veerkracht.governance.models import Decision, DecisionKind
from veerkracht.plans import pilot_selectors as selectors
from veerkracht.plans import pilot_services as services
from veerkracht.plans.models import Pilot
from veerkracht.resources.models import NeedKind
from veerkracht.resources.services import need_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return World()


def evaluated(world: World, **overrides: object) -> Pilot:
    pilot = world.pilot(**overrides)
    Pilot.objects.filter(pk=pilot.pk).update(state="geevalueerd", conclusion="Werkt: opschalen.")
    pilot.refresh_from_db()
    return pilot


def canonical(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def test_the_go_no_go_is_in_the_decision_log_and_verifies(world: World, tmp_path: Path) -> None:
    pilot = evaluated(world)
    pilot.lessons.add(world.lesson())
    services.transition_pilot(
        pilot=pilot, to="opgeschaald", by=world.regisseur, note="Opschalen naar drie wijken."
    )
    decision = Decision.objects.get(kind=DecisionKind.GO_NO_GO)
    pilot.refresh_from_db()
    assert pilot.decision == decision and pilot.state == "opgeschaald"
    content = json.loads(decision.content)
    assert content["kind"] == "go-no-go"
    assert content["refs"] == [f"pilot:{pilot.pk}"]
    assert content["decided_by"]["role"] == "regisseur"
    assert content["decided_by"]["organisation"] == "Gemeente Veerdam"
    assert "Opschalen naar drie wijken." in content["text"] and "Werkt: opschalen." in content["text"]
    # the digest and hash computed here, by hand, from the stored content and header
    digest = hashlib.sha256(canonical(content)).hexdigest()
    header = {
        "seq": decision.seq,
        "recorded_at": decision.recorded_at,
        "prev": decision.prev,
        "digest": digest,
    }
    assert decision.digest == digest
    assert decision.hash == hashlib.sha256(canonical(header)).hexdigest()
    # exported and verified by the commands, as anyone outside would
    exported = io.StringIO()
    call_command("export_decisions", "--municipality", "gemeente-veerdam", stdout=exported)
    path = tmp_path / "log.json"
    path.write_text(exported.getvalue(), encoding="utf-8")
    out = io.StringIO()
    call_command("verify_decisions", "--input", str(path), stdout=out)
    verified = json.loads(out.getvalue())
    assert verified["valid"] is True
    assert verified["head"] == decision.hash
    assert verified["entries"] == Decision.objects.filter(chain__municipality=world.veerdam).count()


def test_inside_the_mandate_its_holder_decides_and_not_the_board(world: World) -> None:
    pilot = evaluated(world)
    assert selectors.decider(pilot).holder == world.regisseur
    before = snapshot(pilot)
    with pytest.raises(services.PilotRefused) as refused:
        services.transition_pilot(pilot=pilot, to="aangepast", by=world.board, note="Aanpassen.")
    assert refused.value.code == "not_allowed"
    assert snapshot(pilot) == before


@pytest.mark.parametrize(
    "outside",
    ["period", "money", "hours", "rule", "no_mandate"],
)
def test_outside_the_mandate_the_board_decides(world: World, outside: str) -> None:
    overrides: dict[str, object] = {}
    if outside == "period":
        overrides["ends_on"] = days(400)  # the mandate ends after 365 days
    pilot = evaluated(world, **overrides)
    if outside in ("money", "hours"):
        kind, quantity = (NeedKind.GELD, "10000.01") if outside == "money" else (NeedKind.UREN, "100.5")
        need = need_add(
            challenge=world.challenge,
            by=world.regisseur,
            kind=kind,
            description="Veel",
            quantity=Decimal(quantity),
        )
        pilot.needs.add(need)
    if outside in ("rule", "no_mandate"):
        # a new mandate version: the old version's rule is no longer in force
        from veerkracht.governance.models import Mandate

        if outside == "no_mandate":
            Mandate.objects.filter(pk=world.mandate.pk).update(state="ingetrokken")
        else:
            world.mandate = type(world.mandate).objects.get(pk=world.mandate.pk)
            from veerkracht.governance.services.mandates import give_mandate

            give_mandate(
                challenge=world.challenge,
                by=world.board,
                scope="Nieuw",
                starts_on=days(-30),
                ends_on=days(365),
                budget=Decimal(10000),
                hours=Decimal(100),
                decides_alone="Weinig",
            )
    who = selectors.decider(pilot)
    assert who.holder is None and who.reasons
    before = snapshot(pilot)
    with pytest.raises(services.PilotRefused):
        services.transition_pilot(pilot=pilot, to="aangepast", by=world.regisseur, note="Aanpassen.")
    assert snapshot(pilot) == before
    with pytest.raises(services.PilotRefused):
        services.transition_pilot(pilot=pilot, to="aangepast", by=world.other_board, note="Aanpassen.")
    assert snapshot(pilot) == before
    services.transition_pilot(pilot=pilot, to="aangepast", by=world.board, note="Aanpassen.")
    content = json.loads(Decision.objects.get(kind=DecisionKind.GO_NO_GO).content)
    assert content["decided_by"]["role"] == "bestuurder"


def test_the_money_and_hours_exactly_at_the_mandate_still_fit(world: World) -> None:
    pilot = evaluated(world)
    for kind, quantity in ((NeedKind.GELD, "10000.00"), (NeedKind.UREN, "100.0")):
        pilot.needs.add(
            need_add(
                challenge=world.challenge,
                by=world.regisseur,
                kind=kind,
                description="Past",
                quantity=Decimal(quantity),
            )
        )
    assert selectors.decider(pilot).holder == world.regisseur


@pytest.mark.parametrize("target", ["opgeschaald", "gestopt"])
def test_a_pilot_cannot_be_closed_without_a_lesson(world: World, target: str) -> None:
    pilot = evaluated(world)
    before = snapshot(pilot)
    with pytest.raises(services.PilotRefused) as refused:
        services.transition_pilot(pilot=pilot, to=target, by=world.regisseur, note="Klaar.")
    assert refused.value.code == "lesson_required"
    assert "zonder ten minste één les" in refused.value.message
    assert snapshot(pilot) == before
    lesson = services.write_lesson(
        pilot=pilot,
        by=world.teamlid,
        title="Klussen verbindt",
        tried="Een klussendienst",
        outcome="Werk en contact",
        size_band="20-50k",
        neighbourhood_type="stedelijk",
        visibility="gemeente",
    )
    assert list(pilot.lessons.all()) == [lesson]
    assert lesson.challenge == world.challenge and lesson.team == world.team
    assert lesson.evidence.get().kind == "pilot_uitkomst"
    services.transition_pilot(pilot=pilot, to=target, by=world.regisseur, note="Klaar.")
    assert Pilot.objects.get(pk=pilot.pk).state == target


def test_adjusting_needs_no_lesson(world: World) -> None:
    pilot = evaluated(world)
    services.transition_pilot(pilot=pilot, to="aangepast", by=world.regisseur, note="Aanpassen.")
    assert Pilot.objects.get(pk=pilot.pk).state == "aangepast"


def test_a_lesson_of_another_challenge_cannot_be_linked(world: World) -> None:
    from tests.agenda.factories import ChallengeFactory

    elsewhere = ChallengeFactory(agenda=world.agenda, regisseur=world.regisseur, in_uitvoering=True)
    pilot = evaluated(world)
    with pytest.raises(Exception):  # noqa: B017,PT011 - ValidationError
        services.link_lesson(pilot=pilot, by=world.regisseur, lesson=world.lesson(challenge=elsewhere))
    assert pilot.lessons.count() == 0


def test_the_go_no_go_needs_a_note_and_after_evaluation_a_conclusion(world: World) -> None:
    pilot = world.pilot()
    pilot.lessons.add(world.lesson())
    Pilot.objects.filter(pk=pilot.pk).update(state="geevalueerd")
    pilot.refresh_from_db()
    before = snapshot(pilot)
    with pytest.raises(services.PilotRefused) as no_note:
        services.transition_pilot(pilot=pilot, to="gestopt", by=world.regisseur, note="  ")
    assert no_note.value.code == "note_required"
    with pytest.raises(services.PilotRefused) as no_conclusion:
        services.transition_pilot(pilot=pilot, to="gestopt", by=world.regisseur, note="Stoppen.")
    assert no_conclusion.value.code == "conclusion_required"
    assert snapshot(pilot) == before


def test_stopping_a_running_pilot_is_a_go_no_go_too(world: World) -> None:
    pilot = world.pilot()
    pilot.lessons.add(world.lesson())
    services.transition_pilot(pilot=pilot, to="lopend", by=world.teamlid)
    with pytest.raises(services.PilotRefused):
        services.transition_pilot(pilot=pilot, to="gestopt", by=world.teamlid, note="Stoppen.")
    services.transition_pilot(pilot=pilot, to="gestopt", by=world.regisseur, note="Stoppen: geen deelnemers.")
    assert Decision.objects.filter(kind=DecisionKind.GO_NO_GO).count() == 1
