"""Writes of the API app: starting and running team-formation jobs."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from veerkracht.api import workflow
from veerkracht.api.events import ApiEvent
from veerkracht.api.models import JobStatus, TeamFormationJob
from veerkracht.audit.logger import log
from veerkracht.audit.models import Result
from veerkracht.teams.formation import form_team

MAX_OPEN_JOBS = 2  # queued or running solves per person
KEEP_FINISHED = timedelta(days=1)


class TooManyJobs(Exception):
    """The person already has ``MAX_OPEN_JOBS`` solves queued or running."""


def start_team_formation(*, owner: Any, document: Any, time_limit: float) -> TeamFormationJob:
    """Queue a solve of an already validated problem document; the job runs after commit (in a
    worker, or in-process when no broker is configured). Finished jobs older than a day are removed."""
    from veerkracht.api.tasks import run_team_formation

    with transaction.atomic():
        TeamFormationJob.objects.filter(
            finished_at__lt=timezone.now() - KEEP_FINISHED, status__in=[JobStatus.DONE, JobStatus.FAILED]
        ).delete()
        open_jobs = TeamFormationJob.objects.select_for_update().filter(owner=owner, status__in=workflow.OPEN)
        if len(open_jobs) >= MAX_OPEN_JOBS:
            log(
                ApiEvent.TEAM_FORMATION_REFUSED,
                actor=owner,
                result=Result.DENIED,
                details={"open": MAX_OPEN_JOBS},
            )
            raise TooManyJobs
        job = TeamFormationJob.objects.create(
            owner=owner, time_limit=time_limit, problem=json.dumps(document, ensure_ascii=True)
        )
        log(ApiEvent.TEAM_FORMATION_STARTED, actor=owner, target=job, details={"time_limit": time_limit})
        job_id = str(job.pk)
        transaction.on_commit(lambda: run_team_formation.delay(job_id))
    return job


def run_team_formation_job(*, job_id: str) -> str:
    """Solve one job. Safe to run again: a finished job is left alone, a job whose worker died is
    solved again from the start."""
    with transaction.atomic():
        job = TeamFormationJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or not workflow.can_move(job.status, JobStatus.RUNNING):
            return "skipped"
        job.status = JobStatus.RUNNING
        job.started_at = timezone.now()
        job.save(update_fields=["status", "started_at"])
    try:
        answer = form_team(json.loads(job.problem), time_limit=job.time_limit)
    except Exception as exc:  # noqa: BLE001 - recorded on the job, which the caller polls
        TeamFormationJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:500], finished_at=timezone.now()
        )
        return "failed"
    TeamFormationJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE, result=json.dumps(answer, ensure_ascii=True), finished_at=timezone.now()
    )
    return "done"
