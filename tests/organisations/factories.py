"""Factories for people and organisations, with a trait per state. Other apps' factories build on them."""

from __future__ import annotations

import factory

from veerkracht.accounts.models import User
from veerkracht.organisations.models import Kind, Membership, Organisation, OrganisationStatus, Region, Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"persoon{n}@example.org")
    full_name = factory.Faker("name", locale="nl_NL")
    password = factory.django.Password("correct-horse-battery")

    class Params:
        staff = factory.Trait(is_staff=True)
        superuser = factory.Trait(is_staff=True, is_superuser=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    slug = factory.Sequence(lambda n: f"organisatie-{n}")
    kind = Kind.BEDRIJF

    class Params:
        gemeente = factory.Trait(kind=Kind.GEMEENTE, name=factory.Sequence(lambda n: f"Gemeente {n}"))
        archived = factory.Trait(status=OrganisationStatus.ARCHIVED)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Regio {n}")
    slug = factory.Sequence(lambda n: f"regio-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.MEDEWERKER


def member(organisation: Organisation, role: str = Role.MEDEWERKER, **user_fields) -> User:
    """A new person holding ``role`` in ``organisation``."""
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user
