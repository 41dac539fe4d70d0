"""Talent pool: visibility, consent, export/delete, sign-up, list queries, stored proposals."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.agenda.factories import AgendaFactory
from tests.organisations.factories import OrganisationFactory, member
from veerkracht.organisations.models import Role
from veerkracht.teams import selectors, services
from veerkracht.teams.models import Profile, TeamProposal

from .factories import ProfileFactory, ProfileSkillFactory, SkillFactory
from .factories import ProfileSkillFactory as PS

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    veerdam = OrganisationFactory(gemeente=True)
    linden = OrganisationFactory(gemeente=True)
    partner = OrganisationFactory(municipality=veerdam)
    coordinator = member(veerdam, Role.COORDINATOR)
    regisseur_other = member(linden, Role.REGISSEUR)
    AgendaFactory(municipality=veerdam, coordinators=[coordinator], partners=[partner])
    staff = ProfileFactory(organisation=partner, municipality=veerdam, willing_to_lead=True)
    resident = ProfileFactory(resident=True, municipality=veerdam)
    return {
        "veerdam": veerdam,
        "linden": linden,
        "partner": partner,
        "coordinator": coordinator,
        "other": regisseur_other,
        "staff": staff,
        "resident": resident,
    }


def test_factories_work(world) -> None:
    assert world["staff"].municipality == world["veerdam"]
    assert world["resident"].is_resident and world["resident"].is_matchable
    assert not ProfileFactory(withdrawn=True, municipality=world["veerdam"]).is_matchable
    assert PS(profile=world["staff"]).level == 3


def test_regisseur_of_another_municipality_cannot_see_the_pool(world, client) -> None:
    client.force_login(world["other"])
    assert client.get(reverse("teams:profile", args=[world["staff"].pk])).status_code == 404
    assert client.get(reverse("teams:profile", args=[world["resident"].pk])).status_code == 404
    assert not selectors.visible_profiles(world["other"]).filter(pk=world["staff"].pk).exists()
    client.force_login(world["coordinator"])
    assert client.get(reverse("teams:profile", args=[world["staff"].pk])).status_code == 200


def test_resident_sees_only_their_own_profile(world, client) -> None:
    client.force_login(world["resident"].user)
    assert client.get(reverse("teams:profile", args=[world["resident"].pk])).status_code == 200
    assert client.get(reverse("teams:profile", args=[world["staff"].pk])).status_code == 404
    landing = client.get(reverse("teams:index"))  # the part's start page, without the pool
    assert landing.status_code == 200 and "page" not in landing.context
    assert world["staff"].user.full_name not in landing.content.decode()


def test_never_public(world, client) -> None:
    response = client.get(reverse("teams:profile", args=[world["staff"].pk]))
    assert response.status_code == 302  # to the log-in page


def test_export_and_delete_own_profile(world, client) -> None:
    resident = world["resident"]
    PS(profile=resident, skill=SkillFactory(slug="wijkkennis"), level=4)
    client.force_login(resident.user)
    data = json.loads(client.get(reverse("teams:my_profile_export")).content)
    assert data["email"] == resident.user.email
    assert data["skills"] == [{"skill": "wijkkennis", "level": 4, "evidence": ""}]
    assert data["consent_given_at"] is not None
    client.post(reverse("teams:my_profile_delete"))
    assert not Profile.objects.filter(pk=resident.pk).exists()


NEEDS = {
    "team_size": 2,
    "required_skills": [{"skill": "wijkkennis", "min_level": 3, "count": 1}],
    "max_share_per_organisation": 1.0,
    "min_organisations": 0,
    "min_residents": 0,
    "min_hours_per_week": 4,
}


def test_withdrawn_consent_removes_the_person_from_every_future_proposal(world, client) -> None:
    skill = SkillFactory(slug="wijkkennis")
    resident = world["resident"]
    PS(profile=resident, skill=skill, level=5)
    PS(profile=world["staff"], skill=skill, level=1)
    first = services.team_propose(challenge_or_needs=NEEDS, by=world["coordinator"])
    assert f"p{resident.pk}" in first.result["members"]
    client.force_login(resident.user)
    client.post(reverse("teams:my_profile_withdraw"))
    resident.refresh_from_db()
    assert resident.consent_withdrawn_at is not None
    second = services.team_propose(challenge_or_needs=NEEDS, by=world["coordinator"])
    assert f"p{resident.pk}" not in {c["id"] for c in second.problem["candidates"]}
    assert second.status == "infeasible"  # one eligible person left for a team of two
    assert second.result["explanation"]["reasons"]


def test_proposal_is_stored_with_inputs_and_result(world) -> None:
    skill = SkillFactory(slug="wijkkennis")
    PS(profile=world["resident"], skill=skill, level=4)
    PS(profile=world["staff"], skill=skill, level=2)
    proposal = services.team_propose(challenge_or_needs=NEEDS, by=world["coordinator"])
    assert proposal.status == "optimal" and proposal.objective == 6
    assert proposal.problem["team_size"] == 2 and len(proposal.problem["candidates"]) == 2
    assert sorted(proposal.result["members"]) == sorted([f"p{world['resident'].pk}", f"p{world['staff'].pk}"])


def test_bad_needs_store_nothing(world) -> None:
    with pytest.raises(ValidationError):
        services.team_propose(challenge_or_needs={**NEEDS, "team_size": 0}, by=world["coordinator"])
    with pytest.raises(ValidationError):
        services.team_propose(challenge_or_needs={"team_size": 2}, by=world["coordinator"])
    assert TeamProposal.objects.count() == 0


def test_coordinator_adds_a_skill(world, client) -> None:
    client.force_login(world["coordinator"])
    client.post(
        reverse("teams:skill_add"),
        {
            "slug": "co-creatie",
            "label_nl": "Co-creatie",
            "label_en": "Co-creation",
            "synonyms": "cocreatie, ontwerpen",
        },
    )
    assert sorted(s.text for s in SkillFactory._meta.model.objects.get(slug="co-creatie").synonyms.all()) == [
        "cocreatie",
        "ontwerpen",
    ]
    client.force_login(world["other"])  # a regisseur, not a coordinator
    assert client.get(reverse("teams:skill_add")).status_code == 403


@pytest.mark.parametrize("size", [5, 40])
def test_pool_list_has_bounded_queries(world, client, django_assert_max_num_queries, size) -> None:
    skills = [SkillFactory() for _ in range(3)]
    for _ in range(size):
        p = ProfileFactory(organisation=world["partner"], municipality=world["veerdam"])
        for s in skills:
            ProfileSkillFactory(profile=p, skill=s)
    client.force_login(world["coordinator"])
    # constant: session and user, the agenda access (cached per request), the municipalities and the
    # organisations whose people the viewer may see (read first, as ids), the page and its prefetch, and
    # the part's links (own profile, the viewer's organisations and those whose hours they see)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("teams:index"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(size + 2, 25)


def test_other_apps_data_joins_the_export_and_the_delete_through_the_registry(world, client) -> None:
    """teams imports no other app: an app registers what it holds about a person, and the talent
    profile's export holds it under the app's key and its delete has the app forget the person."""
    from veerkracht.teams import personal_data

    resident = world["resident"]
    forgotten: list[tuple[int, object]] = []
    notes = {resident.user.pk: ["a note"], world["staff"].user.pk: ["someone else's note"]}

    def export(user):
        return {"notes": notes.get(user.pk, [])}

    def forget(*, user, request=None):
        forgotten.append((user.pk, request is not None))
        return {"notes": len(notes.pop(user.pk, []))}

    saved = dict(personal_data._PROVIDERS)
    personal_data.register_personal_data("notebook", export=export, forget=forget)
    try:
        client.force_login(resident.user)
        data = json.loads(client.get(reverse("teams:my_profile_export")).content)
        assert data["notebook"] == {"notes": ["a note"]}
        assert data["email"] == resident.user.email
        client.post(reverse("teams:my_profile_delete"))
        assert forgotten == [(resident.user.pk, True)]
        assert notes == {world["staff"].user.pk: ["someone else's note"]}
        assert not Profile.objects.filter(pk=resident.pk).exists()
    finally:
        personal_data._PROVIDERS.clear()
        personal_data._PROVIDERS.update(saved)
