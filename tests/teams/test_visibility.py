"""Who sees which talent profile: role × profile kind × other municipality (issue 6's rule)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.agenda.factories import AgendaFactory, ChallengeFactory
from tests.organisations.factories import OrganisationFactory, UserFactory, member
from veerkracht.organisations.models import Role
from veerkracht.teams import selectors, services

pytestmark = pytest.mark.django_db

KINDS = ["ambtenaar", "welzijn1", "hogeschool", "bewoner1", "withdrawn", "linden_bewoner", "elders"]


def viewers(world) -> dict:
    from tests.organisations.factories import RegionFactory
    from tests.teams.factories import ProfileFactory

    world.people["withdrawn"] = ProfileFactory(withdrawn=True, municipality=world.veerdam)
    # a joint agenda of the region: coordinated by someone of Linden, with a challenge directed by
    # someone of Veerdam — neither sees the residents of the other municipality
    region = RegionFactory()
    region.municipalities.set([world.veerdam, world.linden])
    regional_linden = member(world.linden, Role.MEDEWERKER)
    regional_agenda = AgendaFactory(municipality=None, region=region, coordinators=[regional_linden])
    regional_veerdam = member(world.veerdam, Role.MEDEWERKER)
    ChallengeFactory(agenda=regional_agenda, regisseur=regional_veerdam)
    linden_agenda_coordinator = UserFactory()
    AgendaFactory(municipality=world.linden, coordinators=[linden_agenda_coordinator])
    linden_regisseur = UserFactory()
    ChallengeFactory(agenda=AgendaFactory(municipality=world.linden), regisseur=linden_regisseur)
    return {
        "agenda coordinator": world.coordinator,
        "challenge regisseur": world.regisseur,
        "municipal coordinator role": member(world.veerdam, Role.COORDINATOR),
        "partner contact": world.contact,
        "team member role": member(world.partner, Role.TEAMLID),
        "coordinator elsewhere": linden_agenda_coordinator,
        "regisseur elsewhere": linden_regisseur,
        "resident": world.people["bewoner2"].user,
        "regional coordinator of Linden": regional_linden,
        "regional regisseur of Veerdam": regional_veerdam,
        "anonymous": None,
    }


# Expected, read from the rule (not from the code): agenda coordinators and regisseurs of the
# Veerdam agenda see staff of the municipality and its two partners and Veerdam's residents; the
# organisation taking part in no agenda ("elders") and Linden's residents stay hidden from them.
# A coordinator role in the municipality sees its residents and its own staff. A resident whose
# consent is withdrawn is seen by nobody (but themself). A regional agenda shows its coordinators and
# regisseurs the staff of every municipality of the region, but residents only of the municipality
# they belong to (the sign-up page's promise). Everyone else: none.
SEES = {
    "agenda coordinator": {"ambtenaar", "welzijn1", "hogeschool", "bewoner1"},
    "challenge regisseur": {"ambtenaar", "welzijn1", "hogeschool", "bewoner1"},
    "municipal coordinator role": {"ambtenaar", "bewoner1"},
    "partner contact": set(),
    "team member role": set(),
    "coordinator elsewhere": {"linden_bewoner"},
    "regisseur elsewhere": {"linden_bewoner"},
    "resident": set(),
    "regional coordinator of Linden": {"ambtenaar", "linden_bewoner"},
    "regional regisseur of Veerdam": {"ambtenaar", "bewoner1"},
    "anonymous": set(),
}


def test_permission_matrix(world, client) -> None:
    for role, user in viewers(world).items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for kind in KINDS:
            profile = world.people[kind]
            expected = kind in SEES[role]
            status = client.get(reverse("teams:profile", args=[profile.pk])).status_code
            if user is None:
                assert status == 302, (role, kind)  # to the log-in page, never public
            else:
                assert status == (200 if expected else 404), (role, kind, status)
            assert selectors.visible_profiles(user).filter(pk=profile.pk).exists() == expected, (role, kind)


def test_a_stakeholder_organisation_takes_part(world) -> None:
    from tests.agenda.factories import StakeholderFactory

    StakeholderFactory(challenge=world.challenge, organisation=world.elsewhere)
    assert selectors.visible_profiles(world.coordinator).filter(pk=world.people["elders"].pk).exists()


def test_regional_agenda_shows_residents_only_of_ones_own_municipality(world) -> None:
    from tests.organisations.factories import RegionFactory

    region = RegionFactory()
    region.municipalities.set([world.veerdam, world.linden])
    regional = member(world.veerdam, Role.MEDEWERKER)
    AgendaFactory(municipality=None, region=region, coordinators=[regional])
    seen = selectors.visible_profiles(regional)
    assert not seen.filter(pk=world.people["linden_bewoner"].pk).exists()  # another municipality
    assert seen.filter(pk=world.people["bewoner1"].pk).exists()
    assert seen.filter(pk=world.people["ambtenaar"].pk).exists()
    assert not seen.filter(pk=world.people["welzijn1"].pk).exists()  # partner of the other agenda only
    outsider = UserFactory()  # coordinates the regional agenda but belongs to no municipality
    AgendaFactory(municipality=None, region=region, coordinators=[outsider])
    assert not selectors.visible_profiles(outsider).filter(organisation__isnull=True).exists()


def test_withdrawn_consent_hides_the_profile_from_list_and_page(world, client) -> None:
    bea = world.people["bewoner1"]
    client.force_login(world.coordinator)
    assert bea.user.full_name in client.get(reverse("teams:index")).content.decode()
    services.consent_withdraw(profile=bea, by=bea.user)
    assert bea.user.full_name not in client.get(reverse("teams:index")).content.decode()
    assert client.get(reverse("teams:profile", args=[bea.pk])).status_code == 404
    client.force_login(bea.user)  # the person still sees (and can delete) their own profile
    assert client.get(reverse("teams:profile", args=[bea.pk])).status_code == 200


def test_installation_admin_sees_the_pool_but_not_withdrawn_residents(world) -> None:
    viewers(world)
    admin = UserFactory(is_superuser=True, is_staff=True)
    seen = set(selectors.visible_profiles(admin).values_list("pk", flat=True))
    assert {k for k in KINDS if world.people[k].pk in seen} == set(KINDS) - {"withdrawn"}


def test_own_profile_always_visible(world) -> None:
    viewers(world)  # adds the resident who withdrew consent
    for kind in KINDS:
        profile = world.people[kind]
        assert selectors.can_see_profile(profile.user, profile)


def test_other_municipality_coordinator_has_no_veerdam_pool(world) -> None:
    other = member(OrganisationFactory(gemeente=True), Role.COORDINATOR)
    assert not selectors.visible_profiles(other).exists()
