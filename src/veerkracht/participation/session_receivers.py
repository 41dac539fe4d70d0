"""Schedule the daily session task in django_celery_beat after ``migrate`` (idempotent: every run
leaves exactly one enabled schedule)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_migrate

TASK = "veerkracht.participation.session_tasks.daily_sessions"
NAME = "participation: session reminders daily"
#: 09:00 in Europe/Amsterdam: the reminder arrives the morning before the session.
HOUR, MINUTE = "9", "0"


def schedule_daily(**kwargs: Any) -> None:
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
    from veerkracht.participation import session_panels, session_tasks  # noqa: F401 - section, task

    post_migrate.connect(schedule_daily, sender=app_config, dispatch_uid="participation.sessions.daily")
