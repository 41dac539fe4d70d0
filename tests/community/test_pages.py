"""Writing lessons and evidence, joining communities of practice, learned elsewhere, and bounded
queries on the search and list pages."""

from __future__ import annotations

import pytest

from tests.agenda.factories import AgendaFactory, ChallengeFactory
from tests.organisations.factories import UserFactory
from veerkracht.community.models import CommunityOfPractice, EvidenceLink, Lesson, Membership
from veerkracht.community.selectors import similar_elsewhere


def _form(world, **over):
    data = {
        "title": "Huiswerkklas in de bibliotheek",
        "tried": "Studenten hielpen jongeren twee avonden per week.",
        "outcome": "Minder schooluitval in de wijk.",
        "domain": world.domain.pk,
        "municipality": world.veerdam.pk,
        "size_band": "50-100k",
        "neighbourhood_type": "stedelijk",
        "challenge": world.challenge.pk,
        "visibility": "gemeente",
    }
    data.update(over)
    return data


def test_team_member_writes_a_lesson(world, client) -> None:
    client.force_login(world.team_member)
    assert client.get("/gemeenschap/lessen/nieuw/", {"opgave": world.challenge.slug}).status_code == 200
    # a team member holds no role anywhere: they may choose the municipality of their challenge only
    response = client.post("/gemeenschap/lessen/nieuw/", _form(world, municipality=world.bergen.pk))
    assert response.status_code == 200 and "municipality" in response.context["form"].errors
    assert Lesson.objects.count() == 0
    response = client.post("/gemeenschap/lessen/nieuw/", _form(world))
    assert response.status_code == 302
    lesson = Lesson.objects.get()
    assert (lesson.author, lesson.municipality, lesson.challenge) == (
        world.team_member,
        world.veerdam,
        world.challenge,
    )


def test_regisseur_writes_and_author_edits(world, client) -> None:
    client.force_login(world.regisseur)
    response = client.post("/gemeenschap/lessen/nieuw/", _form(world))
    lesson = Lesson.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/gemeenschap/lessen/{lesson.pk}/"
    assert lesson.author == world.regisseur
    response = client.post(f"/gemeenschap/lessen/{lesson.pk}/bewerken/", _form(world, title="Huiswerkklas 2"))
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.title == "Huiswerkklas 2"


