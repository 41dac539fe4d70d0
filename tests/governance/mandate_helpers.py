"""A small world for the mandate, escalation and lifecycle tests: two municipalities, a challenge of
the first with a regisseur, a coordinator, two bestuurders (Dutch and English), a council member, a
team member, and the other municipality's bestuurder."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from tests.agenda.factories import AgendaFactory, ChallengeFactory
from tests.organisations.factories import OrganisationFactory, member
from tests.teams.factories import ProfileFactory
from veerkracht.governance.models import (
    Decision,
    Escalation,
    ExperimentRule,
    Indicator,
    Measurement,
    Objective,
    ObjectiveState,
    UsageEntry,
)
from veerkracht.governance.services.mandates import RuleInput, give_mandate
from veerkracht.organisations.models import Role
from veerkracht.teams.models import MemberStatus, Team, TeamMember

TODAY = dt.date(2027, 3, 1)


class World:
    def __init__(self) -> None:
        self.veerdam = OrganisationFactory(gemeente=True, name="Gemeente Veerdam", slug="gemeente-veerdam")
        self.other = OrganisationFactory(gemeente=True, name="Gemeente Elders", slug="gemeente-elders")
        self.coordinator = member(self.veerdam, Role.COORDINATOR, email="coordinator@veerdam.example")
        self.regisseur = member(self.veerdam, Role.REGISSEUR, email="regisseur@veerdam.example")
        self.board = member(
            self.veerdam, Role.BESTUURDER, email="wethouder@veerdam.example", full_name="Pieter van Dam"
        )
        self.board_en = member(
            self.veerdam, Role.BESTUURDER, email="director@veerdam.example", preferred_language="en"
        )
        self.council = member(self.veerdam, Role.RAADSLID, email="raad@veerdam.example")
        self.other_board = member(self.other, Role.BESTUURDER, email="wethouder@elders.example")
        self.agenda = AgendaFactory(municipality=self.veerdam, coordinators=[self.coordinator])
        self.challenge = ChallengeFactory(
            agenda=self.agenda, regisseur=self.regisseur, team_in_vorming=True, title="Buurtbedrijf"
        )
        # a member of the challenge's innovation team (takes part, so sees the mandate page)
        self.teamlid = member(self.veerdam, Role.TEAMLID, email="teamlid@veerdam.example")
        team = Team.objects.create(challenge=self.challenge, leader=self.regisseur)
        TeamMember.objects.create(
            team=team,
            profile=ProfileFactory(user=self.teamlid, resident=True, municipality=self.veerdam),
            status=MemberStatus.ACCEPTED,
        )

    def give(self, challenge: Any = None, **overrides: Any) -> Any:
        values: dict[str, Any] = {
            "challenge": challenge or self.challenge,
            "by": self.board,
            "scope": "Pilot buurtbedrijf in de Rivierwijk",
            "starts_on": dt.date(2027, 1, 1),
            "ends_on": dt.date(2027, 12, 31),
            "budget": Decimal("10000.00"),
            "hours": Decimal("100.0"),
            "decides_alone": "Inzet van het team",
            "rules": [
                RuleInput(
                    "Aanbesteding boven 50.000", "Onderhands gunnen", "Pieter van Dam", dt.date(2027, 6, 30)
                )
            ],
        }
        values.update(overrides)
        return give_mandate(**values)

    def agreed_objective(self, challenge: Any = None) -> Objective:
        return Objective.objects.create(
            challenge=challenge or self.challenge, code="D1", name="Werk", state=ObjectiveState.OVEREENGEKOMEN
        )

    def indicator(self, objective: Objective, measurements: list[tuple[dt.date, str]]) -> Indicator:
        """Baseline 0 on 2027-01-01, target 100 on 2027-12-31 (365 days later... 364): tolerance 0.10."""
        ind = Indicator.objects.create(
            objective=objective,
            code="I1",
            name="Banen",
            baseline_date=dt.date(2027, 1, 1),
            baseline_value=Decimal(0),
            target_date=dt.date(2027, 12, 31),
            target_value=Decimal(100),
        )
        for day, value in measurements:
            Measurement.objects.create(indicator=ind, date=day, value=Decimal(value))
        return ind


def counts() -> dict[str, int]:
    from veerkracht.core.models import OutgoingEmail
    from veerkracht.governance.models import Mandate

    return {
        "mandates": Mandate.objects.count(),
        "rules": ExperimentRule.objects.count(),
        "decisions": Decision.objects.count(),
        "usage": UsageEntry.objects.count(),
        "escalations": Escalation.objects.count(),
        "mails": OutgoingEmail.objects.count(),
    }
