"""The public challenge page and the lists of ideas do a bounded number of queries: the same with 3
and with 30 ideas (with supports, comments, reports and answers); the summary and the similar ideas
are computed in the database and give the answers computed here by hand."""

from __future__ import annotations

import datetime as dt
import statistics

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from veerkracht.participation import selectors, services, states
from veerkracht.participation.models import Idea

pytestmark = pytest.mark.django_db


def _add(world, start: int, n: int) -> None:
    """``n`` ideas on the challenge and on the agenda as a whole, each supported and commented on;
    every third answered, the others overdue; every comment on an idea reported once."""
    agenda = world.challenge.agenda
    residents = [world.anna, world.ben, world.carla]
    for k in range(start, start + n):
        author = residents[k % 3]
        others = [r for r in residents if r != author]
        idea = world.idea(by=author, title=f"Idee {k}")
        on_agenda = services.agenda_idea_create(
            agenda=agenda, by=author, title=f"Dorpsidee {k}", text="Tekst."
        )
        Idea.objects.filter(pk__in=[idea.pk, on_agenda.pk]).update(
            created_at=timezone.now() - dt.timedelta(days=40 + k)
        )
        for target in (idea, on_agenda):
            for person in others:
                services.idea_support(idea=target, by=person)
            comment = services.comment_add(idea=target, by=others[0], text=f"Reactie {k}")
            services.comment_add(idea=target, by=others[1], text=f"Nog een reactie {k}")
            services.comment_report(comment=comment, by=others[1], reason="Niet aardig")
        if k % 3 == 0:
            idea.refresh_from_db()
            services.idea_transition(idea=idea, target=states.IN_BEHANDELING, by=world.coordinator)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _measure(world, client) -> dict[str, int]:
    slug, agenda_slug = world.challenge.slug, world.challenge.agenda.slug
    counts = {}
    client.logout()
    counts["public challenge page"] = _count(client, f"/agenda/openbaar/opgaven/{slug}/")
    counts["public agenda page"] = _count(client, f"/agenda/openbaar/{agenda_slug}/")
    counts["ideas, not logged in"] = _count(client, f"/meedoen/opgaven/{slug}/ideeen/")
    client.force_login(world.carla)
    client.get(f"/meedoen/opgaven/{slug}/ideeen/")  # warm up the session
    counts["ideas"] = _count(client, f"/meedoen/opgaven/{slug}/ideeen/")
    counts["ideas, page 2"] = _count(client, f"/meedoen/opgaven/{slug}/ideeen/?page=2")
    counts["ideas on the agenda"] = _count(client, f"/meedoen/agenda/{agenda_slug}/ideeen/")
    counts["similar ideas"] = _count(client, f"/meedoen/opgaven/{slug}/ideeen/vergelijkbaar/?title=Idee")
    client.force_login(world.coordinator)
    client.get("/meedoen/ideeen/overzicht/")
    counts["overview"] = _count(client, "/meedoen/ideeen/overzicht/")
    counts["overview, page 2"] = _count(client, "/meedoen/ideeen/overzicht/?page=2&meldingen=2")
    return counts


def test_counts_do_not_grow_with_the_number_of_ideas(world, client):
    services.agenda_ideas_set_open(agenda=world.challenge.agenda, by=world.coordinator, open=True)
    _add(world, 0, 3)
    with_3 = _measure(world, client)
    _add(world, 3, 27)
    with_30 = _measure(world, client)
    assert with_3 == with_30
    assert max(with_30.values()) <= 25
    # and the pages did show the ideas: 25 on the first page of each list, with their supporters
    client.force_login(world.coordinator)
    overview = client.get("/meedoen/ideeen/overzicht/")
    assert len(overview.context["page"]) == 25 and overview.context["page"].paginator.count == 50
    assert len(overview.context["reports"]) == 25 and overview.context["reports"].paginator.count == 60
    page = client.get(f"/meedoen/opgaven/{world.challenge.slug}/ideeen/").content.decode()
    assert page.count("2 steunbetuigers;") == 25 and "?page=2" in page


def test_the_median_is_the_middle_wait_for_an_odd_number_of_answers(world):
    now = timezone.now()
    waits = [1, 4, 20]  # days until the first answer
    for i, days in enumerate(waits):
        idea = world.idea(title=f"Idee {i}")
        Idea.objects.filter(pk=idea.pk).update(created_at=now - dt.timedelta(days=days))
        services.idea_transition(idea=idea, target=states.IN_BEHANDELING, by=world.coordinator)
    world.idea(title="Nog zonder antwoord")
    summary = selectors.summary(world.challenge)
    assert (summary.total, summary.answered) == (4, 3)
    assert summary.median_days == pytest.approx(statistics.median(waits), abs=0.01)


def test_similar_ideas_are_ranked_over_all_ideas_not_only_the_newest(world):
    """The best match is found even when hundreds of newer ideas share fewer words with the query."""
    now = timezone.now()
    best = world.idea(title="Moestuin bij de school", text="Kinderen kweken groente.")
    Idea.objects.filter(pk=best.pk).update(created_at=now - dt.timedelta(days=400))
    Idea.objects.bulk_create(
        Idea(
            challenge=world.challenge,
            author=world.ben,
            title=f"Een school {k}",
            text="Iets anders.",
            stems=selectors.stems_of(f"Een school {k}", "Iets anders."),
            created_at=now - dt.timedelta(days=1, minutes=k),
        )
        for k in range(600)
    )
    found = selectors.similar_ideas(world.challenge, "Een moestuin voor de school")
    assert [i.title for i in found] == ["Moestuin bij de school"] + [f"Een school {k}" for k in range(4)]
