"""``post_migrate`` of participation: make sure the daily digest of overdue ideas is scheduled in
django_celery_beat (idempotent: every ``migrate`` leaves exactly one enabled schedule)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_migrate

TASK = "veerkracht.participation.tasks.send_overdue_digests"
NAME = "participation: daily digest of overdue ideas"
#: 07:00 in Europe/Amsterdam.
HOUR, MINUTE = "7", "0"


def schedule_daily_digest(**kwargs: Any) -> None:
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    using = kwargs.get("using", "default")
    schedule, _ = CrontabSchedule.objects.using(using).get_or_create(
        minute=MINUTE,
        hour=HOUR,
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Europe/Amsterdam",
    )
    PeriodicTask.objects.using(using).update_or_create(
        name=NAME, defaults={"task": TASK, "crontab": schedule, "interval": None, "enabled": True}
    )


def connect(app_config: Any) -> None:
    post_migrate.connect(
        schedule_daily_digest, sender=app_config, dispatch_uid="participation.schedule_daily_digest"
    )
