"""``post_migrate`` of participation: make sure the daily digest of overdue ideas is scheduled in
django_celery_beat (idempotent: every ``migrate`` leaves exactly one enabled schedule)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_migrate

from veerkracht.core.schedules import ensure_crontab_task

TASK = "veerkracht.participation.tasks.send_overdue_digests"
NAME = "participation: daily digest of overdue ideas"
#: 07:00 in Europe/Amsterdam.
HOUR, MINUTE = "7", "0"


def schedule_daily_digest(**kwargs: Any) -> None:
    ensure_crontab_task(name=NAME, task=TASK, hour=HOUR, minute=MINUTE, using=kwargs.get("using", "default"))


def connect(app_config: Any) -> None:
    post_migrate.connect(
        schedule_daily_digest, sender=app_config, dispatch_uid="participation.schedule_daily_digest"
    )
