"""Governance's signal receivers, connected from ``GovernanceConfig.ready`` (:func:`connect`).

* ``measurements_recorded`` (sent on commit by whoever stores measurements): check the challenge's
  escalation triggers (an indicator may now be off course twice in a row).
* ``post_migrate`` of governance: make sure the daily escalation check is scheduled in
  django_celery_beat. Governance has no data migration for it (its migrations are fixed); the receiver
  is idempotent, so every ``migrate`` leaves exactly one enabled schedule.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_migrate

from veerkracht.core.schedules import ensure_crontab_task
from veerkracht.governance.signals import measurements_recorded

TASK = "veerkracht.governance.tasks.check_all_escalations"
NAME = "governance: check escalations daily"
#: 06:15 in CELERY_TIMEZONE (Europe/Amsterdam): mail is waiting when the board starts its day.
HOUR, MINUTE = "6", "15"


def on_measurements_recorded(sender: Any, challenge_id: int | None = None, **kwargs: Any) -> None:
    if challenge_id is None:
        return
    from veerkracht.governance.services.escalations import check_escalations_of

    check_escalations_of(int(challenge_id))


def schedule_daily_check(**kwargs: Any) -> None:
    """Create (or repair) the daily PeriodicTask. Uses the real models: post_migrate runs after every
    migration has been applied."""
    ensure_crontab_task(name=NAME, task=TASK, hour=HOUR, minute=MINUTE, using=kwargs.get("using", "default"))


def connect(app_config: Any) -> None:
    measurements_recorded.connect(
        on_measurements_recorded, dispatch_uid="governance.escalations.measurements"
    )
    post_migrate.connect(
        schedule_daily_check, sender=app_config, dispatch_uid="governance.schedule_daily_check"
    )
