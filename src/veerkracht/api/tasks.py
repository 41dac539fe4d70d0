from __future__ import annotations

from celery import shared_task

from veerkracht.api.services import run_team_formation_job


@shared_task(acks_late=True)
def run_team_formation(job_id: str) -> str:
    """Solve one team-formation job (see :func:`veerkracht.api.services.run_team_formation_job`)."""
    return run_team_formation_job(job_id=job_id)
