"""The network job runs in a real Celery worker on Redis, reports progress, and ends done."""

from __future__ import annotations

import pytest
from celery.contrib.testing.worker import start_worker

from tests.conftest import require_service
from tests.network.world import world
from tests.services import REDIS_URL, redis_available, reset_connections
from tests.waiting import wait_until
from veerkracht.network import graph, services
from veerkracht.network.models import JobStatus, NetworkJob, Scope


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_celery_worker_on_redis_computes_the_region(settings):
    require_service("Redis", redis_available(), f"no Redis at {REDIS_URL}")
    from veerkracht.conf.celery import app

    w = world(partners=4, challenges=3)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    reset_connections(app)
    app.conf.update(broker_url=REDIS_URL, result_backend=REDIS_URL, task_always_eager=False)
    seen: set[int] = set()
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            job = services.network_request(scope=Scope.REGION, owner=w.region)
            assert services.network_request(scope=Scope.REGION, owner=w.region).pk == job.pk  # no second

            def finished() -> bool:
                job.refresh_from_db()
                seen.add(job.progress)
                return job.status in (JobStatus.DONE, JobStatus.FAILED)

            wait_until(finished)
    finally:
        reset_connections(app)
        app.conf.update(broker_url="memory://", result_backend=None, task_always_eager=True)
    assert job.status == JobStatus.DONE, job.error
    assert job.progress == 100 and job.started_at and job.finished_at
    measures = graph.Measures.from_json(job.result)
    # four partners on three challenges: a complete graph of 4 (6 ties of weight 3), density 1
    assert len(measures.nodes) == 4 and measures.density == 1.0
    assert sorted({w for _a, _b, w in measures.edges}) == [3.0]
    assert [y.year for y in measures.years] == [2024, 2025, 2026]


@pytest.mark.django_db
def test_a_failing_computation_is_marked_failed_and_a_finished_one_is_not_run_again(monkeypatch):
    w = world()
    job = NetworkJob.objects.create(scope=Scope.MUNICIPALITY, municipality=w.town)

    def broken(*args, **kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr(graph, "compute", broken)
    assert services.network_compute(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "kapot" in job.error and not job.result
    assert services.network_compute(job.pk) == JobStatus.FAILED  # not claimed again
