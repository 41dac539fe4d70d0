"""A small world for the pilot tests: Veerdam's challenge in execution with its regisseur, a coordinator,
an innovation team (a member, and someone invited who has not answered), a bestuurder, an agreed
objective with one indicator, a mandate in force with one rule of experimentation space; and Elders,
another municipality, with its own coordinator, bestuurder and a member of staff."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tests.agenda.factories import AgendaFactory, ChallengeFactory
from tests.organisations.factories import OrganisationFactory, member
from tests.teams.factories import ProfileFactory
from veerkracht.community.models import Lesson
from veerkracht.community.services import save_lesson
from veerkracht.governance.models import Decision, Indicator, Measurement, Objective, ObjectiveState
from veerkracht.governance.services.mandates import RuleInput, give_mandate
from veerkracht.organisations.models import Role
from veerkracht.plans import pilot_services as services
from veerkracht.plans.models import Pilot, PilotChange
from veerkracht.teams.models import MemberStatus, Team, TeamMember


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


class World:
    def __init__(self) -> None:
        self.veerdam = OrganisationFactory(gemeente=True, name="Gemeente Veerdam", slug="gemeente-veerdam")
        self.other = OrganisationFactory(gemeente=True, name="Gemeente Elders", slug="gemeente-elders")
        self.coordinator = member(self.veerdam, Role.COORDINATOR, email="coordinator@veerdam.example")
        self.regisseur = member(self.veerdam, Role.REGISSEUR, email="regisseur@veerdam.example")
        self.board = member(self.veerdam, Role.BESTUURDER, email="wethouder@veerdam.example")
        self.staff = member(self.veerdam, Role.MEDEWERKER, email="medewerker@veerdam.example")
        self.other_coordinator = member(self.other, Role.COORDINATOR, email="coordinator@elders.example")
        self.other_board = member(self.other, Role.BESTUURDER, email="wethouder@elders.example")
        self.outsider = member(self.other, Role.MEDEWERKER, email="iemand@elders.example")
        self.agenda = AgendaFactory(municipality=self.veerdam, coordinators=[self.coordinator])
        self.other_agenda = AgendaFactory(municipality=self.other, coordinators=[self.other_coordinator])
        self.challenge = ChallengeFactory(
            agenda=self.agenda, regisseur=self.regisseur, in_uitvoering=True, title="Buurtbedrijf"
        )
        self.teamlid = member(self.veerdam, Role.TEAMLID, email="teamlid@veerdam.example")
        self.invited = member(self.veerdam, Role.TEAMLID, email="uitgenodigd@veerdam.example")
        self.team = Team.objects.create(challenge=self.challenge, leader=self.regisseur)
        for user, status in ((self.teamlid, MemberStatus.ACCEPTED), (self.invited, MemberStatus.INVITED)):
            TeamMember.objects.create(
                team=self.team,
                profile=ProfileFactory(user=user, resident=True, municipality=self.veerdam),
                status=status,
            )
        self.objective = Objective.objects.create(
            challenge=self.challenge, code="D1", name="Werk", state=ObjectiveState.OVEREENGEKOMEN
        )
        self.indicator = Indicator.objects.create(
            objective=self.objective,
            code="I1",
            name="Banen",
            baseline_date=days(-60),
            baseline_value=Decimal(0),
            target_date=days(300),
            target_value=Decimal(100),
        )
        self.mandate = give_mandate(
            challenge=self.challenge,
            by=self.board,
            scope="Buurtbedrijf in de Rivierwijk",
            starts_on=days(-30),
            ends_on=days(365),
            budget=Decimal("10000.00"),
            hours=Decimal("100.0"),
            decides_alone="Inzet van het team en de volgorde van de experimenten",
            rules=[RuleInput("Aanbesteding boven 50.000", "Onderhands gunnen", "Wethouder", days(200))],
        )
        self.rule = self.mandate.experiment_rules.get()

    def measure(self, on: dt.date, value: str) -> Measurement:
        return Measurement.objects.create(indicator=self.indicator, date=on, value=Decimal(value))

    def pilot(self, by: Any = None, **overrides: Any) -> Pilot:
        values: dict[str, Any] = {
            "challenge": self.challenge,
            "by": by or self.regisseur,
            "title": "Klussendienst voor ouderen",
            "intervention": "een klussendienst met werkzoekenden uit de wijk opzetten",
            "expectation": "dat tien werkzoekenden werk vinden",
            "indicators": [self.indicator],
            "neighbourhood": "Rivierwijk",
            "target_group": "Werkzoekenden",
            "starts_on": days(-20),
            "ends_on": days(100),
            "experiment_rules": [self.rule],
        }
        values.update(overrides)
        return services.create_pilot(**values)

    def lesson(self, title: str = "Wat we leerden", challenge: Any = None) -> Lesson:
        challenge = challenge or self.challenge
        return save_lesson(
            by=self.regisseur,
            title=title,
            tried="Een klussendienst",
            outcome="Het werkte",
            domain=challenge.domain,
            municipality=challenge.agenda.municipality,
            size_band="20-50k",
            neighbourhood_type="stedelijk",
            challenge=challenge,
            visibility="gemeente",
        )

    def ready_to_close(self, pilot: Pilot) -> Pilot:
        """The conclusion written and a lesson linked: only the table (and the person) decide."""
        Pilot.objects.filter(pk=pilot.pk).update(conclusion="De hypothese is bevestigd.")
        pilot.lessons.add(self.lesson())
        pilot.refresh_from_db()
        return pilot


def snapshot(pilot: Pilot) -> tuple[Any, ...]:
    """Everything a refused write must leave as it was."""
    fresh = Pilot.objects.get(pk=pilot.pk)
    return (
        fresh.state,
        fresh.decision_id,
        fresh.conclusion,
        fresh.title,
        sorted(fresh.lessons.values_list("pk", flat=True)),
        sorted(fresh.needs.values_list("pk", flat=True)),
        PilotChange.objects.count(),
        Decision.objects.count(),
        Pilot.objects.count(),
        Lesson.objects.count(),
    )
