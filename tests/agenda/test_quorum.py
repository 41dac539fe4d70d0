"""The ranking shows how many of the expected people scored each challenge and marks — and lists
after the others — challenges scored by fewer people than the quorum the coordinator set
(issue 10, point 3)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.agenda.factories import ChallengeFactory, ScoreFactory
from tests.organisations.factories import member
from veerkracht.agenda import selectors
from veerkracht.agenda.models import Agenda, Challenge
from veerkracht.organisations.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(world):
    """Eight expected scorers (the coordinator, seven partner contacts); "Twee" is scored 5 by two of
    them, "Vier" 4 by four of them."""
    raters = [world.coordinator, world.partner] + [
        member(world.partner_org, Role.PARTNERCONTACT) for _ in range(6)
    ]
    few = ChallengeFactory(agenda=world.agenda, title="Twee")
    many = ChallengeFactory(agenda=world.agenda, title="Vier")
    for rater in raters[:2]:
        ScoreFactory(challenge=few, scorer=rater, urgency=5, impact=5, feasibility=5, innovation=5)
    for rater in raters[:4]:
        ScoreFactory(challenge=many, scorer=rater, urgency=4, impact=4, feasibility=4, innovation=4)
    return world, few, many


def _ranking(world):
    return selectors.ranked_challenges(world.agenda, Challenge.objects.filter(agenda=world.agenda))


def test_below_quorum_is_marked_and_listed_after(scored):
    world, few, many = scored
    Agenda.objects.filter(pk=world.agenda.pk).update(ranking_quorum=3)
    world.agenda.refresh_from_db()
    first, second = _ranking(world)
    assert (first.challenge, first.below_quorum, first.result.scorer_count, first.expected) == (
        many,
        False,
        4,
        8,
    )
    assert (second.challenge, second.below_quorum, second.result.scorer_count) == (few, True, 2)
    assert second.result.weighted > first.result.weighted  # a higher score, but too few scorers


def test_a_quorum_of_one_ranks_by_score_alone(scored):
    world, few, many = scored
    Agenda.objects.filter(pk=world.agenda.pk).update(ranking_quorum=1)
    world.agenda.refresh_from_db()
    assert [row.challenge for row in _ranking(world)] == [few, many]
    assert not any(row.below_quorum for row in _ranking(world))


def test_ranking_page_shows_raters_and_mark(scored, client):
    world, few, many = scored
    client.force_login(world.coordinator)
    body = client.get(reverse("agenda:ranking", kwargs={"slug": world.agenda.slug})).content.decode()
    assert "2 van 8" in body and "4 van 8" in body
    assert body.count('class="vk-badge vk-below-quorum"') == 1
    assert body.index("Vier") < body.index("Twee")


@pytest.mark.parametrize(
    ("value", "ok"), [("0", False), ("1", True), ("50", True), ("51", False), ("", True)]
)
def test_quorum_is_validated_on_the_form(world, client, value, ok):
    client.force_login(world.coordinator)
    agenda = world.agenda
    data = {
        "title": agenda.title,
        "slug": agenda.slug,
        "municipality": str(world.veerdam.pk),
        "period_start": agenda.period_start.isoformat(),
        "period_end": agenda.period_end.isoformat(),
        "coordinators": [str(world.coordinator.pk)],
        "partners": [str(world.partner_org.pk)],
        "weight_urgency": "1",
        "weight_impact": "1",
        "weight_feasibility": "1",
        "weight_innovation": "1",
        "ranking_quorum": value,
    }
    response = client.post(reverse("agenda:edit", kwargs={"slug": agenda.slug}), data)
    if ok:
        assert response.status_code == 302
        # left empty, the agenda keeps its quorum (the default, 3)
        assert Agenda.objects.get(pk=agenda.pk).ranking_quorum == int(value or 3)
    else:
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert list(errors) == ["ranking_quorum"]
        assert errors["ranking_quorum"] == ["Vul een aantal beoordelaars van 1 tot en met 50 in."]
        assert "Beperking" not in response.content.decode()
