"""Schedule the daily session task in django_celery_beat after ``migrate`` (idempotent: every run
leaves exactly one enabled schedule)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_migrate

from veerkracht.core.schedules import ensure_crontab_task

TASK = "veerkracht.participation.session_tasks.daily_sessions"
NAME = "participation: session reminders daily"
#: 09:00 in Europe/Amsterdam: the reminder arrives the morning before the session.
HOUR, MINUTE = "9", "0"


def schedule_daily(**kwargs: Any) -> None:
    ensure_crontab_task(name=NAME, task=TASK, hour=HOUR, minute=MINUTE, using=kwargs.get("using", "default"))


def connect(app_config: Any) -> None:
    from veerkracht.participation import session_panels, session_tasks  # noqa: F401 - section, task

    post_migrate.connect(schedule_daily, sender=app_config, dispatch_uid="participation.sessions.daily")
