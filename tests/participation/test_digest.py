"""The daily digest of overdue ideas: who gets it, what it lists, once per day, and its schedule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.organisations.factories import UserFactory
from veerkracht.core.models import OutgoingEmail
from veerkracht.participation import digest, receivers, services, states, tasks
from veerkracht.participation.models import Idea

pytestmark = pytest.mark.django_db


def _age(idea, days):
    Idea.objects.filter(pk=idea.pk).update(created_at=timezone.now() - dt.timedelta(days=days))


def _digests():
    return {m.to: m for m in OutgoingEmail.objects.filter(reference="participation.digest")}


def test_each_person_who_answers_ideas_gets_their_own_overdue_ideas_once_a_day(world):
    late = world.idea(title="Bankje bij de bushalte")
    _age(late, 30)
    fresh = world.idea(title="Nog vers")
    _age(fresh, 3)
    answered = world.idea(title="Al beantwoord")
    _age(answered, 40)
    services.idea_transition(idea=answered, target=states.IN_BEHANDELING, by=world.coordinator)
    bergen_late = world.idea(challenge=world.bergen_challenge, title="Zonnepanelen <b>op</b> de school")
    _age(bergen_late, 29)
    world.bergen_coordinator.preferred_language = "en"
    world.bergen_coordinator.save()
    UserFactory(is_superuser=True, email="root@example.org")  # no role: no digest

    assert tasks.send_overdue_digests() == 3
    mails = _digests()
    coordinator, regisseur, bergen = (
        mails[world.coordinator.email],
        mails[world.regisseur.email],
        mails[world.bergen_coordinator.email],
    )
    assert set(mails) == {world.coordinator.email, world.regisseur.email, world.bergen_coordinator.email}
    for mail in (coordinator, regisseur):
        assert "Bankje bij de bushalte" in mail.body_text and "30 dagen" in mail.body_text
        assert "Nog vers" not in mail.body_text and "Al beantwoord" not in mail.body_text
        assert "Zonnepanelen" not in mail.body_text
        assert mail.subject == "1 idee wacht te lang op antwoord"
    assert bergen.language == "en" and "29 days" in bergen.body_text
    assert "Zonnepanelen &lt;b&gt;op&lt;/b&gt; de school" in bergen.body_html
    assert "<b>op</b>" not in bergen.body_html
    # the same day again: nothing new
    assert digest.send_overdue_digests() == 3
    assert OutgoingEmail.objects.filter(reference="participation.digest").count() == 3
    # the next day: a new one
    digest.send_overdue_digests(now=timezone.now() + dt.timedelta(days=1))
    assert OutgoingEmail.objects.filter(reference="participation.digest").count() == 6


def test_nothing_overdue_no_mail(world):
    world.idea()
    assert digest.send_overdue_digests() == 0
    assert not OutgoingEmail.objects.filter(reference="participation.digest").exists()


def test_the_digest_is_scheduled_once_every_morning():
    from django_celery_beat.models import PeriodicTask

    receivers.schedule_daily_digest()
    receivers.schedule_daily_digest()
    task = PeriodicTask.objects.get(name=receivers.NAME)
    assert task.task == "veerkracht.participation.tasks.send_overdue_digests" and task.enabled
    assert (task.crontab.hour, task.crontab.minute) == ("7", "0")
    assert PeriodicTask.objects.filter(task=receivers.TASK).count() == 1
