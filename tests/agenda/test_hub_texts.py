"""The agenda's step on the challenge page counts in words that agree with the number."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.agenda.factories import ChallengeFactory, ScoreFactory, StakeholderFactory
from veerkracht.agenda import selectors
from veerkracht.agenda.models import Challenge
from veerkracht.agenda.panels import agenda_step

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("n", "nl", "en"),
    [
        (1, "1 belanghebbende; gescoord door 1 persoon.", "1 stakeholder; scored by 1 person."),
        (2, "2 belanghebbenden; gescoord door 2 personen.", "2 stakeholders; scored by 2 people."),
    ],
)
def test_agenda_step_summary_agrees_with_its_numbers(n, nl, en):
    challenge = ChallengeFactory()
    for _ in range(n):
        StakeholderFactory(challenge=challenge)
        ScoreFactory(challenge=challenge)
    assert challenge.stakeholders.count() == challenge.scores.count() == n
    for language, expected in (("nl", nl), ("en", en)):
        with translation.override(language):
            assert agenda_step(challenge, None).summary == expected


def test_the_stakeholders_the_page_read_are_counted_without_another_query(django_assert_num_queries):
    made = ChallengeFactory()
    for _ in range(3):
        StakeholderFactory(challenge=made)
    ScoreFactory(challenge=made)
    challenge = Challenge.objects.get(pk=made.pk)  # as the page reads it
    stakeholders = selectors.stakeholders_of(challenge)
    assert [s.organisation.name for s in stakeholders] == sorted(s.organisation.name for s in stakeholders)
    with translation.override("nl"), django_assert_num_queries(1):  # the scores; the stakeholders are known
        summary = str(agenda_step(challenge, None).summary)
    assert summary == "3 belanghebbenden; gescoord door 1 persoon."
