"""Speed of the public API (``/api/v1/``) on national data: single requests in process, and throughput
under gunicorn against a bare JSON view.

    .venv/bin/python bench/api_bench.py                      # DATABASE_URL: the vk_scale database
    .venv/bin/python bench/api_bench.py --seconds 5 --skip-load

The database is only read: it must already hold national data (``veerkracht generate_scale
--municipalities 342 --seed 1``). The API key of a municipality that the bench uses is made inside a
transaction that is rolled back, so nothing is left behind.

1. In process (Django's test client, one persistent connection): per endpoint, ``--warmup`` requests
   and then ``--repeat`` timed ones at ``pageSize=100``; median and p95, and the number of queries of
   page 1 and page 50 and of ``pageSize`` 10 and 100 (bounded: the same for each).
2. Under gunicorn (``--workers`` processes, gthread with 2 threads, loopback, Redis at ``--redis-url``
   as in production, so anonymous answers are kept in the shared cache: ADR 0014): a small threaded
   client with keep-alive, ``--concurrency`` connections for ``--seconds`` per endpoint, each going
   through pages 1 to ``--pages`` in turn, against the bare JSON view ``/_bench/json/`` (50 small rows,
   no query) measured before and after the endpoints. ``--no-cache`` measures without kept answers.

Writes ``bench/RESULTS-api.md`` (``--output``); a section headed ``## 3.`` in the file (the analysis,
written by hand) is kept.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOAD = ROOT / "bench" / "load"
BIN = Path(sys.executable).parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/vk_scale"

ENDPOINTS = ["opgaven", "organisaties", "ideeen", "besluiten", "lessen"]
CEILING = "/_bench/json/"
TARGET_MEDIAN_MS = 100.0  # the opgaven page of 100, in process
TARGET_SHARE = 0.5  # read endpoints' throughput as a share of the bare JSON view's


def environment(database_url: str, redis_url: str = "", cache_seconds: int = 0) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnop"),
        "DJANGO_SETTINGS_MODULE": "api_bench_settings",
        "PYTHONPATH": os.pathsep.join([str(LOAD), str(ROOT / "src")]),
        "EMAIL_URL": "locmem:",
        "DEMO_MODE": "false",
        "SECURE_COOKIES": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_URL": "http://127.0.0.1",
        "REDIS_URL": redis_url,
        "RESPONSE_CACHE_SECONDS": str(cache_seconds),
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


# --- 1. in process ---------------------------------------------------------------------------------


def in_process(args: argparse.Namespace) -> dict[str, object]:
    import django

    django.setup()
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    def measure(client: Client, name: str, headers: dict[str, str]) -> dict[str, object]:
        url = f"/api/v1/{name}"

        def get(query: str) -> tuple[int, int, int]:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"{url}?{query}", headers=headers)
            count = response.json().get("count", 0) if response.status_code == 200 else 0
            return response.status_code, len(queries), count

        status, _, total = get("pageSize=100")
        if status != 200:
            return {"status": status}
        for _ in range(args.warmup):
            get("pageSize=100")
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            client.get(f"{url}?pageSize=100", headers=headers)
            times.append((time.perf_counter() - started) * 1000)
        slowest = []
        with CaptureQueriesContext(connection) as queries:
            client.get(f"{url}?pageSize=100", headers=headers)
        slowest = sorted(
            ((float(q["time"]) * 1000, q["sql"]) for q in queries.captured_queries), reverse=True
        )[:1]
        return {
            "status": status,
            "count": total,
            "median": statistics.median(times),
            "p95": percentile(times, 0.95),
            "queries": {
                "page 1, 100": get("pageSize=100")[1],
                "page 50, 100": get("page=50&pageSize=100")[1],
                "page 1, 10": get("pageSize=10")[1],
            },
            "slowest": slowest[0] if slowest else (0.0, ""),
        }

    from veerkracht.api.authentication import KEY_START, hash_secret
    from veerkracht.api.models import ApiKey
    from veerkracht.api.scopes import READ, RESOURCE_GROUPS
    from veerkracht.organisations.models import Organisation

    client = Client()
    results: dict[str, object] = {"anonymous": {}, "key": {}}
    for name in ENDPOINTS:
        results["anonymous"][name] = measure(client, name, {})  # type: ignore[index]
    with transaction.atomic():
        organisation = (
            Organisation.objects.filter(kind="gemeente", municipality__isnull=False).order_by("pk").first()
            or Organisation.objects.filter(kind="gemeente").order_by("pk").first()
        )
        prefix = "bench0001"
        secret = f"{KEY_START}{prefix}_bench-only-secret"
        now = datetime.now(UTC)
        ApiKey.objects.create(
            organisation=organisation,
            name="bench",
            prefix=prefix,
            secret_hash=hash_secret(secret),
            scopes=[f"{group}:{READ}" for group in RESOURCE_GROUPS],
            created_at=now,
            expires_at=now.replace(year=now.year + 1),
        )
        results["key_organisation"] = str(organisation)
        for name in ENDPOINTS:
            results["key"][name] = measure(client, name, {"Authorization": f"Bearer {secret}"})  # type: ignore[index]
        transaction.set_rollback(True)
    return results


# --- 2. under gunicorn -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(args: argparse.Namespace, env: dict[str, str], port: int) -> subprocess.Popen:
    server = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "veerkracht.conf.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", str(args.workers), "--worker-class", "gthread", "--threads", "2"]
        + ["--backlog", "2048", "--timeout", "120", "--keep-alive", "75", "--log-level", "warning"],
        env=env,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not start")


def hammer(port: int, paths: list[str], concurrency: int, seconds: float) -> dict[str, float]:
    """``concurrency`` threads, each with one keep-alive connection, GET ``paths`` in turn (each thread
    starting at another one) until the time is up."""
    latencies: list[float] = []
    errors = [0]
    hits = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def run(first: int) -> None:
        mine: list[float] = []
        failed = kept = 0
        turn = first
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < deadline:
            path = paths[turn % len(paths)]
            turn += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
                if response.getheader("X-Cache") == "HIT":
                    kept += 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            except (OSError, http.client.HTTPException):
                failed += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            mine.append((time.perf_counter() - started) * 1000)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed
            hits[0] += kept

    started = time.monotonic()
    threads = [threading.Thread(target=run, args=(number,)) for number in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "requests": len(latencies),
        "errors": errors[0],
        "hits": hits[0] / len(latencies) if latencies else 0.0,
        "rps": len(latencies) / elapsed,
        "p50": percentile(latencies, 0.5) if latencies else 0.0,
        "p95": percentile(latencies, 0.95) if latencies else 0.0,
    }


def under_load(
    args: argparse.Namespace, env: dict[str, str], names: list[str]
) -> dict[str, dict[str, float]]:
    """Anonymous requests only (a key would write its ``last_used_at`` to the database), so ``names``
    holds the endpoints that answer an anonymous caller."""
    if env["REDIS_URL"]:  # no answers kept from an earlier run: the first pass over the pages misses
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    port = free_port()
    server = start(args, env, port)
    paths = {"bare JSON view (before)": [CEILING]}
    paths |= {
        name: [f"/api/v1/{name}?pageSize=100&page={page}" for page in range(1, args.pages + 1)]
        for name in names
    }
    paths["bare JSON view (after)"] = [CEILING]
    results = {}
    try:
        for label, path in paths.items():
            hammer(port, path, args.concurrency, 2.0)  # every worker warm for this path
            results[label] = hammer(port, path, args.concurrency, args.seconds)
            print(f"{label}: {results[label]['rps']:.0f} req/s", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return results


# --- report ----------------------------------------------------------------------------------------


def table_in_process(rows: dict[str, dict[str, object]]) -> list[str]:
    lines = [
        "| endpoint | items | median | p95 | queries p1/100 | p50/100 | p1/10 | bounded | slowest query |",
        "|---|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for name, row in rows.items():
        if row["status"] != 200:
            lines.append(f"| /api/v1/{name} | answers {row['status']} | | | | | | | |")
            continue
        q = row["queries"]
        counts = list(q.values())  # type: ignore[attr-defined]
        bounded = "yes" if len(set(counts)) == 1 else "NO"
        lines.append(
            f"| /api/v1/{name} | {row['count']} | {row['median']:.1f} ms | {row['p95']:.1f} ms | "
            f"{counts[0]} | {counts[1]} | {counts[2]} | {bounded} | {row['slowest'][0]:.1f} ms |"  # type: ignore[index]
        )
    return lines


def report(args: argparse.Namespace, single: dict, load: dict | None) -> str:  # type: ignore[type-arg]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM agenda_challenge),"
            " (SELECT count(*) FROM organisations_organisation),"
            " (SELECT count(*) FROM participation_idea), (SELECT count(*) FROM community_lesson),"
            " (SELECT count(*) FROM organisations_organisation WHERE kind = 'gemeente')"
        )
        challenges, organisations, ideas, lessons, municipalities = cursor.fetchone()
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    lines = [
        "# API speed on national data",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC by `bench/api_bench.py` (`make bench-api`).",
        "",
        f"- Machine: {platform.machine()}, {os.cpu_count()} cores (shared with other work; load average "
        f"{os.getloadavg()[0]:.1f} at the end), Python {platform.python_version()}, PostgreSQL {pg}.",
        f"- Data: {municipalities} municipalities, {challenges} challenges, {organisations} organisations, "
        f"{ideas} ideas, {lessons} lessons (`generate_scale --municipalities 342 --seed 1`).",
        f"- In process: Django's test client, one persistent connection, {args.warmup} warm-up requests, "
        f"then {args.repeat} timed, `pageSize=100`.",
        "",
        "## 1. Single requests (in process)",
        "",
        "Anonymous:",
        "",
        *table_in_process(single["anonymous"]),
        "",
        f"With a read key (all groups) of a municipality's organisation ({single['key_organisation']}):",
        "",
        *table_in_process(single["key"]),
        "",
    ]
    opgaven = [single[who]["opgaven"] for who in ("anonymous", "key")]
    medians = [row["median"] for row in opgaven if row["status"] == 200]
    met = bool(medians) and max(medians) < TARGET_MEDIAN_MS
    lines += [
        f"**Target: the opgaven page of 100 under {TARGET_MEDIAN_MS:.0f} ms median — "
        f"{'met' if met else 'NOT met'}** ({', '.join(f'{m:.1f} ms' for m in medians)}).",
        "",
    ]
    if load is not None:
        ceiling = statistics.mean(
            [load["bare JSON view (before)"]["rps"], load["bare JSON view (after)"]["rps"]]
        )
        lines += [
            "## 2. Throughput under gunicorn",
            "",
            f"gunicorn {args.workers} workers × 2 threads (gthread), loopback, a threaded Python client with "
            f"keep-alive at {args.concurrency} connections, {args.seconds:.0f} s per endpoint after 2 s of "
            "warm-up, anonymous (endpoints that need a key are left out: the key would write its "
            f"last use to the database), each connection going through pages 1 to {args.pages} in turn; "
            + (
                f"Redis as the shared cache, anonymous answers kept for {args.cache_seconds} s until data "
                'changes (ADR 0014; "kept answers" is the share served from it)'
                if args.cache_seconds
                else "no answers kept (`--no-cache`)"
            )
            + "; the client runs on the same cores as the server.",
            "",
            "| endpoint | requests | errors | kept answers | req/s | p50 | p95 | share of bare JSON view |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        shares = {}
        for label, row in load.items():
            share = row["rps"] / ceiling if ceiling else 0.0
            if not label.startswith("bare"):
                shares[label] = share
            lines.append(
                f"| {label} | {row['requests']:.0f} | {row['errors']:.0f} | {row['hits']:.0%} | "
                f"{row['rps']:.0f} | {row['p50']:.0f} ms | {row['p95']:.0f} ms | {share:.2f} |"
            )
        missed = [label for label, share in shares.items() if share < TARGET_SHARE]
        lines += [
            "",
            f"The bare JSON view's throughput is the mean of its two runs ({ceiling:.0f} req/s).",
            "",
            f"**Target: every read endpoint at least {TARGET_SHARE:.0%} of the bare JSON view's throughput — "
            f"{'met' if not missed else 'NOT met (' + ', '.join(missed) + ')'}**.",
            "",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--skip-load", action="store_true", help="only the in-process measurements")
    parser.add_argument("--pages", type=int, default=20, help="pages each endpoint is read at under load")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"))
    parser.add_argument(
        "--no-cache",
        dest="cache_seconds",
        action="store_const",
        const=0,
        default=300,
        help="keep no answers under gunicorn",
    )
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "RESULTS-api.md")
    args = parser.parse_args()
    env = environment(args.database_url)
    os.environ.update(env)
    sys.path[:0] = [str(LOAD), str(ROOT / "src")]
    single = in_process(args)
    public = [name for name, row in single["anonymous"].items() if row["status"] == 200]
    served = environment(args.database_url, args.redis_url, args.cache_seconds)
    load = None if args.skip_load else under_load(args, served, public)
    text = report(args, single, load)
    analysis = args.output.read_text().partition("\n## 3. ") if args.output.exists() else ("", "", "")
    if analysis[1]:
        text = text.rstrip("\n") + "\n" + analysis[1] + analysis[2]
    args.output.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
