"""Single-request timings of the read pages on the national-scale data.

Needs a database filled by ``veerkracht generate_scale --municipalities 342 --seed 1`` (DATABASE_URL).
Signs in, like bench/load/run.py, people of the first municipality by slug (a regisseur, a
coordinator and a board member, each with a confirmed authenticator) and requests each page twice
with Django's test client; the second request is timed, with its queries. Everything runs in one
transaction that is rolled back, so the database is left as it was.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vk_scale python bench/scale_pages_bench.py
    ... python bench/scale_pages_bench.py --explain     # also EXPLAIN ANALYZE each page's slowest query
    ... python bench/scale_pages_bench.py --profile report   # also where a page's time goes
    REDIS_URL=redis://127.0.0.1:6379/1 ... python bench/scale_pages_bench.py --kept   # kept answers

``--kept`` times the answers served kept instead (outside a transaction, with the shared cache on
Redis): each page is built once, then requested ``--repeat`` times in three rounds, the best round
counting; for signed-in pages once with the person and their authenticator read from the database on
every request and once remembered in the process (``response_cache.remembered``), in the same run.
It leaves the people's sessions and authenticators in the database.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veerkracht.conf.settings")
os.environ.setdefault("SECRET_KEY", "bench")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


class Rollback(Exception):
    pass


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def pages() -> list[tuple[str, Client, str]]:
    from veerkracht.agenda.models import Agenda, Challenge
    from veerkracht.fieldwork.models import Wave
    from veerkracht.organisations.models import Membership, Organisation

    town = Organisation.objects.filter(kind="gemeente").order_by("slug")[0]
    agenda = Agenda.objects.get(municipality=town)
    members = {
        m.role: m.user
        for m in Membership.objects.filter(organisation=town).select_related("user").order_by("-pk")
    }
    regisseur, coordinator, board = members["regisseur"], members["coordinator"], members["bestuurder"]
    theirs = Challenge.objects.filter(agenda=agenda, regisseur=regisseur).order_by("pk").first()
    own = theirs or Challenge.objects.filter(agenda=agenda).order_by("pk")[0]
    published = Challenge.objects.filter(agenda=agenda, published=True).order_by("pk")[0]
    reported = Wave.objects.filter(challenge__regisseur=regisseur, state="gerapporteerd").order_by("pk")[0]
    r, c, b, anonymous = client_for(regisseur), client_for(coordinator), client_for(board), Client()
    return [
        ("regisseur: report", r, f"/monitor/metingen/{reported.pk}/rapport/"),
        ("regisseur: monitor index", r, "/monitor/"),
        ("regisseur: teams index", r, "/samenwerken/"),
        ("regisseur: challenge page", r, f"/agenda/opgaven/{own.slug}/"),
        ("coordinator: challenge page", c, f"/agenda/opgaven/{own.slug}/"),
        ("coordinator: agendas", c, "/agenda/"),
        ("board: overview", b, "/besturen/"),
        ("public: agenda", anonymous, f"/agenda/openbaar/{agenda.slug}/"),
        ("public: challenge", anonymous, f"/agenda/openbaar/opgaven/{published.slug}/"),
        ("public: ideas", anonymous, f"/meedoen/opgaven/{published.slug}/ideeen/"),
    ]


def profile(client: Client, path: str, repeat: int) -> str:
    """Where the time of ``repeat`` requests goes (pyinstrument, from requirements/bench.txt)."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(repeat):
            client.get(path)
    return profiler.output_text(unicode=True, show_all=False)


def measure(explain: bool, repeat: int, profiled: str = "") -> list[dict]:
    rows = []
    for name, client, path in pages():
        assert client.get(path).status_code == 200, (name, path)
        if profiled and profiled in name:
            print(f"## profile of {name} {path}\n{profile(client, path, repeat)}")
        best, captured = None, None
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(path)
                elapsed = (time.perf_counter() - start) * 1000
            assert response.status_code == 200, (name, path, response.status_code)
            if best is None or elapsed < best:
                best, captured = elapsed, queries.captured_queries
        slowest = max(captured, key=lambda q: float(q["time"]))
        rows.append(
            {
                "page": name,
                "path": path,
                "ms": best,
                "queries": len(captured),
                "slowest_ms": float(slowest["time"]) * 1000,
                "slowest_sql": slowest["sql"],
            }
        )
        if explain:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN ANALYZE " + slowest["sql"])
                rows[-1]["plan"] = "\n".join(r[0] for r in cursor.fetchall())
    return rows


def time_hits(client: Client, path: str, repeat: int) -> tuple[float, int]:
    """Milliseconds per kept answer (best of three rounds of ``repeat``) and the queries of one."""
    response = client.get(path)
    assert response.get("X-Cache") == "HIT", (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    counted = len(queries.captured_queries)  # now: the next request clears the log
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(repeat):
            client.get(path)
        best = min(best, (time.perf_counter() - start) * 1000 / repeat)
    return best, counted


def measure_kept(repeat: int) -> None:
    from veerkracht.core import response_cache

    assert response_cache.seconds() > 0, "set REDIS_URL: answers are kept only with the shared cache on"
    remember = response_cache.REMEMBER_SECONDS
    print(
        "| page | queries, read each time | queries, remembered | ms, read each time | ms, remembered "
        "| ratio |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for name, client, path in pages():
        assert client.get(path).status_code == 200, (name, path)
        response_cache.REMEMBER_SECONDS = -1  # stored already past: read on every request
        response_cache.forget_remembered()
        each_ms, each_queries = time_hits(client, path, repeat)
        response_cache.REMEMBER_SECONDS = remember
        response_cache.forget_remembered()
        kept_ms, kept_queries = time_hits(client, path, repeat)
        print(
            f"| {name} | {each_queries} | {kept_queries} | {each_ms:.2f} | {kept_ms:.2f} | "
            f"{kept_ms / each_ms:.2f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--repeat", type=int, default=3, help="timed requests per page; the best counts")
    parser.add_argument(
        "--profile", default="", metavar="NAME", help="also profile the pages whose name holds NAME"
    )
    parser.add_argument("--kept", action="store_true", help="time the answers served kept instead")
    args = parser.parse_args()
    if args.kept:
        measure_kept(max(args.repeat, 100))
        return
    rows: list[dict] = []
    try:
        with transaction.atomic():
            rows = measure(args.explain, args.repeat, args.profile)
            raise Rollback
    except Rollback:
        pass
    print("| page | queries | ms | slowest query ms |")
    print("|---|---:|---:|---:|")
    for row in rows:
        print(f"| {row['page']} | {row['queries']} | {row['ms']:.0f} | {row['slowest_ms']:.0f} |")
    for row in rows:
        print(f"\n## {row['page']} {row['path']}\n{row['slowest_sql'][:1500]}")
        if "plan" in row:
            print(row["plan"])


if __name__ == "__main__":
    main()
