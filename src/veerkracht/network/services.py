"""Writing network computations: request one (queued as a Celery task when the transaction commits)
and run one (with progress), with explicit state transitions queued → running → done | failed."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from veerkracht.fieldwork import crashpoints
from veerkracht.network import graph, selectors
from veerkracht.network.models import JobStatus, NetworkJob, Scope
from veerkracht.organisations.models import Organisation, Region

#: Betweenness on the national graph: estimated from this many sampled sources (seed ``SEED``);
#: municipalities and regions are exact. See docs/organising/network.md and bench/RESULTS-network.md.
NATIONAL_SAMPLE: int | None = 100
SEED = 13
#: The national network gets a picture only up to this many organisations (a layout of thousands of
#: organisations is neither quick to compute nor readable); above it the page says why there is none.
NATIONAL_PICTURE_LIMIT = 150


def owner_fields(scope: str, owner: Organisation | Region | None) -> dict[str, Any]:
    if scope == Scope.MUNICIPALITY:
        if not isinstance(owner, Organisation) or not owner.is_municipality:
            raise ValueError("a municipality's network needs a municipality")
        return {"municipality": owner}
    if scope == Scope.REGION:
        if not isinstance(owner, Region):
            raise ValueError("a region's network needs a region")
        return {"region": owner}
    if owner is not None:
        raise ValueError("the national network has no owner")
    return {}


def network_request(
    *, scope: str, owner: Organisation | Region | None, by: Any = None, year: int | None = None
) -> NetworkJob:
    """Queue a computation; an open one for the same scope and year is returned instead of a second."""
    from veerkracht.network.tasks import compute_network

    fields = owner_fields(scope, owner)
    with transaction.atomic():
        open_job = (
            NetworkJob.objects.select_for_update()
            .filter(scope=scope, year=year, status__in=[JobStatus.QUEUED, JobStatus.RUNNING], **fields)
            .first()
        )
        if open_job is not None:
            return open_job
        job = NetworkJob.objects.create(
            scope=scope, year=year, requested_by=by if getattr(by, "pk", None) else None, **fields
        )
        transaction.on_commit(lambda: compute_network.delay(job.pk))
    return job


def _set_progress(job_id: int, pct: int) -> None:
    NetworkJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(progress=max(0, min(pct, 100)))


def network_compute(job_id: int) -> str:
    """Run a queued job (a finished one is left as it is: the task may run twice). Returns the
    job's status.

    A job found running was taken by a worker that died half-way (the broker hands a task to another
    worker only then): it is computed again from the start. The computation is pure and its result is
    written in one update, by whichever run gets there first, so the job finishes exactly once."""
    claimed = NetworkJob.objects.filter(pk=job_id, status__in=[JobStatus.QUEUED, JobStatus.RUNNING]).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), progress=1
    )
    job = NetworkJob.objects.select_related("municipality", "region").get(pk=job_id)
    if not claimed:
        return str(job.status)
    try:
        owner = job.municipality or job.region
        data = selectors.network_input(job.scope, owner, year=job.year)
        _set_progress(job_id, 5)
        sample = NATIONAL_SAMPLE if job.scope == Scope.NATIONAL else None
        measures = graph.compute(
            data.orgs,
            data.ties,
            sample=sample,
            seed=SEED,
            with_layout=job.scope != Scope.NATIONAL or len(data.orgs) <= NATIONAL_PICTURE_LIMIT,
            progress=lambda pct: _set_progress(job_id, 5 + pct * 90 // 100),
        )
        crashpoints.pause_point("network.compute.before_store")  # tests kill the worker here
        NetworkJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
            status=JobStatus.DONE, progress=100, result=measures.to_json(), finished_at=timezone.now()
        )
        return str(NetworkJob.objects.values_list("status", flat=True).get(pk=job_id))
    except Exception as exc:  # a failed computation is shown as failed, never half-done
        NetworkJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now()
        )
        return str(JobStatus.FAILED)
