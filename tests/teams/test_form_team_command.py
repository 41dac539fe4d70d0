"""The ``form_team`` command: valid answers on stdout, malformed problems exit 2 with nothing on stdout."""

from __future__ import annotations

import copy
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.waiting import PATIENCE

from .naive import best_fit
from .test_formation_reasons import base


def write(tmp_path: Path, doc: Any) -> str:
    path = tmp_path / "problem.json"
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return str(path)


def run(path: str, *extra: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("form_team", "--input", path, *extra, stdout=out)
    return json.loads(out.getvalue())


def test_valid_problem(tmp_path: Path) -> None:
    doc = base()
    answer = run(write(tmp_path, doc), "--time-limit", "10")
    assert set(answer) == {"status", "members", "leader", "objective", "explanation"}
    assert set(answer["explanation"]) == {"skills", "organisations", "residents", "reasons"}
    assert answer["status"] == "optimal"
    assert answer["objective"] == best_fit(doc)
    assert answer["leader"] in answer["members"]


def test_infeasible_problem_exits_zero(tmp_path: Path) -> None:
    doc = base()
    doc["required_skills"][0]["min_level"] = 5
    answer = run(write(tmp_path, doc))
    assert answer["status"] == "infeasible"
    assert answer["explanation"]["reasons"] == ["data-analyse: 0 candidates at level ≥ 5, 1 required"]


def _malformed() -> list[tuple[str, Any]]:
    cases: list[tuple[str, Any]] = []

    def case(name: str, change: Any) -> None:
        doc = base()
        change(doc)
        cases.append((name, doc))

    case("missing team_size", lambda d: d.pop("team_size"))
    case("missing candidates", lambda d: d.pop("candidates"))
    case("missing candidate field", lambda d: d["candidates"][0].pop("hours_per_week"))
    case("team_size mistyped", lambda d: d.update(team_size="3"))
    case("team_size boolean", lambda d: d.update(team_size=True))
    case("team_size < 1", lambda d: d.update(team_size=0))
    case("share mistyped", lambda d: d.update(max_share_per_organisation="0.4"))
    case("can_lead mistyped", lambda d: d["candidates"][0].update(can_lead="yes"))
    case("skills mistyped", lambda d: d["candidates"][0].update(skills=["data-analyse"]))
    case("duplicate id", lambda d: d["candidates"][1].update(id="p1"))
    case("level above 5", lambda d: d["candidates"][0]["skills"].update({"co-design": 6}))
    case("level below 0", lambda d: d["candidates"][0]["skills"].update({"co-design": -1}))
    case("min_level above 5", lambda d: d["required_skills"][0].update(min_level=6))
    case("unknown id in include", lambda d: d.update(include=["nobody"]))
    case("unknown id in exclude", lambda d: d.update(exclude=["nobody"]))
    case("unknown leader", lambda d: d.update(leader="nobody"))
    case("leader mistyped", lambda d: d.update(leader=3))
    case("include mistyped", lambda d: d.update(include="p1"))
    cases.append(("not an object", [1, 2]))
    cases.append(("not JSON", "{team_size: 3"))
    return cases


@pytest.mark.parametrize("name,doc", _malformed(), ids=[n for n, _ in _malformed()])
def test_malformed_problem(tmp_path: Path, name: str, doc: Any) -> None:
    out = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("form_team", "--input", write(tmp_path, doc), stdout=out)
    assert info.value.returncode == 2
    assert str(info.value)
    assert out.getvalue() == ""


def test_missing_file_and_negative_time_limit(tmp_path: Path) -> None:
    with pytest.raises(CommandError) as info:
        call_command("form_team", "--input", str(tmp_path / "absent.json"))
    assert info.value.returncode == 2
    with pytest.raises(CommandError) as info:
        call_command("form_team", "--input", write(tmp_path, base()), "--time-limit", "-1")
    assert info.value.returncode == 2


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SECRET_KEY="x", DJANGO_SETTINGS_MODULE="veerkracht.conf.settings")
    return subprocess.run(
        [sys.executable, "-m", "veerkracht", "form_team", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=PATIENCE,
    )


def test_command_line_exit_status_and_streams(tmp_path: Path) -> None:
    ok = _cli("--input", write(tmp_path, base()))
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["status"] == "optimal"
    bad = copy.deepcopy(base())
    bad["candidates"][1]["id"] = "p1"
    res = _cli("--input", write(tmp_path, bad))
    assert res.returncode == 2
    assert res.stdout == ""
    assert "duplicate id 'p1'" in res.stderr
