"""``post_migrate`` of the API app: make sure the hourly removal of old idempotent answers is
scheduled in django_celery_beat (idempotent: every ``migrate`` leaves exactly one enabled schedule)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_migrate

from veerkracht.core.schedules import ensure_crontab_task

TASK = "veerkracht.api.tasks.remove_old_idempotent_requests"
NAME = "api: remove old idempotent answers"
#: Every hour, on the quarter.
HOUR, MINUTE = "*", "15"


def schedule_idempotency_cleanup(**kwargs: Any) -> None:
    ensure_crontab_task(name=NAME, task=TASK, hour=HOUR, minute=MINUTE, using=kwargs.get("using", "default"))


def connect(app_config: Any) -> None:
    post_migrate.connect(
        schedule_idempotency_cleanup, sender=app_config, dispatch_uid="api.schedule_idempotency_cleanup"
    )
