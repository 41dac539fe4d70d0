"""Building objectives documents for the tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import veerkracht

SRC = Path(veerkracht.__file__).resolve().parents[1]
BASE = date(2026, 1, 1)


def day(n: int) -> str:
    """The date n days after 2026-01-01."""
    return (BASE + timedelta(days=n)).isoformat()


def indicator(
    code: str = "I1",
    *,
    baseline: Any = 0,
    target: Any = 100,
    t1: int = 100,
    measurements: list[tuple[int, Any]] = (),  # type: ignore[assignment]
    **extra: Any,
) -> dict[str, Any]:
    """An indicator with baseline on day 0 (2026-01-01), target on day t1, measurements (day, value)."""
    doc = {
        "code": code,
        "name": f"Indicator {code}",
        "unit": "%",
        "baseline": {"date": day(0), "value": baseline},
        "target": {"date": day(t1), "value": target},
        "measurements": [{"date": day(t), "value": v} for t, v in measurements],
    }
    doc.update(extra)
    return doc


def document(*indicators: dict[str, Any], as_of: int = 50, objectives: Any = None) -> dict[str, Any]:
    """A document with one objective O1 holding ``indicators``, evaluated on day ``as_of``."""
    if objectives is None:
        objectives = [{"code": "O1", "name": "Objective", "indicators": list(indicators)}]
    return {"as_of": day(as_of), "objectives": objectives}


def env() -> dict[str, str]:
    """The environment for a subprocess: this checkout's source first, no settings at all."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    environment["PYTHONPATH"] = os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])
    return environment


def run_process(
    *args: str, stdin: str | None = None, django: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m veerkracht ARGS`` (the console script's code), or, with ``django``, the same
    command through Django's ``execute_from_command_line`` (settings loaded)."""
    environment = env()
    if django:
        environment.update(DJANGO_SETTINGS_MODULE="veerkracht.conf.settings", SECRET_KEY="test-subprocess")
        code = (
            "import sys, django.core.management as m; "
            "m.execute_from_command_line(['veerkracht', *sys.argv[1:]])"
        )
        cmd = [sys.executable, "-c", code, *args]
    else:
        cmd = [sys.executable, "-m", "veerkracht", *args]
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=environment, timeout=120)


def write(tmp_path: Path, doc: Any, name: str = "input.json") -> str:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return str(path)