def test_bad_input_keeps_what_was_typed(world, client) -> None:
    client.force_login(world.regisseur)
    response = client.post(
        "/gemeenschap/lessen/nieuw/", _form(world, title="", visibility="team", challenge="")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "title" in form.errors and "challenge" in form.errors
    assert "Studenten hielpen jongeren" in response.content.decode()
    assert Lesson.objects.count() == 0


def test_others_may_not_edit_visible_lesson_403_and_invisible_404(world, client) -> None:
    lesson = world.lesson("gemeente", title="Les van Rik")
    client.force_login(world.veerdam_staff)  # sees it, is not the author
    assert client.get(f"/gemeenschap/lessen/{lesson.pk}/bewerken/").status_code == 403
    assert client.post(f"/gemeenschap/lessen/{lesson.pk}/bewerken/", _form(world)).status_code == 403
    assert (
        client.post(
            f"/gemeenschap/lessen/{lesson.pk}/bewijs/",
            {"kind": "document", "description": "x", "reference": "y"},
        ).status_code
        == 403
    )
    client.force_login(world.bergen_staff)  # does not see it
    assert client.post(f"/gemeenschap/lessen/{lesson.pk}/bewerken/", _form(world)).status_code == 404
    lesson.refresh_from_db()
    assert lesson.title == "Les van Rik"
    assert EvidenceLink.objects.count() == 0


def test_people_without_a_challenge_may_not_write(world, client) -> None:
    client.force_login(world.bergen_staff)
    assert client.get("/gemeenschap/lessen/nieuw/").status_code == 403
    client.force_login(world.regisseur)
    other = ChallengeFactory(agenda=AgendaFactory(municipality=world.bergen))
    assert client.get("/gemeenschap/lessen/nieuw/", {"opgave": other.slug}).status_code == 404
    response = client.post("/gemeenschap/lessen/nieuw/", _form(world, challenge=other.pk))
    assert response.status_code == 200 and "challenge" in response.context["form"].errors
    assert Lesson.objects.count() == 0


def test_author_links_evidence_and_bad_evidence_is_refused(world, client) -> None:
    lesson = world.lesson("gemeente")
    client.force_login(world.regisseur)
    bad = client.post(
        f"/gemeenschap/lessen/{lesson.pk}/bewijs/", {"kind": "document", "description": "Rapport"}
    )
    assert bad.status_code == 400 and EvidenceLink.objects.count() == 0
    good = client.post(
        f"/gemeenschap/lessen/{lesson.pk}/bewijs/",
        {"kind": "pilot_uitkomst", "description": "Eindrapport pilot", "url": "https://example.org/pilot"},
    )
    assert good.status_code == 302
    assert list(EvidenceLink.objects.values_list("kind", "url")) == [
        ("pilot_uitkomst", "https://example.org/pilot")
    ]


def test_join_and_leave_a_community_of_practice(world, client) -> None:
    open_cop = CommunityOfPractice.objects.create(theme="Jongeren en eenzaamheid", slug="jongeren-c")
    bergen_cop = CommunityOfPractice.objects.create(
        theme="Bergen", slug="bergen-cop", municipality=world.bergen
    )
    client.force_login(world.team_member)
    assert (
        client.post("/gemeenschap/praktijken/jongeren-c/lidmaatschap/", {"action": "join"}).status_code == 302
    )
    membership = Membership.objects.get()
    assert membership.user == world.team_member and membership.profile == world.team_member.talent
    page = client.get("/gemeenschap/praktijken/")
    assert "Jongeren en eenzaamheid" in page.content.decode() and "Bergen" not in page.content.decode()
    assert (
        client.post("/gemeenschap/praktijken/bergen-cop/lidmaatschap/", {"action": "join"}).status_code == 404
    )
    assert (
        client.post("/gemeenschap/praktijken/jongeren-c/lidmaatschap/", {"action": "leave"}).status_code
        == 302
    )
    assert Membership.objects.count() == 0
    assert open_cop and bergen_cop


def test_similar_elsewhere_same_domain_first_and_only_other_municipalities(world) -> None:
    world.lesson("iedereen", title="Eenzaamheid onder jongeren in Veerdam")  # own municipality: never
    near = world.lesson("iedereen", title="Jongeren tegen eenzaamheid", municipality=world.bergen)
    far = world.lesson(
        "iedereen", title="Eenzaamheid bij jongeren", municipality=world.linden, domain=world.other_domain
    )
    hidden = world.lesson(
        "gemeente", title="Eenzame jongeren Bergen", municipality=world.bergen, by=world.bergen_staff
    )
    other_challenge = ChallengeFactory(
        agenda=AgendaFactory(municipality=world.linden, published=True),
        published=True,
        title="Jongeren en eenzaamheid",
    )
    items = similar_elsewhere(world.challenge, world.veerdam_staff)
    lessons = [i.title for i in items if i.kind == "lesson"]
    assert lessons == [near.title, far.title]
    assert hidden.title not in lessons
    assert [i.title for i in items if i.kind == "challenge"] == [other_challenge.title]


def test_elsewhere_page_hides_invisible_challenge(world, client) -> None:
    client.force_login(world.bergen_staff)
    assert client.get(f"/gemeenschap/opgaven/{world.challenge.slug}/elders/").status_code == 404
    client.force_login(world.veerdam_staff)
    world.challenge.published = True
    world.challenge.save()
    world.challenge.agenda.published = True
    world.challenge.agenda.save()
    assert client.get(f"/gemeenschap/opgaven/{world.challenge.slug}/elders/").status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_search_and_list_pages_have_bounded_queries(
    world, client, django_assert_max_num_queries, size
) -> None:
    author = UserFactory()
    for n in range(size):
        lesson = world.lesson(
            ["iedereen", "regio", "gemeente"][n % 3],
            title=f"Wijkaanpak {n}",
            municipality=world.veerdam,
            by=author,
        )
        EvidenceLink.objects.create(lesson=lesson, kind="document", reference=f"R{n}", description="Rapport")
        cop = CommunityOfPractice.objects.create(theme=f"Thema {n}", slug=f"thema-{n}")
        Membership.objects.create(cop=cop, user=UserFactory())
    client.force_login(world.veerdam_staff)
    with django_assert_max_num_queries(22):
        assert client.get("/gemeenschap/", {"q": "wijkaanpak"}).status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get("/gemeenschap/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/gemeenschap/praktijken/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/gemeenschap/lessen.json").status_code == 200


def test_home_panel_counts_the_lessons_one_may_read(world, client) -> None:
    world.lesson("gemeente", title="In Veerdam")
    world.lesson("gemeente", title="In Bergen", municipality=world.bergen, by=world.bergen_staff)
    world.lesson("iedereen", title="Voor iedereen", municipality=world.bergen, by=world.bergen_staff)
    client.force_login(world.veerdam_staff)
    page = client.get("/").content.decode()
    assert "/gemeenschap/" in page
    from veerkracht.community.panels import community_panel

    panel = community_panel(world.veerdam_staff)
    assert panel is not None and panel.context["lessons"] == 2
    assert community_panel(world.outsider) is None


def test_the_challenge_page_shows_what_was_learned_elsewhere(world, client) -> None:
    """The agenda's challenge page carries the community's section (through the hub's registry): the
    lessons of other municipalities the reader may see, never one shared only within another one."""
    shared = world.lesson("iedereen", title="Jongeren tegen eenzaamheid", municipality=world.bergen)
    hidden = world.lesson(
        "gemeente", title="Eenzame jongeren Bergen", municipality=world.bergen, by=world.bergen_staff
    )
    client.force_login(world.regisseur)
    page = client.get(f"/agenda/opgaven/{world.challenge.slug}/").content.decode()
    assert 'aria-labelledby="section-elders-geleerd"' in page and 'id="section-elders-geleerd"' in page
    # the section asks for its findings once it is in view; without script its link leads to them
    findings = f"/gemeenschap/opgaven/{world.challenge.slug}/elders/"
    assert f'hx-get="{findings}"' in page and f'href="{findings}"' in page
    assert shared.title not in page  # not searched while the page itself is made
    fragment = client.get(findings, HTTP_HX_REQUEST="true")
    assert "HX-Request" in fragment["Vary"]
    found = fragment.content.decode()
    assert "<html" not in found and "<h1" not in found  # only what the section lacks
    assert shared.title in found
    assert hidden.title not in found
    whole = client.get(findings).content.decode()
    assert "<html" in whole and shared.title in whole and hidden.title not in whole
