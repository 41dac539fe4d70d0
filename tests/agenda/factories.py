"""Factories for agendas and challenges, with a trait per lifecycle state. Other apps' factories
(monitor, teams) build on ``ChallengeFactory``."""

from __future__ import annotations

import datetime as dt

import factory

from tests.organisations.factories import OrganisationFactory, UserFactory
from veerkracht.agenda.models import (
    Agenda,
    Challenge,
    ChallengeTransition,
    Domain,
    Neighbourhood,
    Score,
    Stakeholder,
)
from veerkracht.agenda.workflow import MAIN_LINE, Status


def _domain() -> Domain:
    # seeded by the data migration
    return Domain.objects.get(code="sociaal-domein")


class AgendaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agenda
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Innovatieagenda {n}")
    slug = factory.Sequence(lambda n: f"agenda-{n}")
    municipality = factory.SubFactory(OrganisationFactory, gemeente=True)
    region = None
    period_start = dt.date(2025, 1, 1)
    period_end = dt.date(2028, 12, 31)

    class Params:
        published_agenda = factory.Trait(published=True)

    @factory.post_generation
    def coordinators(self, create, extracted, **kwargs):
        if create and extracted:
            self.coordinators.set(extracted)

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)


def _path(status: str) -> list[str]:
    if status == Status.GESTOPT:
        return [Status.GESIGNALEERD, Status.GEAGENDEERD, Status.GESTOPT]
    return list(MAIN_LINE[: MAIN_LINE.index(status) + 1])


class ChallengeFactory(factory.django.DjangoModelFactory):
    """A challenge with a history consistent with its status (one ChallengeTransition per step)."""

    class Meta:
        model = Challenge
        skip_postgeneration_save = True

    agenda = factory.SubFactory(AgendaFactory)
    title = factory.Sequence(lambda n: f"Opgave {n}")
    slug = factory.Sequence(lambda n: f"opgave-{n}")
    problem = "<p>Een maatschappelijk probleem.</p>"
    domain = factory.LazyFunction(_domain)
    lead_municipality = factory.LazyAttribute(
        lambda o: o.agenda.municipality or o.agenda.region.municipalities.first()
    )
    status = Status.GESIGNALEERD

    class Params:
        gesignaleerd = factory.Trait(status=Status.GESIGNALEERD)
        geagendeerd = factory.Trait(status=Status.GEAGENDEERD)
        in_meting = factory.Trait(status=Status.IN_METING)
        team_in_vorming = factory.Trait(status=Status.TEAM_IN_VORMING)
        in_uitvoering = factory.Trait(status=Status.IN_UITVOERING)
        in_evaluatie = factory.Trait(status=Status.IN_EVALUATIE)
        afgerond = factory.Trait(status=Status.AFGEROND)
        gestopt = factory.Trait(status=Status.GESTOPT)
        public = factory.Trait(published=True, agenda=factory.SubFactory(AgendaFactory, published=True))

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        previous = ""
        for step in _path(self.status):
            ChallengeTransition.objects.create(challenge=self, from_status=previous, to_status=step)
            previous = step


#: one trait per lifecycle state, for parametrised tests
STATE_TRAITS = [s.value for s in Status]


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder

    challenge = factory.SubFactory(ChallengeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "partner"
    interest = "medium"
    influence = "medium"


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    challenge = factory.SubFactory(ChallengeFactory)
    scorer = factory.SubFactory(UserFactory)
    urgency = 3
    impact = 3
    feasibility = 3
    innovation = 3


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood

    municipality = factory.SubFactory(OrganisationFactory, gemeente=True)
    name = factory.Sequence(lambda n: f"Wijk {n}")
    slug = factory.Sequence(lambda n: f"wijk-{n}")
