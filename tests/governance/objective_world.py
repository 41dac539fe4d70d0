"""A small world for the objectives tests: a challenge of Veerdam with its regisseur, coordinator and
board, a partner contact and a team member, and Linden's board (another municipality)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from tests.agenda.factories import AgendaFactory, ChallengeFactory
from tests.organisations.factories import OrganisationFactory, member
from veerkracht.governance.models import Indicator, Objective, ObjectiveState
from veerkracht.organisations.models import Role


@dataclass
class World:
    veerdam: Any
    linden: Any
    agenda: Any
    challenge: Any
    regisseur: Any
    coordinator: Any
    bestuurder: Any
    other_bestuurder: Any
    contact: Any
    teamlid: Any


@pytest.fixture
def gw(db) -> World:
    veerdam = OrganisationFactory(gemeente=True, name="Gemeente Veerdam", slug="veerdam-g")
    linden = OrganisationFactory(gemeente=True, name="Gemeente Linden", slug="linden-g")
    partner = OrganisationFactory(
        municipality=veerdam, name="Welzijn", slug="welzijn-g", kind="maatschappelijk"
    )
    coordinator = member(veerdam, Role.MEDEWERKER, full_name="Cor Coördinator")
    regisseur = member(veerdam, Role.MEDEWERKER, full_name="Rita Regisseur")
    bestuurder = member(veerdam, Role.BESTUURDER, full_name="Wim Wethouder")
    other = member(linden, Role.BESTUURDER, full_name="Lotte Linden")
    contact = member(partner, Role.PARTNERCONTACT, full_name="Paul Partner")
    teamlid = member(veerdam, Role.TEAMLID, full_name="Tom Teamlid")
    agenda = AgendaFactory(municipality=veerdam, coordinators=[coordinator], partners=[partner])
    challenge = ChallengeFactory(agenda=agenda, regisseur=regisseur, team_in_vorming=True, slug="opgave-g")
    return World(
        veerdam, linden, agenda, challenge, regisseur, coordinator, bestuurder, other, contact, teamlid
    )


def indicator_data(code: str = "I1", **extra: Any) -> dict[str, Any]:
    data = {
        "code": code,
        "name": f"Indicator {code}",
        "unit": "%",
        "baseline_date": date(2026, 1, 1),
        "baseline_value": Decimal(40),
        "target_date": date(2028, 1, 1),
        "target_value": Decimal(60),
        "tolerance": Decimal("0.10"),
        "weight": Decimal(1),
        "source": "eigen",
        "monitor_dimension": "",
    }
    data.update(extra)
    return data


def make_objective(
    challenge: Any, code: str = "O1", state: str = ObjectiveState.VOORGESTELD, **ind: Any
) -> Objective:
    objective = Objective.objects.create(challenge=challenge, code=code, name=f"Doel {code}", state=state)
    Indicator.objects.create(objective=objective, **indicator_data(**ind))
    return objective
