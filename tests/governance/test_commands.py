"""``indicator_status`` and ``verify_decisions`` as commands: through the console script's code
(``python -m veerkracht``, no settings, no SECRET_KEY), the console script itself, Django's command
line, and ``call_command`` — all with the same answers and exit statuses."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from veerkracht.governance.indicators import status_of

from .helpers import document, env, indicator, run_process, write
from .reference import status_of as reference_status_of
from .test_chain import log, rehash_tail

CONSOLE_SCRIPT = Path(sys.executable).with_name("veerkracht")


def objectives() -> dict[str, Any]:
    return document(
        indicator("I1", measurements=[(10, 12), (20, 18), (30, 26)]),
        indicator("I2", baseline=50, target=30, measurements=[(25, 49)], tolerance=0.2, weight=3),
        indicator("I3"),
        as_of=35,
    )


def call(name: str, *args: str) -> tuple[str, int]:
    out = io.StringIO()
    try:
        call_command(name, *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc.returncode
    return out.getvalue(), 0


# --- indicator_status -------------------------------------------------------------------------------


def test_indicator_status_everywhere_the_same(tmp_path: Path) -> None:
    doc = objectives()
    path = write(tmp_path, doc)
    expected = reference_status_of(doc)  # the slow literal reference, not the engine
    done = run_process("indicator_status", "--input", path)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert json.loads(done.stdout) == expected
    assert status_of(json.dumps(doc)) == expected
    out, code = call("indicator_status", "--input", path)
    assert code == 0 and json.loads(out) == expected


def test_indicator_status_from_standard_input() -> None:
    doc = objectives()
    done = run_process("indicator_status", "--input", "-", stdin=json.dumps(doc))
    assert done.returncode == 0 and json.loads(done.stdout) == reference_status_of(doc)


@pytest.mark.skipif(not CONSOLE_SCRIPT.exists(), reason="the console script is not installed")
def test_console_script_needs_no_settings(tmp_path: Path) -> None:
    doc = objectives()
    done = subprocess.run(
        [str(CONSOLE_SCRIPT), "indicator_status", "--input", write(tmp_path, doc)],
        capture_output=True, text=True, env=env(), timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == reference_status_of(doc)


def test_django_command_line_gives_the_same(tmp_path: Path) -> None:
    doc = objectives()
    good = write(tmp_path, doc)
    bad = write(tmp_path, {"as_of": "2026-02-30", "objectives": []}, name="bad.json")
    fast = run_process("indicator_status", "--input", good)
    slow = run_process("indicator_status", "--input", good, django=True)
    assert slow.returncode == 0, slow.stderr
    assert slow.stdout == fast.stdout
    refused = run_process("indicator_status", "--input", bad, django=True)
    assert (refused.returncode, refused.stdout) == (2, "")
    assert "not a valid date" in refused.stderr


def test_usage_errors_exit_2() -> None:
    done = run_process("indicator_status")
    assert done.returncode == 2 and done.stdout == "" and "--input" in done.stderr
    done = run_process("indicator_status", "--help")
    assert done.returncode == 0 and "--input" in done.stdout
    # the options every management command accepts are accepted here too
    done = run_process(
        "indicator_status", "--input", "-", "-v", "2", "--traceback", stdin=json.dumps(objectives())
    )
    assert done.returncode == 0


def test_output_is_utf8_json(tmp_path: Path) -> None:
    doc = objectives()
    doc["objectives"][0]["code"] = "Doel €1"
    done = subprocess.run(
        [sys.executable, "-m", "veerkracht", "indicator_status", "--input", write(tmp_path, doc)],
        capture_output=True, env={**env(), "PYTHONIOENCODING": "ascii", "LC_ALL": "C"}, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.decode("utf-8"))["objectives"][0]["code"] == "Doel €1"


# --- verify_decisions ---------------------------------------------------------------------------------


def test_verify_valid_log_everywhere(tmp_path: Path) -> None:
    doc = log(7, redacted=(2, 3))
    path = write(tmp_path, doc)
    expected = {
        "valid": True, "entries": 7, "redacted": 2, "head": doc["entries"][-1]["hash"],
        "first_broken": None, "problem": None,
    }  # fmt: skip
    done = run_process("verify_decisions", "--input", path)
    assert (done.returncode, json.loads(done.stdout), done.stderr) == (0, expected, "")
    out, code = call("verify_decisions", "--input", path)
    assert (code, json.loads(out)) == (0, expected)
    slow = run_process("verify_decisions", "--input", path, django=True)
    assert (slow.returncode, slow.stdout) == (0, done.stdout)


def test_verify_broken_log_exits_1(tmp_path: Path) -> None:
    doc = log(5)
    doc["entries"][1]["content"]["title"] = "veranderd"
    path = write(tmp_path, doc)
    done = run_process("verify_decisions", "--input", path)
    assert done.returncode == 1
    got = json.loads(done.stdout)
    assert (got["valid"], got["first_broken"], got["head"]) == (False, 2, None)
    out, code = call("verify_decisions", "--input", path)
    assert code == 1 and json.loads(out) == got


def test_verify_with_head(tmp_path: Path) -> None:
    published = log(5)
    old_head = published["entries"][2]["hash"]
    grown = write(tmp_path, log(8), name="grown.json")
    done = run_process("verify_decisions", "--input", grown, "--head", old_head)
    assert done.returncode == 0 and json.loads(done.stdout)["valid"] is True
    rewritten = log(8)
    rewritten["entries"][1]["content"]["text"] = "anders"
    rehash_tail(rewritten, 2)
    path = write(tmp_path, rewritten, name="rewritten.json")
    assert run_process("verify_decisions", "--input", path).returncode == 0  # valid in itself
    done = run_process("verify_decisions", "--input", path, "--head", old_head)
    assert done.returncode == 1
    got = json.loads(done.stdout)
    assert got["valid"] is False and got["first_broken"] is None and "rewritten" in got["problem"]
    out, code = call("verify_decisions", "--input", path, "--head", old_head)
    assert code == 1 and json.loads(out) == got


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{not json",
        '{"chain": "x", "head": null, "entries": [NaN]}',
        "[]",
        '{"chain": "x", "entries": []}',
        '{"chain": "x", "head": null, "entries": [{"seq": 1}]}',
        '{"chain": "x", "head": null, "entries": [{"seq": "1", "recorded_at": "", "prev": "", "digest": "",'
        ' "hash": "", "content": null}]}',
    ],
)
def test_verify_shape_errors_exit_2(text: str, tmp_path: Path) -> None:
    path = write(tmp_path, text)
    done = run_process("verify_decisions", "--input", path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("verify_decisions: ")
    out, code = call("verify_decisions", "--input", path)
    assert (code, out) == (2, "")


def test_verify_bad_head_or_file_exit_2(tmp_path: Path) -> None:
    path = write(tmp_path, log(2))
    for args in (["--input", path, "--head", "abc"], ["--input", str(tmp_path / "none.json")], []):
        done = run_process("verify_decisions", *args)
        assert (done.returncode, done.stdout) == (2, ""), args
        assert done.stderr
