"""The participation demo: ideas in every state on several public challenges, some overdue, with
supporters and a visible answer; loading twice adds nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from veerkracht.participation import selectors, states
from veerkracht.participation.models import Idea, IdeaStateChange, Support

pytestmark = pytest.mark.django_db


def load_demo() -> None:
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())


def test_demo_ideas_in_every_state_and_loading_twice_adds_nothing(settings) -> None:
    settings.DEMO_MODE = True
    load_demo()
    counts = (Idea.objects.count(), Support.objects.count(), IdeaStateChange.objects.count())
    assert set(Idea.objects.values_list("state", flat=True)) == set(states.ALL)
    assert Idea.objects.values("challenge").distinct().count() >= 3
    assert all(
        i.challenge.is_public
        for i in Idea.objects.filter(challenge__isnull=False).select_related("challenge__agenda")
    )
    merged = Idea.objects.get(state=states.SAMENGEVOEGD)
    assert merged.merged_into is not None and merged.merged_into.challenge_id == merged.challenge_id
    assert all(i.reason for i in Idea.objects.filter(state=states.NIET_OVERGENOMEN))
    assert all(i.outcome for i in Idea.objects.filter(state=states.OVERGENOMEN))
    overdue = [
        i
        for i in Idea.objects.filter(first_answer_at__isnull=True)
        if (timezone.now() - i.created_at).days > 28
    ]
    assert len(overdue) >= 2
    challenge = Idea.objects.get(title="Energiecoaches uit de eigen buurt").challenge
    coordinator = challenge.agenda.coordinators.first()
    assert {i.pk for i in selectors.overdue_ideas(coordinator)} >= {
        i.pk for i in overdue if i.challenge.agenda_id == challenge.agenda_id
    }
    summary = selectors.summary(challenge)
    assert summary.total == 4 and summary.median_days is not None
    load_demo()
    assert (Idea.objects.count(), Support.objects.count(), IdeaStateChange.objects.count()) == counts


def test_demo_comments_one_hidden_with_a_reason_one_reported_and_an_agenda_idea(settings) -> None:
    from veerkracht.participation.models import AgendaIdeas, Comment, CommentReport

    settings.DEMO_MODE = True
    load_demo()
    counts = (Comment.objects.count(), CommentReport.objects.count(), Idea.objects.count())
    hidden = Comment.objects.get(hidden_at__isnull=False)
    assert hidden.hidden_reason and hidden.hidden_by is not None
    reported = Comment.objects.filter(hidden_at__isnull=True, reports__isnull=False).distinct()
    assert [c.text[:29] for c in reported] == ["Dit is reclame voor mijn hove"]
    assert reported[0].reports.count() == 2
    agenda_idea = Idea.objects.get(challenge__isnull=True)
    assert AgendaIdeas.objects.get(agenda=agenda_idea.agenda).open
    assert selectors.agenda_summary(agenda_idea.agenda).total == 1
    load_demo()
    assert (Comment.objects.count(), CommentReport.objects.count(), Idea.objects.count()) == counts
