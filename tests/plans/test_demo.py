"""The pilots' demo: a pilot in each state on a challenge with team, objectives, indicators and a
mandate; the stopped one with its lessons, the scaled-up one with its lesson; each go/no-go an entry of
the decision log taken by whoever the mandate names, and the log verifies; loading twice adds nothing."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from veerkracht.governance import chain
from veerkracht.governance.models import Decision
from veerkracht.governance.services.decisions import export_log
from veerkracht.plans import pilot_selectors as selectors
from veerkracht.plans.models import Pilot, PilotChange

pytestmark = pytest.mark.django_db


def test_the_demo_pilots() -> None:
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    pilots = {p.state: p for p in Pilot.objects.select_related("challenge", "team", "decision")}
    assert set(pilots) == {"voorbereiding", "lopend", "geevalueerd", "opgeschaald", "aangepast", "gestopt"}
    challenge = pilots["lopend"].challenge
    assert all(p.challenge == challenge and p.team is not None for p in pilots.values())
    assert selectors.mandate_in_force(challenge) is not None
    assert pilots["gestopt"].lessons.count() == 2
    assert pilots["opgeschaald"].lessons.count() == 1
    assert pilots["geevalueerd"].conclusion
    for state in ("opgeschaald", "aangepast", "gestopt"):
        decision = pilots[state].decision
        assert decision is not None and decision.kind == "go-no-go"
        assert json.loads(decision.content)["refs"] == [f"pilot:{pilots[state].pk}"]
    # the scaled-up pilot of 2025 lies outside the mandate in force: the board decided; the others the
    # mandate's holder, the regisseur
    assert json.loads(pilots["opgeschaald"].decision.content)["decided_by"]["role"] == "bestuurder"
    for state in ("aangepast", "gestopt"):
        assert json.loads(pilots[state].decision.content)["decided_by"]["role"] == "regisseur"
    # the monitor measured before and after the scaled-up pilot
    change = selectors.monitor_change(pilots["opgeschaald"], language="nl")
    assert change is not None and change.before.number == 1 and change.after.number == 2
    municipality = challenge.agenda.municipality
    assert chain.verify(export_log(municipality, public_only=False)).valid
    assert chain.verify(export_log(municipality, public_only=True)).valid

    counts = (Pilot.objects.count(), PilotChange.objects.count(), Decision.objects.count())
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    assert (Pilot.objects.count(), PilotChange.objects.count(), Decision.objects.count()) == counts
