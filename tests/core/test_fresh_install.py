"""A fresh installation with nothing configured: the file-in, file-out commands work, everything else
says in one line what is missing. Run as real processes with an empty environment (PATH and HOME
only), from a directory without a database."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.monitor.helpers import make_doc, rows_csv
from tests.teams.test_formation_reasons import base

SRC = Path(__file__).resolve().parents[2] / "src"
INSTRUMENT = SRC / "veerkracht" / "monitor" / "data" / "instrument_v1.json"
# this checkout's code, without any variable in the environment
LAUNCH = f"import sys; sys.path.insert(0, {str(SRC)!r}); from veerkracht.__main__ import main; main()"


def veerkracht(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return subprocess.run(
        [sys.executable, "-c", LAUNCH, *args],
        env={"PATH": "/usr/bin:/bin", "HOME": str(home)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_score_responses_with_nothing_set(tmp_path):
    doc = make_doc([[False, False, True]])
    rows = [(f"r{i}", "", {"D1_1": 1 + i % 5, "D1_2": 2, "D1_3": 1 + (i * 2) % 5}) for i in range(12)]
    (tmp_path / "i.json").write_text(json.dumps(doc), encoding="utf-8")
    (tmp_path / "a.csv").write_text(rows_csv(doc, rows), encoding="utf-8")
    result = veerkracht(tmp_path, "score_responses", "--instrument", "i.json", "--responses", "a.csv")
    assert result.returncode == 0, result.stderr
    scored = json.loads(result.stdout)
    assert scored["dimensions"]["D1"]["n"] == len(rows)


def test_form_team_with_nothing_set(tmp_path):
    (tmp_path / "p.json").write_text(json.dumps(base()), encoding="utf-8")
    result = veerkracht(tmp_path, "form_team", "--input", "p.json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["status"] == "optimal"


def test_export_instrument_without_a_database_gives_the_built_in_version(tmp_path):
    result = veerkracht(tmp_path, "export_instrument")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(INSTRUMENT.read_text(encoding="utf-8"))
    missing = veerkracht(tmp_path, "export_instrument", "--code", "elders")
    assert missing.returncode != 0
    assert "no built-in instrument 'elders'" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_help_lists_the_project_commands(tmp_path):
    result = veerkracht(tmp_path, "help")
    assert result.returncode == 0, result.stderr
    for command in ("score_responses", "form_team", "export_instrument", "load_demo"):
        assert f"    {command}\n" in result.stdout
    assert "only Django core commands" not in result.stdout + result.stderr


@pytest.mark.parametrize("command", ["runserver", "migrate"])
def test_serving_without_a_secret_key_says_so_in_one_line(tmp_path, command):
    result = veerkracht(tmp_path, command)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "veerkracht: SECRET_KEY must be set when DEBUG is false (see docs/configuration.md)\n"
    )


def test_a_bad_value_is_one_line_too(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", LAUNCH, "check"],
        env={"PATH": "/usr/bin:/bin", "HOME": str(home), "DEBUG": "perhaps"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "veerkracht: environment variable DEBUG: not a boolean: 'perhaps' (use true/false)"
    ]


def test_the_wsgi_application_without_a_secret_key_stops_with_one_line(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(SRC)!r}); import veerkracht.conf.wsgi"],
        env={"PATH": "/usr/bin:/bin", "HOME": str(home)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "veerkracht: SECRET_KEY must be set when DEBUG is false (see docs/configuration.md)"
    ]
