"""Periodic tasks kept in django_celery_beat's tables, made sure of after ``migrate``.

An app schedules its periodic task from a ``post_migrate`` receiver that calls
:func:`ensure_crontab_task`; the call is idempotent, so every ``migrate`` leaves exactly one enabled
schedule of that name (and repairs one that was switched off or changed by hand).
"""

from __future__ import annotations

#: Crontab schedules are read in the same zone as CELERY_TIMEZONE.
TIMEZONE = "Europe/Amsterdam"


def ensure_crontab_task(*, name: str, task: str, hour: str, minute: str, using: str = "default") -> None:
    """Create (or repair) the enabled PeriodicTask ``name`` that runs ``task`` at ``hour``:``minute``
    (crontab fields, e.g. ``"*"`` for every hour). Uses the real models: ``post_migrate`` runs after
    every migration has been applied."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    schedule, _ = CrontabSchedule.objects.using(using).get_or_create(
        minute=minute,
        hour=hour,
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone=TIMEZONE,
    )
    PeriodicTask.objects.using(using).update_or_create(
        name=name, defaults={"task": task, "crontab": schedule, "interval": None, "enabled": True}
    )
