"""``post_migrate`` of the API app: make sure the hourly removal of old idempotent answers is
scheduled in django_celery_beat (idempotent: every ``migrate`` leaves exactly one enabled schedule)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_migrate

TASK = "veerkracht.api.tasks.remove_old_idempotent_requests"
NAME = "api: remove old idempotent answers"
#: Every hour, on the quarter.
HOUR, MINUTE = "*", "15"


def schedule_idempotency_cleanup(**kwargs: Any) -> None:
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
        schedule_idempotency_cleanup, sender=app_config, dispatch_uid="api.schedule_idempotency_cleanup"
    )
