"""A Celery worker killed (SIGKILL) while it computes a network: the task is delivered again to a new
worker, which computes the job from the start, and the job ends done, once, with the right measures.

Real processes (tests/workers.py), as the report PDF's and the plan export's crash tests; PostgreSQL
only. The first worker stops at ``network.compute.before_store`` (measures computed, not stored).
"""

from __future__ import annotations

import os

import pytest

from tests.fieldwork.helpers import use_broker
from tests.network.world import world
from tests.services import REDIS_URL
from tests.waiting import PATIENCE
from tests.workers import Workers, require_worker_services
from veerkracht.network import graph
from veerkracht.network.models import JobStatus, NetworkJob, Scope

pytestmark = [
    pytest.mark.celery,
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]
QUEUE = f"network-crash-{os.getpid()}"


@pytest.fixture
def workers(tmp_path, settings):
    require_worker_services(REDIS_URL)
    from veerkracht.conf.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    use_broker(app, REDIS_URL)
    pool = Workers(tmp_path, redis_url=REDIS_URL, queues=QUEUE)
    try:
        yield pool
    finally:
        pool.stop_all()
        use_broker(app, "")


def test_killed_while_computing_the_network_finishes_once(workers):
    from veerkracht.network.tasks import compute_network

    w = world(partners=4, challenges=3)
    job = NetworkJob.objects.create(scope=Scope.REGION, region=w.region)
    first = workers.start(pause_at="network.compute.before_store")
    compute_network.apply_async((job.pk,), queue=QUEUE)
    workers.wait_paused()
    assert NetworkJob.objects.get(pk=job.pk).status == JobStatus.RUNNING
    workers.kill(first)
    assert NetworkJob.objects.get(pk=job.pk).status == JobStatus.RUNNING  # nothing stored by the dead one

    workers.start()  # the same task again, on a new worker
    workers.wait(lambda: NetworkJob.objects.get(pk=job.pk).status != JobStatus.RUNNING)
    done = NetworkJob.objects.get(pk=job.pk)
    assert done.status == JobStatus.DONE, done.error
    assert done.progress == 100
    measures = graph.Measures.from_json(done.result)
    # four partners on three challenges: a complete graph of 4, density 1 (as tests/network/test_task.py)
    assert len(measures.nodes) == 4 and measures.density == 1.0
    # delivered once more: left as it is
    assert compute_network.apply_async((job.pk,), queue=QUEUE).get(timeout=PATIENCE) == JobStatus.DONE
    assert NetworkJob.objects.get(pk=job.pk).finished_at == done.finished_at
