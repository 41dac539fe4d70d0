"""Start-up time of the ``veerkracht`` commands, whole process, against baselines measured in the same run.

Each command is started ``--repeat`` times as a fresh process (as a user starts it); the table gives
the fastest and the median wall-clock time. The fastest run is the least disturbed by other work on
the machine, so it is the figure to compare; the baselines (an empty Python, and Python with only
``django.setup()``) are measured in the same run, interleaved with the commands, so that a busy
machine shows as slow baselines rather than as slow commands.

    python bench/startup_bench.py                 # writes bench/RESULTS-startup.md
    python bench/startup_bench.py --repeat 5 --no-write

The team-formation problem (100,000 candidates) is generated with
``veerkracht.testing.formation_problems`` into a temporary directory; ``score_responses`` scores 200
generated answers with the shipped instrument. No database is used.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
INSTRUMENT = ROOT / "src" / "veerkracht" / "monitor" / "data" / "instrument_v1.json"
TARGET_FORM_TEAM = 1.5  # seconds, whole process, 100,000 candidates


def _environment(src: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("SECRET_KEY", "bench-startup")
    env["DJANGO_SETTINGS_MODULE"] = "veerkracht.conf.settings"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(src), env.get("PYTHONPATH", "")) if p)
    env.pop("REDIS_URL", None)
    return env


def _answers_csv(path: Path, n: int = 200) -> None:
    doc = json.loads(INSTRUMENT.read_text(encoding="utf-8"))
    codes = [item["code"] for dim in doc["dimensions"] for item in dim["items"]]
    lo, hi = doc["scale"]["min"], doc["scale"]["max"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["respondent", "group", *codes])
        for i in range(n):
            row = [lo + (i * 7 + j * 3) % (hi - lo + 1) for j in range(len(codes))]
            writer.writerow([f"r{i}", ["zorg", "wonen", "onderwijs"][i % 3], *row])


def commands(work: Path) -> list[tuple[str, list[str]]]:
    """(label, argv) of what is timed; the first two are the baselines."""
    from veerkracht.testing.formation_problems import generate

    problem = work / "problem-100k.json"
    problem.write_text(json.dumps(generate(100_000, seed=1)), encoding="utf-8")
    answers = work / "answers.csv"
    _answers_csv(answers)
    python = sys.executable
    veerkracht = [python, "-m", "veerkracht"]
    return [
        ("baseline: python -c pass", [python, "-c", "pass"]),
        ("baseline: python + django.setup()", [python, "-c", "import django; django.setup()"]),
        ("veerkracht help", [*veerkracht, "help"]),
        ("veerkracht form_team (100,000 candidates)", [*veerkracht, "form_team", "--input", str(problem)]),
        (
            "veerkracht score_responses (200 answers)",
            [*veerkracht, "score_responses", "--instrument", str(INSTRUMENT), "--responses", str(answers)],
        ),
    ]


Times = dict[str, list[tuple[float, float]]]  # label -> [(wall-clock, CPU) seconds per run]


def measure(argvs: list[tuple[str, list[str]]], repeat: int, src: Path) -> Times:
    env = _environment(src)
    times: Times = {label: [] for label, _ in argvs}
    for _ in range(repeat):  # interleaved: a burst of load hits every line alike
        for label, argv in argvs:
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            times[label].append((wall, cpu))
    return times


def report(times: Times, repeat: int) -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    setup = min(w for w, _ in times["baseline: python + django.setup()"])
    lines = [
        "# Command start-up",
        "",
        f"`python bench/startup_bench.py` ({time.strftime('%Y-%m-%d')}; Python {platform.python_version()}, "
        f"{os.cpu_count()} cores, load average {load:.1f} at the end). Each line: a fresh process, "
        f"{repeat} runs interleaved with the others; fastest and median wall-clock time, and the "
        "fastest CPU time (user + system), which a busy machine disturbs less than the wall clock.",
        "",
        "| command | fastest | median | CPU (fastest) | fastest − django.setup() |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, runs in times.items():
        walls = [w for w, _ in runs]
        cpu = min(c for _, c in runs)
        extra = "" if label.startswith("baseline") else f"{min(walls) - setup:+.2f} s"
        lines.append(
            f"| {label} | {min(walls):.2f} s | {statistics.median(walls):.2f} s | {cpu:.2f} s | {extra} |"
        )
    form_team = min(w for w, _ in times["veerkracht form_team (100,000 candidates)"])
    verdict = "met" if form_team < TARGET_FORM_TEAM else "NOT met"
    lines += ["", f"Target: `form_team` on 100,000 candidates under {TARGET_FORM_TEAM} s: {verdict}."]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-write", action="store_true", help="print only; do not write the results file")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="source tree to time")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    with tempfile.TemporaryDirectory() as tmp:
        times = measure(commands(Path(tmp)), args.repeat, args.src)
    text = report(times, args.repeat)
    print(text)
    if not args.no_write:
        (HERE / "RESULTS-startup.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
