from __future__ import annotations

import pytest

from tests.agenda.factories import AgendaFactory, ChallengeFactory
from tests.organisations.factories import OrganisationFactory, member
from veerkracht.organisations.models import Role


class World:
    """Two municipalities; an agenda of the first with a coordinator, a partner organisation with a
    representative, a regisseur; and a coordinator of the other municipality."""

    def __init__(self) -> None:
        self.veerdam = OrganisationFactory(gemeente=True, name="Gemeente Veerdam", slug="gemeente-veerdam")
        self.other = OrganisationFactory(gemeente=True, name="Gemeente Elders", slug="gemeente-elders")
        self.partner_org = OrganisationFactory(kind="maatschappelijk", municipality=self.veerdam)
        self.coordinator = member(self.veerdam, Role.COORDINATOR)
        self.regisseur = member(self.veerdam, Role.REGISSEUR)
        self.other_regisseur = member(self.veerdam, Role.REGISSEUR)
        self.partner = member(self.partner_org, Role.PARTNERCONTACT)
        self.partner_staff = member(self.partner_org, Role.MEDEWERKER)
        self.staff = member(self.veerdam, Role.MEDEWERKER)
        self.other_coordinator = member(self.other, Role.COORDINATOR)
        self.agenda = AgendaFactory(
            municipality=self.veerdam, coordinators=[self.coordinator], partners=[self.partner_org]
        )
        self.other_agenda = AgendaFactory(municipality=self.other, coordinators=[self.other_coordinator])

    def challenge(self, **kwargs):
        kwargs.setdefault("agenda", self.agenda)
        kwargs.setdefault("regisseur", self.regisseur)
        return ChallengeFactory(**kwargs)


@pytest.fixture
def world(db):
    return World()
