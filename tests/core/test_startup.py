"""Start-up of the commands (issue 10.12): the offline commands load neither the settings nor the apps,
and nothing heavy is imported at Django start-up that only some pages use."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.waiting import PATIENCE
from veerkracht.testing.formation_problems import generate

ROOT = Path(__file__).resolve().parents[2]
INSTRUMENT = ROOT / "src" / "veerkracht" / "monitor" / "data" / "instrument_v1.json"


def run(*args: str, settings: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    env["DJANGO_SETTINGS_MODULE"] = settings
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "veerkracht", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=PATIENCE,
    )


def imported(stderr: str) -> set[str]:
    return {line.split("|")[-1].strip() for line in stderr.splitlines() if line.startswith("import time:")}


def test_offline_commands_load_no_settings_and_no_apps(tmp_path):
    problem = tmp_path / "problem.json"
    problem.write_text(json.dumps(generate(300, seed=2)), encoding="utf-8")
    # A settings module that does not exist: touching the settings would fail.
    done = run("form_team", "--input", str(problem), settings="no.such.settings")
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout)["status"] in {"optimal", "infeasible"}
    modules = imported(done.stderr)
    assert "veerkracht.teams.formation" in modules
    assert not {"django.contrib.admin", "veerkracht.conf.settings", "celery", "scipy.stats"} & modules

    answers = tmp_path / "answers.csv"
    answers.write_text("respondent,group,D1_1\nr1,a,3\n", encoding="utf-8")
    bad = run(
        "score_responses", "--instrument", str(INSTRUMENT), "--responses", str(answers), settings="no.such"
    )
    assert bad.returncode == 2 and bad.stdout == ""
    assert "column" in bad.stderr and "Traceback" not in bad.stderr


def test_django_start_up_imports_no_scipy_stats():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "veerkracht.conf.settings"}
    env.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import django; django.setup()"],
        capture_output=True,
        text=True,
        env=env,
        timeout=PATIENCE,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    modules = imported(done.stderr)
    assert "veerkracht.monitor.scoring" in modules  # loaded, but without its heavy statistics
    assert "scipy.stats" not in modules
