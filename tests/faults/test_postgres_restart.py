"""PostgreSQL restarted while respondents fill in the survey on a real gunicorn.

During the outage pages answer 503 with Retry-After (never a traceback); within 5 s of PostgreSQL
accepting connections again the site answers normally; every answer that got a success response is
stored (answers sent == answers stored).

This restarts the machine's PostgreSQL cluster once (``pg_ctlcluster``): it takes a few seconds and
breaks every open connection on the machine, which is why the fault tests run apart (make test-faults).
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import require_service
from tests.faults.servers import Browser, Gunicorn, Survey, answers_stored, require_postgresql, survey_links

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

RECOVERY_SECONDS = 5


def cluster_version() -> str:
    versions = sorted(p.name for p in Path("/etc/postgresql").glob("*") if (p / "main").is_dir())
    require_service(
        "pg_ctlcluster",
        bool(versions) and shutil.which("pg_ctlcluster") is not None,
        "no local PostgreSQL cluster to restart (/etc/postgresql/<version>/main)",
    )
    return versions[-1]


def pg_ready() -> bool:
    return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"], check=False).returncode == 0


def test_the_survey_through_a_postgresql_restart(tmp_path):
    require_postgresql()
    version = cluster_version()
    wave, links = survey_links(60)
    server = Gunicorn(tmp_path, workers=2, threads=4)
    survey = Survey(port=server.port, links=links)
    try:
        threads = survey.run(respondents=6)
        deadline = time.monotonic() + 90  # the respondents are answering (gunicorn's workers warmed up)
        while sum(v for k, v in survey.statuses.items() if k in (200, 302)) < 30:
            assert time.monotonic() < deadline and not survey.problems, (survey.problems, server.log_text())
            time.sleep(0.2)

        started = time.monotonic()
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
            check=True,
            capture_output=True,
            timeout=60,
        )
        while not pg_ready():
            time.sleep(0.05)
        back = time.monotonic()
        restart_seconds = back - started

        # the site answers normally again within RECOVERY_SECONDS of PostgreSQL being back
        probe = Browser(server.port)
        while True:
            status, _headers, _body = probe.request("GET", f"/v/{links[0]}/")
            if status == 200:
                break
            assert status == 503, status
            assert time.monotonic() - back < RECOVERY_SECONDS, "the site did not recover in time"
            time.sleep(0.1)
        recovered_after = time.monotonic() - back

        time.sleep(2)  # answering goes on after the recovery
        survey.stop.set()
        for thread in threads:
            thread.join(timeout=90)
    finally:
        survey.stop.set()
        server.stop()
    connection.close()  # this process's own connection did not survive the restart either

    print(f"restart {restart_seconds:.1f} s, recovered {recovered_after:.2f} s after;", dict(survey.statuses))
    assert survey.problems == [], survey.problems
    assert survey.statuses[503] > 0, "no request met the outage: the test proved nothing"
    assert survey.completed > 0
    assert answers_stored(wave) == survey.answers_sent
