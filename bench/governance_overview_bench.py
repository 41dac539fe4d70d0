"""Board overview benchmark (issue 12): a municipality with 200 challenges x 5 objectives x 4 indicators
x 24 measurements (96,000 measurements); the overview at /besturen/ under 300 ms median.

    # PostgreSQL on 127.0.0.1:5432 (user postgres); from the repository root:
    python bench/governance_overview_bench.py      # writes bench/RESULTS-governance-overview.md
    python bench/governance_overview_bench.py --challenges 20 --no-write --repeat 5
    python bench/governance_overview_bench.py --sqlite        # without PostgreSQL (a file in /tmp)

The database ``veerkracht_bench_governance`` (or ``BENCH_DATABASE_URL``) is dropped, created and
migrated; the data is written with ``bulk_create``. Times, in this process, after one warm-up request:

* the page: a logged-in bestuurder's whole request through Django's test client (every challenge's
  statuses for the order and the totals, the first page of 25 challenges rendered), median and best
  of ``--repeat``; and its number of queries;
* the same request with an empty status cache (statuses are kept in the cache by a digest of the data
  they depend on, so that only changed objectives are evaluated again);
* its parts: ``overview.overview_for`` alone, the batched evaluation (``status.evaluate_many``) alone,
  and for comparison the per-objective path (``status.with_measurements`` + ``status.evaluate``).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench_database import timed

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/veerkracht_bench_governance"
LIMIT = 0.300  # seconds, median of the page


def prepare(url: str | None) -> str:
    """Point Django at a fresh benchmark database (PostgreSQL, or SQLite without ``url``), migrated."""
    if url:
        import psycopg

        parts = urlsplit(url)
        name = parts.path.lstrip("/")
        admin = urlunsplit(
            (parts.scheme.replace("postgres", "postgresql"), parts.netloc, "/postgres", "", "")
        )
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = url
    else:
        path = Path("/tmp/veerkracht_bench_governance.sqlite3")  # noqa: S108 - a benchmark's scratch file
        path.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnop")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veerkracht.conf.settings")
    os.environ.setdefault("EMAIL_URL", "locmem:")
    os.environ["DEMO_MODE"] = "false"
    os.environ.pop("REDIS_URL", None)
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])
    sys.path.insert(0, str(ROOT / "src"))
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "veerkracht", "migrate", "--no-input", "-v", "0"], check=True, env=os.environ
    )
    import django

    django.setup()
    return os.environ["DATABASE_URL"]


def build(challenges: int, objectives: int, indicators: int, measurements: int):  # noqa: ANN201
    """The municipality, its bestuurder and the data (bulk_create), seeded so that every status occurs."""
    import random

    from django.utils import timezone

    from veerkracht.accounts.models import User
    from veerkracht.agenda.models import Agenda, Challenge, Domain
    from veerkracht.governance.models import (
        Escalation,
        EscalationLevel,
        Indicator,
        Mandate,
        Measurement,
        Objective,
        ObjectiveState,
        UsageEntry,
    )
    from veerkracht.organisations.models import Kind, Membership, Organisation, Role

    rng = random.Random(12)
    today = timezone.localdate()
    municipality = Organisation.objects.create(name="Gemeente Bank", slug="bank", kind=Kind.GEMEENTE)
    board = User.objects.create_user(
        email="wethouder@example.org", password="bench-password-123", full_name="W"
    )
    Membership.objects.create(user=board, organisation=municipality, role=Role.BESTUURDER)
    agenda = Agenda.objects.create(
        title="Agenda", slug="agenda", municipality=municipality, period_start=today, period_end=today
    )
    domain = Domain.objects.first()
    made = Challenge.objects.bulk_create(
        Challenge(
            agenda=agenda,
            title=f"Opgave {k:03d}",
            slug=f"opgave-{k:03d}",
            problem="Probleem",
            domain=domain,
            lead_municipality=municipality,
        )
        for k in range(challenges)
    )
    objs = Objective.objects.bulk_create(
        Objective(
            challenge=c,
            code=f"D{k + 1}",
            name=f"Doel {k + 1}",
            state=ObjectiveState.VOORGESTELD if rng.random() < 0.05 else ObjectiveState.OVEREENGEKOMEN,
        )
        for c in made
        for k in range(objectives)
    )
    start = today - timedelta(days=30 * measurements + 10)
    plans = []
    for o in objs:
        for j in range(indicators):
            baseline = Decimal(str(round(rng.uniform(0, 100), 1)))
            change = Decimal(str(round(rng.choice([-1, 1]) * rng.uniform(5, 40), 1)))
            t1 = rng.choice([730, 912, 1095])
            plans.append((o, j, baseline, change, t1, rng.uniform(0.3, 1.4)))
    inds = Indicator.objects.bulk_create(
        Indicator(
            objective=o,
            code=f"I{j + 1}",
            name=f"Indicator {j + 1}",
            unit="%",
            baseline_date=start,
            baseline_value=baseline,
            target_date=start + timedelta(days=t1),
            target_value=baseline + change,
            tolerance=Decimal(rng.choice(["0.05", "0.10", "0.15", "0.20"])),
            weight=Decimal(rng.choice(["1", "1", "2", "0.5"])),
            position=j,
        )
        for o, j, baseline, change, t1, _speed in plans
    )
    rows = []
    for ind, (_o, _j, baseline, change, t1, speed) in zip(inds, plans, strict=True):
        for m in range(1, measurements + 1):
            t = 30 * m + rng.randint(-3, 3)
            value = float(baseline) + float(change) * speed * t / t1 + rng.gauss(0, abs(float(change)) * 0.08)
            rows.append(
                Measurement(
                    indicator=ind, date=start + timedelta(days=t), value=Decimal(str(round(value, 1)))
                )
            )
    Measurement.objects.bulk_create(rows, batch_size=5000)
    Mandate.objects.bulk_create(
        Mandate(
            challenge=c,
            scope="Uitvoeren",
            starts_on=start,
            ends_on=today + timedelta(days=365),
            budget=Decimal(100_000),
            hours=Decimal(2000),
            decides_alone="Inzet",
        )
        for c in made
    )
    UsageEntry.objects.bulk_create(
        UsageEntry(
            challenge=c,
            kind=kind,
            amount=Decimal(rng.randint(1, 120) * amount),
            on=today,
            description="inzet",
        )
        for c in made
        for kind, amount in (("geld", 1000), ("uren", 20))
        for _n in range(3)
    )
    Escalation.objects.bulk_create(
        Escalation(
            challenge=c, kind="budget", level=EscalationLevel.ESCALATION, key="budget", summary="Budget op"
        )
        for c in made
        if rng.random() < 0.1
    )
    return municipality, board, len(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--challenges", type=int, default=200)
    parser.add_argument("--objectives", type=int, default=5)
    parser.add_argument("--indicators", type=int, default=4)
    parser.add_argument("--measurements", type=int, default=24)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--sqlite", action="store_true", help="SQLite instead of PostgreSQL")
    parser.add_argument("--no-write", action="store_true", help="do not write RESULTS-governance-overview.md")
    args = parser.parse_args()

    url = prepare(None if args.sqlite else os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    load_start = os.getloadavg()[0]
    started = time.perf_counter()
    municipality, board, n_measurements = build(
        args.challenges, args.objectives, args.indicators, args.measurements
    )
    build_seconds = time.perf_counter() - started

    from collections import Counter

    from django.core.cache import cache
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client

    from veerkracht.governance import overview, status
    from veerkracht.governance.models import Objective

    # as in a served process: the connection is kept between requests (CONN_MAX_AGE)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    client = Client()
    client.force_login(board)
    cold = timed(lambda: (cache.clear(), client.get("/besturen/")), 3)
    response = client.get("/besturen/")  # warm-up
    assert response.status_code == 200, response.status_code  # noqa: S101
    assert b"Opgave 000" in response.content  # noqa: S101
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # noqa: ANN001, ANN202
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get("/besturen/")
    page = timed(lambda: client.get("/besturen/"), args.repeat)
    selectors = timed(lambda: overview.overview_for(municipality), max(3, args.repeat // 3))
    objectives = Objective.objects.filter(challenge__agenda__municipality=municipality)
    batched = timed(lambda: status.evaluate_many(status.with_indicators(objectives)), 3)
    one_by_one = timed(lambda: status.evaluate(status.with_measurements(objectives)), 3)
    many = status.evaluate_many(status.with_indicators(objectives))
    same = many == status.evaluate(status.with_measurements(objectives))
    statuses = Counter(s.status for s in many.values())
    load_end = os.getloadavg()[0]

    median = statistics.median(page)
    engine = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    lines = [
        "# Governance benchmark: the board's overview",
        "",
        f"`python bench/governance_overview_bench.py` ({datetime.now():%Y-%m-%d %H:%M}; Python "
        f"{platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}, {engine}; load average "
        f"{load_start:.1f} at the start and {load_end:.1f} at the end). Data: {args.challenges} challenges x "
        f"{args.objectives} objectives x {args.indicators} indicators x {args.measurements} measurements "
        f"({n_measurements:,} measurements), a mandate with use per challenge, some open escalations; "
        f"written with bulk_create in {build_seconds:.1f} s.",
        "",
        "| what | median | best |",
        "|---|---:|---:|",
        f"| `/besturen/` for the bestuurder (test client, whole request), {args.repeat} runs | "
        f"{median * 1000:.0f} ms | {min(page) * 1000:.0f} ms |",
        "| the same with an empty status cache (first request of the day, or after a cache flush), "
        f"3 runs | "
        f"{statistics.median(cold) * 1000:.0f} ms | {min(cold) * 1000:.0f} ms |",
        "| `overview.overview_for` (queries, cached statuses, no template) | "
        f"{statistics.median(selectors) * 1000:.0f} ms | {min(selectors) * 1000:.0f} ms |",
        f"| `status.evaluate_many` (measurements as rows, one document, trends together) | "
        f"{statistics.median(batched) * 1000:.0f} ms | {min(batched) * 1000:.0f} ms |",
        f"| `status.with_measurements` + `status.evaluate` (one objective at a time), for comparison | "
        f"{statistics.median(one_by_one) * 1000:.0f} ms | {min(one_by_one) * 1000:.0f} ms |",
        "",
        f"Queries of one request: {len(queries)} (the same at every size: "
        "tests/governance/test_overview.py). "
        f"Batched and one-by-one answers equal: {same}. Statuses: "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(statuses.items()))
        + ".",
        "",
        f"Target: median under {LIMIT * 1000:.0f} ms — **{'met' if median < LIMIT else 'not met'}** "
        f"({median * 1000:.0f} ms).",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        (HERE / "RESULTS-governance-overview.md").write_text(text, encoding="utf-8")
    _ = url
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
