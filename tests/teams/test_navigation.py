"""Every page of part c a role needs is reachable from its home page or the part's start page, and
every link there opens (issue 10, points 5 and 6)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.organisations.factories import UserFactory, member
from veerkracht.organisations.models import Role
from veerkracht.teams.models import MemberStatus, Team, TeamMember

from .factories import ProfileFactory

pytestmark = pytest.mark.django_db

HREF = re.compile(r'href="(/samenwerken/[^"#?]*)"')


def links_from(client, *pages: str) -> set[str]:
    found: set[str] = set()
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        found |= set(HREF.findall(response.content.decode()))
    return found


def roles(world) -> dict:
    staff_without_profile = member(world.partner, Role.MEDEWERKER)
    teamlid = member(world.partner, Role.TEAMLID)
    profile = ProfileFactory(user=teamlid, organisation=world.partner, municipality=world.veerdam)
    team = Team.objects.create(challenge=world.challenge, leader=world.regisseur)
    TeamMember.objects.create(team=team, profile=profile, status=MemberStatus.ACCEPTED, hours_committed=4)
    return {
        "staff without profile": (staff_without_profile, {reverse("teams:my_profile_edit")}),
        "partner contact": (
            world.contact,
            {
                reverse("teams:organisation_hours", args=[world.partner.slug]),
                reverse("teams:my_profile_edit"),
            },
        ),
        "teamlid": (
            teamlid,
            {reverse("teams:my_profile"), reverse("teams:members", args=[world.challenge.slug])},
        ),
        "coordinator": (world.coordinator, {reverse("teams:index"), reverse("teams:skills")}),
        "resident without profile": (UserFactory(), {reverse("teams:sign_up")}),
    }


def test_each_role_reaches_its_pages_and_every_link_opens(world, client) -> None:
    for role, (user, needed) in roles(world).items():
        client.force_login(user)
        links = links_from(client, "/", reverse("teams:index"))
        assert needed <= links, (role, needed - links)
        for url in links:
            assert client.get(url).status_code == 200, (role, url)


def test_a_staff_member_is_not_offered_to_join_as_a_resident(world, client) -> None:
    client.force_login(member(world.partner, Role.MEDEWERKER))
    for page in ("/", reverse("teams:index"), reverse("teams:my_profile")):
        assert reverse("teams:sign_up") not in links_from(client, page), page
        assert reverse("teams:my_profile_edit") in links_from(client, page), page


def test_the_teamlid_home_shows_their_team_and_profile(world, client) -> None:
    user, _needed = roles(world)["teamlid"]
    client.force_login(user)
    client.cookies["django_language"] = "en"
    page = client.get("/").content.decode()
    assert world.challenge.title in page
    assert "committed in total: 4 of 8 hours per week" in page
