"""A Celery worker killed (SIGKILL) while it stores an export's file: the task is delivered again to
a new worker, and the export ends with exactly one file, the one its row names.

Real processes, as the monitor report's test (tests/fieldwork/test_crash_safety.py): ``celery worker
--pool=solo`` subprocesses on a real Redis (TEST_REDIS_URL), using the test database (PostgreSQL only:
SQLite's test database lives in this process' memory). The first worker stops at the named point
``plans.export.before_commit`` (after writing the file, before committing its row) and is killed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.fieldwork.helpers import use_broker
from tests.plans.documents import sample_document
from tests.services import REDIS_URL
from tests.waiting import PATIENCE
from tests.workers import Workers, require_worker_services
from veerkracht.plans import exports
from veerkracht.plans.models import ExportState, PlanExport

pytestmark = [
    pytest.mark.celery,
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]
QUEUE = f"plans-crash-{os.getpid()}"


@pytest.fixture
def workers(tmp_path, settings, plan_world):
    require_worker_services(REDIS_URL)
    from veerkracht.conf.celery import app

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    use_broker(app, REDIS_URL)
    pool = Workers(tmp_path, redis_url=REDIS_URL, queues=QUEUE)
    try:
        yield pool
    finally:
        pool.stop_all()
        use_broker(app, "")


@pytest.mark.parametrize("file_format", ["pdf", "docx"])
def test_killed_while_storing_the_file_gives_one_file(
    plan_world, plan_version, workers, tmp_path, file_format
):
    from veerkracht.plans.tasks import render_plan_export

    export = PlanExport.objects.create(
        challenge=plan_world.challenge,
        version=plan_version,
        document=exports.to_data(sample_document()),
        format=file_format,
        language="nl",
        data_key=exports.data_key(exports.to_data(sample_document()), file_format),
    )
    first = workers.start(pause_at="plans.export.before_commit")
    render_plan_export.apply_async((export.pk,), queue=QUEUE)
    workers.wait_paused()
    folder = tmp_path / "media" / "plans" / "exports"
    assert len(list(folder.iterdir())) == 1  # the file was written, its row not committed
    running = PlanExport.objects.get(pk=export.pk)
    assert running.state == ExportState.RUNNING and not running.file and running.progress >= 5
    workers.kill(first)

    workers.start()  # the same task again, on a new worker
    workers.wait(lambda: PlanExport.objects.get(pk=export.pk).state == ExportState.DONE)
    stored = PlanExport.objects.get(pk=export.pk)
    files = list(folder.iterdir())
    assert [f.name for f in files] == [Path(stored.file.name).name]  # one file, the one the row names
    assert files[0].read_bytes()[:4] == (b"%PDF" if file_format == "pdf" else b"PK\x03\x04")
    assert stored.progress == 100
    # delivered once more: the same file, nothing rendered again
    render_plan_export.apply_async((export.pk,), queue=QUEUE).get(timeout=PATIENCE)
    assert list(folder.iterdir()) == files
    assert PlanExport.objects.get(pk=export.pk).finished_at == stored.finished_at
