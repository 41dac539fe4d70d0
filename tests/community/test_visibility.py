"""Who sees a lesson, by its reach: a matrix over people × reach, checked on the selector, the
permission, the search page, the detail page and the open-data list."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AnonymousUser

from veerkracht.community import search
from veerkracht.community.selectors import visible_lessons

PEOPLE = [
    "anonymous",
    "outsider",
    "team_member",
    "regisseur",
    "coordinator",
    "veerdam_staff",
    "veerdam_partner",
    "linden_staff",
    "bergen_staff",
]
# reach -> who sees a Veerdam lesson of the challenge's team (written by someone else: the author
# always sees their own lesson, so the matrix uses an author with no other role)
EXPECTED = {
    "team": {"team_member", "regisseur", "coordinator"},
    "gemeente": {"team_member", "regisseur", "coordinator", "veerdam_staff", "veerdam_partner"},
    "regio": {"team_member", "regisseur", "coordinator", "veerdam_staff", "veerdam_partner", "linden_staff"},
    "iedereen": set(PEOPLE),
}


def _person(world, name):
    return AnonymousUser() if name == "anonymous" else getattr(world, name)


@pytest.mark.parametrize("reach", list(EXPECTED))
def test_visibility_matrix(world, client, reach) -> None:
    from tests.organisations.factories import UserFactory

    author = UserFactory(full_name="Auteur Zonderrol")
    lesson = world.lesson(reach, title="Jongerenwerk in de wijk", challenge=world.challenge, by=author)
    seen = set()
    for name in PEOPLE:
        user = _person(world, name)
        in_selector = visible_lessons(user).filter(pk=lesson.pk).exists()
        assert user.has_perm("community.view_lesson", lesson) is in_selector, name
        in_search = any(h.lesson.pk == lesson.pk for h in search.search_lessons(user, "jongerenwerk").hits)
        assert in_search is in_selector, name
        client.logout()
        if name != "anonymous":
            client.force_login(user)
        detail = client.get(f"/gemeenschap/lessen/{lesson.pk}/")
        assert detail.status_code == (200 if in_selector else 404), name
        page = client.get("/gemeenschap/", {"q": "jongerenwerk"})
        assert (f"/gemeenschap/lessen/{lesson.pk}/" in page.content.decode()) is in_selector, name
        if in_selector:
            seen.add(name)
    assert seen == EXPECTED[reach]
    # the open-data list holds only lessons shared with everyone, whoever asks
    client.force_login(world.veerdam_staff)
    data = json.loads(client.get("/gemeenschap/lessen.json").content)
    assert ([row["id"] for row in data["lessons"]] == [lesson.pk]) is (reach == "iedereen")


def test_author_sees_own_team_lesson_and_superuser_all(world) -> None:
    from tests.organisations.factories import UserFactory

    author = UserFactory()
    lesson = world.lesson("team", by=author)
    assert visible_lessons(author).filter(pk=lesson.pk).exists()
    assert visible_lessons(UserFactory(superuser=True)).filter(pk=lesson.pk).exists()
    assert not visible_lessons(world.bergen_staff).filter(pk=lesson.pk).exists()


def test_municipality_lesson_invisible_to_other_municipalities(world, client) -> None:
    lesson = world.lesson("gemeente", title="Wijkteams", municipality=world.linden, by=world.linden_staff)
    for user in (world.veerdam_staff, world.bergen_staff, world.regisseur):
        assert not visible_lessons(user).filter(pk=lesson.pk).exists()
        client.force_login(user)
        assert client.get(f"/gemeenschap/lessen/{lesson.pk}/").status_code == 404
        assert "Wijkteams" not in client.get("/gemeenschap/", {"q": "wijkteams"}).content.decode()
        assert "Wijkteams" not in client.get("/gemeenschap/lessen.json").content.decode()
    assert visible_lessons(world.linden_staff).filter(pk=lesson.pk).exists()


def test_region_lesson_of_bergen_unseen_in_rivierenland(world) -> None:
    lesson = world.lesson("regio", title="Bergse aanpak", municipality=world.bergen)
    assert visible_lessons(world.bergen_staff).filter(pk=lesson.pk).exists()
    for user in (world.veerdam_staff, world.linden_staff):
        assert not visible_lessons(user).filter(pk=lesson.pk).exists()


def test_facet_counts_leave_out_what_is_not_visible(world) -> None:
    world.lesson("gemeente", title="Buurtkamer", municipality=world.linden)
    world.lesson("iedereen", title="Buurtkamer open", municipality=world.bergen)
    result = search.search_lessons(world.bergen_staff, "buurtkamer")
    assert [(f.label, f.count) for f in result.facets["municipality"]] == [("Gemeente Bergen", 1)]
    assert result.total == 1
