"""A small world for part e: a municipality with a challenge (regisseur, coordinator, board member), two
partner organisations each with a partnercontact and a staff member, and another municipality."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from tests.agenda.factories import AgendaFactory, ChallengeFactory
from tests.organisations.factories import OrganisationFactory, member
from veerkracht.organisations.models import Kind, Role
from veerkracht.resources import services
from veerkracht.resources.models import NeedKind

MONDAY = dt.date(2026, 1, 5)


class World:
    def __init__(self) -> None:
        self.veerdam = OrganisationFactory(gemeente=True, name="Gemeente Veerdam", slug="gemeente-veerdam")
        self.other = OrganisationFactory(gemeente=True, name="Gemeente Elders", slug="gemeente-elders")
        self.coordinator = member(self.veerdam, Role.COORDINATOR, email="coordinator@veerdam.example")
        self.regisseur = member(self.veerdam, Role.REGISSEUR, email="regisseur@veerdam.example")
        self.board = member(self.veerdam, Role.BESTUURDER, email="wethouder@veerdam.example")
        self.other_coordinator = member(self.other, Role.COORDINATOR, email="coordinator@elders.example")
        self.welzijn = OrganisationFactory(
            name="Welzijn", slug="welzijn", kind=Kind.MAATSCHAPPELIJK, municipality=self.veerdam
        )
        self.zorg = OrganisationFactory(
            name="Zorg", slug="zorg", kind=Kind.MAATSCHAPPELIJK, municipality=self.veerdam
        )
        self.welzijn_contact = member(self.welzijn, Role.PARTNERCONTACT, email="contact@welzijn.example")
        self.welzijn_worker = member(
            self.welzijn, Role.MEDEWERKER, email="werker@welzijn.example", full_name="Wim Werker"
        )
        self.zorg_contact = member(self.zorg, Role.PARTNERCONTACT, email="contact@zorg.example")
        self.zorg_worker = member(
            self.zorg, Role.MEDEWERKER, email="werker@zorg.example", full_name="Zoë Zorg"
        )
        self.outsider = member(self.other, Role.MEDEWERKER, email="iemand@elders.example")
        self.agenda = AgendaFactory(
            municipality=self.veerdam, coordinators=[self.coordinator], partners=[self.welzijn, self.zorg]
        )
        self.challenge = ChallengeFactory(
            agenda=self.agenda, regisseur=self.regisseur, in_uitvoering=True, title="Buurtbedrijf"
        )

    def need(self, kind: str = NeedKind.UREN, quantity: str = "100", **extra: Any) -> Any:
        return services.need_add(
            challenge=extra.pop("challenge", self.challenge),
            by=self.regisseur,
            kind=kind,
            description=extra.pop("description", f"Behoefte {kind}"),
            quantity=Decimal(quantity),
            **extra,
        )

    def pledge(self, need: Any, organisation: Any = None, quantity: str = "40", accept: bool = True) -> Any:
        organisation = organisation or self.welzijn
        contact = self.welzijn_contact if organisation == self.welzijn else self.zorg_contact
        pledge = services.pledge_make(
            need=need, organisation=organisation, by=contact, quantity=Decimal(quantity)
        )
        if accept:
            pledge = services.pledge_accept(pledge=pledge, by=self.regisseur)
        return pledge

    def hours(self, pledge: Any, quantity: str, week: dt.date = MONDAY, person: Any = None) -> Any:
        person = person or (self.welzijn_worker if pledge.organisation == self.welzijn else self.zorg_worker)
        return services.realisation_book(
            pledge=pledge, by=person, quantity=Decimal(quantity), person=person, week=week
        )

    def money(self, pledge: Any, quantity: str, reference: str = "F-1") -> Any:
        contact = self.welzijn_contact if pledge.organisation == self.welzijn else self.zorg_contact
        return services.realisation_book(
            pledge=pledge, by=contact, quantity=Decimal(quantity), reference=reference
        )
