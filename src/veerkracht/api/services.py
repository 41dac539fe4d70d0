"""Writes of the API app: team-formation jobs, and making and revoking API keys."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veerkracht.api import workflow
from veerkracht.api.authentication import KEY_START, hash_secret
from veerkracht.api.events import ApiEvent
from veerkracht.api.models import ApiKey, IdempotentRequest, JobStatus, TeamFormationJob
from veerkracht.api.scopes import SCOPES
from veerkracht.audit.logger import log
from veerkracht.audit.models import Result
from veerkracht.organisations.models import Organisation
from veerkracht.teams.formation import form_team

MAX_OPEN_JOBS = 2  # queued or running solves per person
KEEP_FINISHED = timedelta(days=1)
MAX_KEY_LIFETIME = timedelta(days=366)


@dataclass(frozen=True)
class NewKey:
    key: ApiKey
    secret: str  # shown once, never stored


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


def remove_old_idempotent_requests(*, now: datetime | None = None) -> int:
    """Remove the stored answers of idempotent writes received more than
    ``IDEMPOTENCY_RETENTION_HOURS`` ago; a retry after that is carried out as a new request.
    Returns how many were removed."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.IDEMPOTENCY_RETENTION_HOURS)
    removed, _by_model = IdempotentRequest.objects.filter(created_at__lt=cutoff).delete()
    return removed


def create_key(
    *, organisation: Organisation, name: str, scopes: list[str], expires_on: Any, by: Any, request: Any = None
) -> NewKey:
    """Make a key of ``organisation`` (the caller has checked ``api.manage_keys``). ``expires_on`` is
    the last day it works: after today and at most a year ahead. The secret is only in the answer."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise ValidationError({"scopes": _("Choose at least one scope.")})
    now = timezone.now()
    expires_at = timezone.make_aware(datetime.combine(expires_on, time.min)) + timedelta(days=1)
    if expires_on <= timezone.localdate() or expires_at - now > MAX_KEY_LIFETIME + timedelta(days=1):
        raise ValidationError({"expires_on": _("Choose a date after today and at most a year ahead.")})
    prefix = secrets.token_hex(4)
    secret = f"{KEY_START}{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        key = ApiKey.objects.create(
            organisation=organisation,
            name=name.strip(),
            prefix=prefix,
            secret_hash=hash_secret(secret),
            scopes=[scope for scope in SCOPES if scope in scopes],
            created_by=by,
            created_at=now,
            expires_at=expires_at,
        )
        log(
            ApiEvent.KEY_CREATED,
            actor=by,
            target=key,
            request=request,
            details={"prefix": prefix, "organisation": organisation.slug, "scopes": key.scopes},
        )
    return NewKey(key=key, secret=secret)


def revoke_key(*, key: ApiKey, by: Any, request: Any = None) -> ApiKey:
    with transaction.atomic():
        key = ApiKey.objects.select_for_update().get(pk=key.pk)
        if key.revoked_at is None:
            key.revoked_at = timezone.now()
            key.revoked_by = by
            key.save(update_fields=["revoked_at", "revoked_by"])
            log(ApiEvent.KEY_REVOKED, actor=by, target=key, request=request, details={"prefix": key.prefix})
    return key
