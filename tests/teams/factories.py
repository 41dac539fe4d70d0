"""Factories for the talent pool, with traits per state (staff, resident, consent withdrawn)."""

from __future__ import annotations

import factory
from django.utils import timezone

from tests.organisations.factories import OrganisationFactory, UserFactory
from veerkracht.teams.models import Profile, ProfileSkill, Skill


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"vaardigheid-{n}")
    label_nl = factory.LazyAttribute(lambda o: o.slug)
    label_en = factory.LazyAttribute(lambda o: o.slug)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    municipality = factory.LazyAttribute(lambda o: o.organisation.municipality if o.organisation else None)
    hours_per_week = 8

    class Params:
        resident = factory.Trait(
            organisation=None,
            consent_given_at=factory.LazyFunction(timezone.now),
            email_confirmed_at=factory.LazyFunction(timezone.now),
        )
        withdrawn = factory.Trait(
            organisation=None,
            consent_given_at=factory.LazyFunction(timezone.now),
            email_confirmed_at=factory.LazyFunction(timezone.now),
            consent_withdrawn_at=factory.LazyFunction(timezone.now),
        )


class ProfileSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProfileSkill

    profile = factory.SubFactory(ProfileFactory)
    skill = factory.SubFactory(SkillFactory)
    level = 3
