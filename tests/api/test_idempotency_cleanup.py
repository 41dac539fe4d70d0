"""Stored answers of idempotent writes are removed after IDEMPOTENCY_RETENTION_HOURS, by an hourly
beat task; a retry after that is carried out as a new request."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from veerkracht.api import receivers, tasks
from veerkracht.api.models import IdempotentRequest

pytestmark = pytest.mark.django_db


def _answer(key: str, age: timedelta) -> IdempotentRequest:
    return IdempotentRequest.objects.create(
        caller="key:1", key=key, fingerprint="0" * 64, status=201, body="{}", created_at=timezone.now() - age
    )


def test_answers_older_than_the_retention_are_removed(settings):
    settings.IDEMPOTENCY_RETENTION_HOURS = 24
    _answer("old", timedelta(hours=24, minutes=1))
    _answer("older", timedelta(days=3))
    kept = [_answer("fresh", timedelta(hours=23, minutes=59)), _answer("new", timedelta(0))]

    assert tasks.remove_old_idempotent_requests() == 2
    assert set(IdempotentRequest.objects.values_list("pk", flat=True)) == {answer.pk for answer in kept}
    # running it again removes nothing more
    assert tasks.remove_old_idempotent_requests() == 0


def test_the_retention_is_the_setting(settings):
    settings.IDEMPOTENCY_RETENTION_HOURS = 2
    _answer("three-hours", timedelta(hours=3))
    fresh = _answer("one-hour", timedelta(hours=1))
    assert tasks.remove_old_idempotent_requests() == 1
    assert list(IdempotentRequest.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_the_cleanup_is_scheduled_hourly_once():
    from django_celery_beat.models import PeriodicTask

    receivers.schedule_idempotency_cleanup()
    receivers.schedule_idempotency_cleanup()
    task = PeriodicTask.objects.get(name=receivers.NAME)
    assert task.task == "veerkracht.api.tasks.remove_old_idempotent_requests"
    assert task.enabled and task.crontab.hour == "*" and task.crontab.minute == "15"
    assert PeriodicTask.objects.filter(task=receivers.TASK).count() == 1
