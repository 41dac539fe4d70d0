"""The load test: the site with national-scale data under a mix of visitors (``make bench-load``).

    # PostgreSQL on 127.0.0.1:5432 (user postgres) and Redis on 127.0.0.1:6379 must be running;
    # needs the bench extra (pip install -e .[bench], requirements/bench.txt); from the repository root:
    .venv/bin/python bench/load/run.py                         # 342 municipalities, 50 users, 120 s each run
    .venv/bin/python bench/load/run.py --municipalities 50 --seconds 20 --no-write   # a quick look
    .venv/bin/python bench/load/run.py --reuse                 # keep the generated database of a run before

The database ``veerkracht_bench_load`` (or ``BENCH_DATABASE_URL``) is dropped, created, migrated and
filled with ``veerkracht generate_scale``. The run then prepares what the visitors need (verified
sessions of coordinators, regisseurs and board members, API keys, personal survey links), starts
gunicorn (``--workers`` processes) and a Celery worker on Redis, and runs locust headless on loopback
four times for ``--seconds`` each with ``--users`` users:

1. the ceiling: a bare view rendering a template of 50 rows (only in the bench's URLconf), no thinking
   time: the most requests per second this server gives a page that does no work of its own;
2. the read pages (residents, coordinators, regisseurs, board members), no thinking time: their
   throughput against the ceiling;
3. the working day: every kind of visitor (also respondents answering surveys and API clients) with
   1-3 s of thinking time: latency per kind of page (p50/p95/p99) and errors;
4. the anonymous residents alone, no thinking time: what the public pages give when no signed-in
   page waits in the same queue (for reading run 2, not a target).

The results go to bench/RESULTS-load.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
RESULTS = ROOT / "bench" / "RESULTS-load.md"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/veerkracht_bench_load"
BIN = Path(sys.executable).parent
READERS = ["Resident", "Coordinator", "Regisseur", "BoardMember"]
EVERYONE = [*READERS, "Respondent", "ApiClient"]
BUSY = [*EVERYONE, "ScoringCoordinator"]


def environment(args: argparse.Namespace) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnop"),
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join([str(HERE), str(ROOT / "src")]),
        "EMAIL_URL": "locmem:",
        "DEMO_MODE": "false",
        "SECURE_COOKIES": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "http://127.0.0.1",
    }


def veerkracht(env: dict[str, str], *arguments: str) -> None:
    subprocess.run([str(BIN / "python"), "-m", "veerkracht", *arguments], check=True, env=env, cwd=ROOT)  # noqa: S603


def prepare_database(args: argparse.Namespace, env: dict[str, str]) -> float | None:
    """Drop, create, migrate and generate (unless ``--reuse`` finds the database). Returns the
    seconds generate_scale took, or None when the database was reused."""
    import psycopg

    parts = urlsplit(args.database_url)
    name = parts.path.lstrip("/")
    admin = urlunsplit((parts.scheme.replace("postgres", "postgresql"), parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and args.reuse:
            return None
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    veerkracht(env, "migrate", "--no-input", "-v", "0")
    started = time.perf_counter()
    veerkracht(env, "generate_scale", "--municipalities", str(args.municipalities), "--seed", str(args.seed))
    return time.perf_counter() - started


def make_fixture(args: argparse.Namespace, path: Path) -> dict[str, int]:
    """What the visitors need, written to ``path`` as JSON; returns the sizes of the data."""
    import datetime as dt
    from importlib import import_module

    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from veerkracht.accounts.backends import MODEL_BACKEND
    from veerkracht.accounts.models import User
    from veerkracht.agenda import workflow
    from veerkracht.agenda.models import Agenda, Challenge
    from veerkracht.api.scopes import SCOPES
    from veerkracht.api.services import create_key
    from veerkracht.fieldwork import tokens
    from veerkracht.fieldwork.models import Answer, Invitation, InvitationToken, Wave
    from veerkracht.fieldwork.structure import pages_for, structure_of
    from veerkracht.organisations.models import Membership, Organisation
    from veerkracht.teams.models import Profile

    store = import_module(settings.SESSION_ENGINE).SessionStore

    def session(user: User) -> str:
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
        s = store()
        s[SESSION_KEY] = str(user.pk)
        s[BACKEND_SESSION_KEY] = MODEL_BACKEND
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s[DEVICE_ID_SESSION_KEY] = device.persistent_id
        s.create()
        return s.session_key

    towns = list(Organisation.objects.filter(kind="gemeente").order_by("slug")[: args.towns])
    agenda_of = {a.municipality_id: a for a in Agenda.objects.filter(municipality__in=towns)}
    people: dict[str, list[dict]] = {"coordinators": [], "regisseurs": [], "board": []}
    role_key = {"coordinator": "coordinators", "regisseur": "regisseurs", "bestuurder": "board"}
    for membership in Membership.objects.filter(organisation__in=towns, role__in=role_key).select_related(
        "user"
    ):
        agenda = agenda_of[membership.organisation_id]
        mine = Challenge.objects.filter(agenda=agenda)
        if membership.role == "regisseur":
            mine = mine.filter(regisseur=membership.user)
        people[role_key[membership.role]].append(
            {
                "session": session(membership.user),
                "agenda": agenda.slug,
                "challenges": list(mine.values_list("slug", flat=True)[:50]),
                "scorable": list(
                    mine.filter(status__in=workflow.SCORING_OPEN).values_list("slug", flat=True)[:50]
                ),
                "reports": list(
                    Wave.objects.filter(
                        challenge__regisseur=membership.user, state="gerapporteerd"
                    ).values_list("pk", flat=True)
                ),
            }
        )
    keys = []
    for town in towns[:10]:
        coordinator = User.objects.filter(
            memberships__organisation=town, memberships__role="coordinator"
        ).first()
        keys.append(
            create_key(
                organisation=town,
                name="Load test",
                scopes=[s for s in SCOPES if s.endswith(":read")],
                expires_on=timezone.localdate() + dt.timedelta(days=30),
                by=coordinator,
            ).secret
        )
    wave = Wave.objects.filter(state="open", challenge__lead_municipality__in=towns).select_related(
        "instrument"
    )[0]
    run = int(time.time())  # a run on a database kept from an earlier run adds links of its own
    invitations = Invitation.objects.bulk_create(
        Invitation(
            wave=wave, email=f"load{run}-{n}@example.org", organisation=f"Organisatie {n % 40}", language="nl"
        )
        for n in range(args.links)
    )
    links = [tokens.new_token() for _ in invitations]
    InvitationToken.objects.bulk_create(
        InvitationToken(invitation=i, token_hash=tokens.hash_token(t))
        for i, t in zip(invitations, links, strict=True)
    )
    structure = structure_of(wave.instrument)
    valid = sorted(structure.valid_values)
    pages = []
    for number, page in enumerate(pages_for(structure, short_form=False, ask_group=False), start=1):
        entry: dict = {"number": number, "kind": page.key}
        if page.key == "dimension":
            entry.update(codes=[i.code for i in page.items], valid=valid)
        elif page.key == "facets":
            entry["codes"] = [c.value for _pk, c in structure.facets]
        elif page.key == "background":
            entry["options"] = {q.code: [c.value for _pk, c in q.options] for q in page.questions}
        elif page.key == "open":
            entry["codes"] = [q.code for q in page.questions]
        pages.append(entry)
    published = Challenge.objects.filter(agenda__in=agenda_of.values(), published=True)
    fixture = {
        "agendas": [a.slug for a in agenda_of.values()],
        "challenges": list(published.values_list("slug", flat=True)),
        **people,
        "api_keys": keys,
        "survey_links": links,
        "survey_pages": pages,
    }
    path.write_text(json.dumps(fixture), encoding="utf-8")
    return {
        "municipalities": Organisation.objects.filter(kind="gemeente").count(),
        "organisations": Organisation.objects.count(),
        "challenges": Challenge.objects.count(),
        "talent pool": Profile.objects.count(),
        "reported waves": Wave.objects.filter(state="gerapporteerd").count(),
        "answers": Answer.objects.count(),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(args: argparse.Namespace, env: dict[str, str], port: int) -> list[subprocess.Popen]:
    server = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "veerkracht.conf.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", str(args.workers), "--worker-class", "gthread", "--threads", str(args.threads)]
        + ["--backlog", "2048", "--timeout", "120", "--keep-alive", "75", "--log-level", "warning"],
        env=env,
        cwd=ROOT,
    )
    worker = subprocess.Popen(  # noqa: S603
        [
            str(BIN / "celery"),
            "-A",
            "veerkracht.conf.celery",
            "worker",
            "--concurrency",
            "1",
            "-l",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return [server, worker]
        except OSError:
            time.sleep(0.3)
    for process in (server, worker):
        process.kill()
    raise SystemExit("gunicorn did not start")


def locust(
    args: argparse.Namespace,
    env: dict[str, str],
    port: int,
    classes: list[str],
    *,
    saturate: bool,
    csv_prefix: Path,
    seconds: int | None = None,
    links_from: int = 0,
) -> dict[str, dict[str, float]]:
    """Run locust headless; per request name: requests, failures, rps, p50, p95, p99 (ms)."""
    subprocess.run(  # noqa: S603
        [
            str(BIN / "locust"),
            "-f",
            str(HERE / "locustfile.py"),
            "--headless",
            "--host",
            f"http://127.0.0.1:{port}",
        ]
        + [
            "--users",
            str(args.users),
            # the users arrive over --ramp seconds, and the statistics start once they are all there
            # (--reset-stats): the figures are those of the steady state at --users users, not of
            # fifty first requests sent in the same instant
            "--spawn-rate",
            f"{args.users / max(args.ramp, 1):g}",
            "--reset-stats",
            "--run-time",
            f"{(seconds or args.seconds) + args.ramp}s",
        ]
        + [
            "--csv",
            str(csv_prefix),
            "--only-summary",
            "--stop-timeout",
            "60",
            "--loglevel",
            "WARNING",
            *classes,
        ],
        env={
            **env,
            "LOAD_SATURATE": "1" if saturate else "0",
            "LOAD_KEPT": f"{csv_prefix}_kept.json",
            "LOAD_LINKS_FROM": str(links_from),
        },
        cwd=ROOT,
        check=False,  # locust exits 1 when a request failed: the failures are in the results
    )
    rows = {}
    with open(f"{csv_prefix}_stats.csv", encoding="utf-8") as handle:  # noqa: PTH123
        for row in csv.DictReader(handle):
            rows[row["Name"]] = {
                "requests": float(row["Request Count"]),
                "failures": float(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                **{
                    p: float(row[f"{p[1:]}%"]) if row[f"{p[1:]}%"] != "N/A" else 0.0
                    for p in ("p50", "p95", "p99")
                },
            }
    kept_path = Path(f"{csv_prefix}_kept.json")
    kept = json.loads(kept_path.read_text(encoding="utf-8")) if kept_path.exists() else {}
    for name, row in rows.items():
        hits, counted = (
            [sum(k for k, _c in kept.values()), sum(c for _k, c in kept.values())]
            if name == "Aggregated"
            else kept.get(name, [0, 0])
        )
        row["kept"] = hits / counted if counted else 0.0
    return rows


def table(rows: dict[str, dict[str, float]]) -> list[str]:
    lines = [
        "| Page | Requests | Errors | Requests/s | p50 | p95 | p99 | Kept |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in sorted(rows.items(), key=lambda kv: (kv[0] == "Aggregated", kv[0])):
        lines.append(
            f"| {name} | {r['requests']:.0f} | {r['failures']:.0f} | {r['rps']:.1f} | {r['p50']:.0f} ms "
            f"| {r['p95']:.0f} ms | {r['p99']:.0f} ms | {r.get('kept', 0.0):.0%} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--municipalities", type=int, default=342)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=120, help="measured seconds of each run")
    parser.add_argument("--ramp", type=int, default=10, help="seconds over which the users arrive")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--towns", type=int, default=20, help="municipalities whose people sign in")
    parser.add_argument("--links", type=int, default=3000, help="personal survey links prepared")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1"))
    parser.add_argument("--reuse", action="store_true", help="keep the database if it exists (no generation)")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    env = environment(args)
    os.environ.update(env)
    sys.path[:0] = [str(HERE), str(ROOT / "src")]
    generated = prepare_database(args, env)
    work = Path(tempfile.mkdtemp(prefix="veerkracht-load-"))
    env["LOAD_FIXTURE"] = str(work / "fixture.json")
    sizes = make_fixture(args, work / "fixture.json")
    port = free_port()
    processes = start(args, env, port)
    try:
        # every worker process renders every kind of page before the clock starts (templates,
        # translations and the instrument's structure are loaded on first use)
        locust(args, env, port, ["Ceiling", *READERS], saturate=True, csv_prefix=work / "warm", seconds=20)
        ceiling = locust(args, env, port, ["Ceiling"], saturate=True, csv_prefix=work / "ceiling")
        reads = locust(args, env, port, READERS, saturate=True, csv_prefix=work / "reads")
        residents = locust(args, env, port, ["Resident"], saturate=True, csv_prefix=work / "residents")
        day = locust(args, env, port, EVERYONE, saturate=False, csv_prefix=work / "day")
        busy = locust(
            args, env, port, BUSY, saturate=False, csv_prefix=work / "busy", links_from=args.links // 2
        )
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)

    ceiling_rps = ceiling["Aggregated"]["rps"]
    reads_rps = reads["Aggregated"]["rps"]
    ratio = reads_rps / ceiling_rps if ceiling_rps else 0.0
    day_reads = [
        r for name, r in day.items() if name.split(":")[0] in ("public", "coordinator", "regisseur", "board")
    ]
    worst_p95 = max((r["p95"] for r in day_reads), default=0.0)
    errors = (
        sum(r["failures"] for name, r in day.items() if name == "Aggregated")
        + reads["Aggregated"]["failures"]
    )
    lines = [
        "# Load test",
        "",
        "`make bench-load` (bench/load/run.py; bench/README.md says how it runs).",
        "",
        f"- Machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"PostgreSQL, gunicorn {args.workers} workers x {args.threads} threads, a Celery worker on Redis; "
        "locust on the same machine (loopback).",
        f"- Data: `generate_scale --municipalities {args.municipalities} --seed {args.seed}`"
        + (f" ({generated:.0f} s)" if generated is not None else " (database of an earlier run)")
        + ": "
        + ", ".join(f"{n:,} {what}" for what, n in sizes.items())
        + ".",
        f"- Each run: {args.users} users, arriving over {args.ramp} s, then measured for {args.seconds} s; "
        f"people of {args.towns} municipalities sign in.",
        "- Kept: the share of answers served from the shared cache (`X-Cache: HIT`; public pages for "
        "anonymous visitors, signed-in read pages per session: ADR 0014, ADR 0015); the rest were built.",
        "",
        "## Verdict",
        "",
        f"- Read pages at saturation: {reads_rps:.1f} requests/s against the ceiling's "
        f"{ceiling_rps:.1f}: **{ratio:.0%} of the ceiling** (target: at least 50%) — "
        f"{'met' if ratio >= 0.5 else 'NOT met'}.",
        f"- Working day at {args.users} users: worst p95 of a read page **{worst_p95:.0f} ms** "
        f"(target: under 300 ms) — {'met' if worst_p95 < 300 else 'NOT met'}.",
        f"- Errors: **{errors:.0f}** (target: 0) — {'met' if errors == 0 else 'NOT met'}.",
        "",
        "## 1. Ceiling: a bare view of 50 rows, no thinking time",
        "",
        *table(ceiling),
        "",
        "## 2. Read pages, no thinking time",
        "",
        *table(reads),
        "",
        "## 3. Working day: every kind of visitor, 1-3 s thinking time",
        "",
        *table(day),
        "",
        "## 4. Anonymous residents alone, no thinking time",
        "",
        "Not a target: the public pages without the signed-in pages in the same queue "
        f"({residents['Aggregated']['rps'] / ceiling_rps if ceiling_rps else 0.0:.0%} of the ceiling).",
        "",
        *table(residents),
        "",
        "## 5. Working day with coordinators who score challenges",
        "",
        "Not a target: the working day of section 3 with some coordinators who, between reading, score "
        "challenges (a committed write every few seconds, each of which drops every kept answer: "
        "ADR 0014). Shows what writes cost the kept pages.",
        "",
        *table(busy),
        "",
    ]
    text = "\n".join(lines)
    print(text)  # noqa: T201
    if not args.no_write:
        RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
