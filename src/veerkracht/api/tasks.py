from __future__ import annotations

from celery import shared_task

from veerkracht.api.services import remove_old_idempotent_requests as remove_old_answers
from veerkracht.api.services import run_team_formation_job


@shared_task(acks_late=True)
def run_team_formation(job_id: str) -> str:
    """Solve one team-formation job (see :func:`veerkracht.api.services.run_team_formation_job`)."""
    return run_team_formation_job(job_id=job_id)


@shared_task(acks_late=True)
def remove_old_idempotent_requests() -> int:
    """Hourly (see ``api.receivers``): remove the stored answers of idempotent writes older than
    ``IDEMPOTENCY_RETENTION_HOURS``. Safe to run twice."""
    return remove_old_answers()
