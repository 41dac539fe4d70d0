"""A Celery worker killed (SIGKILL) while it stores an export's file: the task is delivered again to
a new worker, and the export ends with exactly one file, the one its row names.

Real processes, as the monitor report's test (tests/fieldwork/test_crash_safety.py): ``celery worker
--pool=solo`` subprocesses on a real Redis (TEST_REDIS_URL), using the test database (PostgreSQL only:
SQLite's test database lives in this process' memory). The first worker stops at the named point
``plans.export.before_commit`` (after writing the file, before committing its row) and is killed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from tests.conftest import require_service
from tests.fieldwork.helpers import use_broker
from tests.plans.documents import sample_document
from tests.services import REDIS_URL, redis_available
from tests.waiting import PATIENCE
from veerkracht.fieldwork.crashpoints import PAUSE_FILE_VARIABLE, PAUSE_VARIABLE
from veerkracht.plans import exports
from veerkracht.plans.models import ExportState, PlanExport

pytestmark = [
    pytest.mark.celery,
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]
CELERY = Path(sys.executable).with_name("celery")
VISIBILITY_TIMEOUT = 3
QUEUE = f"plans-crash-{os.getpid()}"


def _database_url() -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    return f"postgres://{auth}@{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{s['NAME']}"


class Workers:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.processes: list[subprocess.Popen] = []
        self.marker = tmp_path / "paused"

    def start(self, pause_at: str = "") -> subprocess.Popen:
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "REDIS_URL": REDIS_URL,
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "VAR_DIR": str(self.tmp_path),
            "SECRET_KEY": os.environ.get("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789"),
            "DEMO_MODE": "false",
        }
        env.pop(PAUSE_VARIABLE, None)
        if pause_at:
            env[PAUSE_VARIABLE] = pause_at
            env[PAUSE_FILE_VARIABLE] = str(self.marker)
        log = (self.tmp_path / f"worker-{len(self.processes)}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603
            [str(CELERY), "-A", "veerkracht.conf.celery", "worker", "--pool=solo", "-Q", QUEUE]
            + ["--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "info"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append(process)
        return process

    def log_tail(self) -> str:
        return "\n".join(
            p.read_text(errors="replace")[-3000:] for p in sorted(self.tmp_path.glob("worker-*.log"))
        )

    def wait(self, condition, timeout: float = PATIENCE) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            assert all(p.poll() is None for p in self.processes[-1:]), self.log_tail()
            time.sleep(0.2)
        raise AssertionError("timed out\n" + self.log_tail())

    def kill(self, process: subprocess.Popen) -> None:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        time.sleep(VISIBILITY_TIMEOUT + 1)  # after this the broker hands the task to another worker

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=10)


@pytest.fixture
def workers(tmp_path, settings, plan_world):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: the worker subprocess must reach the test database, and SQLite's test "
            "database is in this process' memory (CI runs this on PostgreSQL)"
        )
    require_service("Redis", redis_available(), f"no Redis at {REDIS_URL}")
    from veerkracht.conf.celery import app

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    use_broker(app, REDIS_URL)
    pool = Workers(tmp_path)
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
    workers.wait(workers.marker.exists)
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
