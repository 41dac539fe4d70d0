"""Resources benchmark: a challenge with 50,000 ledger entries; its ledger page's figures under 200 ms median.

    # PostgreSQL on 127.0.0.1:5432 (user postgres); from the repository root:
    python bench/resources_bench.py                 # PostgreSQL and SQLite; writes RESULTS-resources.md
    python bench/resources_bench.py --engine postgresql --no-write --repeat 5

Each engine runs in its own process (``--engine``), on a fresh database (``veerkracht_bench_resources``
or ``BENCH_DATABASE_URL``; SQLite: a file in /tmp), migrated, the data written with ``bulk_create``:

* a small challenge with 5,000 entries and the big one with 50,000, in one municipality: needs of
  every kind, 30 partner organisations pledging (most pledges accepted, some proposed or rejected),
  150 people booking hours over 104 weeks, money and facility bookings, and about 4 % corrections
  (a new entry linked to the one it corrects, with the negative difference);
* timed, after one warm-up, as the regisseur (who sees every amount and every person's hours):
  ``selectors.summary`` + ``selectors.need_rows`` + ``selectors.person_hours`` (the figures the page
  shows) and the whole page ``/organiseren/opgaven/<slug>/`` through Django's test client;
* the number of queries of those selectors and of the page, for 5,000 and for 50,000 entries: they
  must be equal (everything is aggregated in the database).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import bench_database
from bench_database import login, settle_after_load, timed

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/veerkracht_bench_resources"
SQLITE_PATH = Path("/tmp/veerkracht_bench_resources.sqlite3")  # noqa: S108 - a benchmark's scratch file
LIMIT = 0.200  # seconds, median of the selectors

ORG_WORDS = [
    "Welzijn",
    "Buurtwerk",
    "Zorggroep",
    "Woningcorporatie",
    "Sportbedrijf",
    "Bibliotheek",
    "Voedselbank",
    "Schuldhulp",
    "Jongerenwerk",
    "Thuiszorg",
]
PLACES = ["Noord", "Zuid", "Oost", "West", "Centrum", "Haven", "Dorp", "Polder", "Veld", "Dijk"]
NEEDS = [
    ("uren", "Opbouwwerkers voor de buurtkamer"),
    ("uren", "Begeleiding van jongeren bij stages"),
    ("uren", "Huisbezoeken bij eenzame ouderen"),
    ("expertise", "Juridisch advies over schulden"),
    ("expertise", "Evaluatie door een onderzoeker"),
    ("geld", "Huur van de buurtkamer"),
    ("geld", "Materiaal voor het repaircafé"),
    ("geld", "Vervoer naar de voedselbank"),
    ("faciliteit", "Zaal voor bewonersavonden"),
    ("faciliteit", "Sporthal op woensdagmiddag"),
    ("data", "Cijfers over betalingsachterstanden"),
]


def prepare(engine: str) -> None:
    """Point Django at a fresh benchmark database, migrated."""
    bench_database.prepare(engine, default_url=DEFAULT_DATABASE_URL, sqlite_path=SQLITE_PATH)


def build_world():  # noqa: ANN201
    """The municipality, its agenda, the regisseur, 30 partner organisations and 150 people."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from veerkracht.accounts.models import User
    from veerkracht.agenda.models import Agenda
    from veerkracht.organisations.models import Kind, Membership, Organisation, Role

    today = timezone.localdate()
    municipality = Organisation.objects.create(name="Gemeente Veerdam", slug="veerdam", kind=Kind.GEMEENTE)
    regisseur = User.objects.create_user(
        email="regisseur@veerdam.example", password="bench-password-123", full_name="Rita Regisseur"
    )
    Membership.objects.create(user=regisseur, organisation=municipality, role=Role.REGISSEUR)
    agenda = Agenda.objects.create(
        title="Sociale agenda",
        slug="sociale-agenda",
        municipality=municipality,
        period_start=today - timedelta(days=730),
        period_end=today + timedelta(days=365),
    )
    partners = Organisation.objects.bulk_create(
        Organisation(
            name=f"{ORG_WORDS[k % 10]} {PLACES[k // 10 * 3 % 10]}{'' if k < 10 else f' {k // 10 + 1}'}",
            slug=f"partner-{k:02d}",
            kind=Kind.MAATSCHAPPELIJK,
            municipality=municipality,
        )
        for k in range(30)
    )
    unusable = make_password(None)
    people = User.objects.bulk_create(
        User(email=f"mens{k:03d}@partner.example", full_name=f"Medewerker {k:03d}", password=unusable)
        for k in range(150)
    )
    Membership.objects.bulk_create(
        Membership(user=p, organisation=partners[k % 30], role=Role.MEDEWERKER) for k, p in enumerate(people)
    )
    return municipality, agenda, regisseur, partners, people


def build_challenge(world, slug: str, entries: int, seed: int):  # noqa: ANN001, ANN201
    """A challenge with needs, pledges and ``entries`` ledger entries (about 4 % of them corrections)."""
    import random

    from django.utils import timezone

    from veerkracht.agenda.models import Challenge, Domain, Status
    from veerkracht.resources.models import BOOKING_FOR_NEED, LedgerEntry, Need, NeedKind, Pledge, PledgeState

    municipality, agenda, regisseur, partners, people = world
    rng = random.Random(seed)
    today = timezone.localdate()
    first_monday = today - timedelta(days=today.weekday() + 7 * 104)
    challenge = Challenge.objects.create(
        agenda=agenda,
        title=f"Buurtbedrijf {slug}",
        slug=slug,
        problem="Bewoners vinden moeilijk werk en hulp dichtbij.",
        domain=Domain.objects.first(),
        lead_municipality=municipality,
        regisseur=regisseur,
        status=Status.IN_UITVOERING,
    )
    needs = Need.objects.bulk_create(
        Need(
            challenge=challenge,
            kind=kind,
            description=f"{text} ({round_ + 1})",
            quantity=Decimal(rng.choice([400, 800, 2000, 5000]) * (50 if kind == "geld" else 1)),
            budget_line="Programma sociaal domein" if kind == "geld" else "",
            created_by=regisseur,
        )
        for round_ in range(4)
        for kind, text in NEEDS
    )
    pledges = Pledge.objects.bulk_create(
        Pledge(
            need=need,
            organisation=org,
            offered_by=regisseur,
            quantity=need.quantity / 4,
            state=rng.choices(
                [PledgeState.GEACCEPTEERD, PledgeState.VOORGESTELD, PledgeState.AFGEWEZEN], [85, 10, 5]
            )[0],
        )
        for need in needs
        for org in rng.sample(partners, 5)
    )
    bookable = [
        p
        for p in pledges
        if p.state == PledgeState.GEACCEPTEERD and NeedKind(p.need.kind) in BOOKING_FOR_NEED
    ]
    staff: dict[int, list] = {}
    for k, person in enumerate(people):
        staff.setdefault(partners[k % 30].pk, []).append(person)
    originals = []
    n_corrections = entries * 4 // 100
    for _ in range(entries - n_corrections):
        pledge = rng.choice(bookable)
        kind = BOOKING_FOR_NEED[NeedKind(pledge.need.kind)]
        week = first_monday + timedelta(weeks=rng.randrange(104))
        if kind == "uren":
            person = rng.choice(staff[pledge.organisation_id])
            originals.append(
                LedgerEntry(
                    pledge=pledge,
                    kind=kind,
                    quantity=Decimal(rng.choice(["1.5", "2", "3.25", "4", "6", "8"])),
                    person=person,
                    week=week,
                    booked_by=person,
                    booked_at=timezone.make_aware(datetime.combine(week, datetime.min.time())),
                )
            )
        else:
            originals.append(
                LedgerEntry(
                    pledge=pledge,
                    kind=kind,
                    quantity=Decimal(rng.randint(1, 400) * (25 if kind == "geld" else 1)),
                    reference=f"F-{rng.randint(1000, 9999)}",
                    booked_by=regisseur,
                    booked_at=timezone.make_aware(datetime.combine(week, datetime.min.time())),
                )
            )
    made = LedgerEntry.objects.bulk_create(originals, batch_size=5000)
    LedgerEntry.objects.bulk_create(
        (
            LedgerEntry(
                pledge=e.pledge,
                kind=e.kind,
                quantity=-(e.quantity / 2).quantize(Decimal("0.01")),
                person=e.person,
                week=e.week,
                note="Correctie: dubbel geboekt",
                booked_by=e.booked_by,
                corrects=e,
            )
            for e in rng.sample(made, n_corrections)
        ),
        batch_size=5000,
    )
    return challenge


def measure(engine: str, repeat: int) -> dict:
    prepare(engine)
    load_start = os.getloadavg()[0]
    started = time.perf_counter()
    world = build_world()
    small = build_challenge(world, "klein", 5_000, seed=5)
    big = build_challenge(world, "groot", 50_000, seed=50)
    build_seconds = time.perf_counter() - started

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from veerkracht.resources import selectors
    from veerkracht.resources.models import LedgerEntry

    settle_after_load()
    regisseur = world[2]
    client = Client()
    login(client, regisseur)

    def figures(challenge):  # noqa: ANN001, ANN202
        sums = selectors.pledge_sums([challenge.pk])  # as the page: the ledger read once for both
        return (
            selectors.summary(challenge, regisseur, sums=sums),
            selectors.need_rows(challenge, regisseur, sums=sums),
            selectors.person_hours(challenge, regisseur),
        )

    def page(challenge):  # noqa: ANN001, ANN202
        response = client.get(f"/organiseren/opgaven/{challenge.slug}/")
        assert response.status_code == 200, response.status_code  # noqa: S101
        return response

    queries = {}
    for label, challenge in (("5,000", small), ("50,000", big)):
        figures(challenge)
        page(challenge)  # warm-up
        with CaptureQueriesContext(connection) as sel:
            figures(challenge)
        n_selectors = len(sel.captured_queries)  # now: a request clears the connection's query log
        with CaptureQueriesContext(connection) as whole:
            page(challenge)
        queries[label] = (n_selectors, len(whole.captured_queries))
    counted = LedgerEntry.objects.filter(pledge__need__challenge=big).count()
    corrections = LedgerEntry.objects.filter(pledge__need__challenge=big, corrects__isnull=False).count()
    sel_times = timed(lambda: figures(big), repeat)
    page_times = timed(lambda: page(big), repeat)
    summary, rows, hours = figures(big)
    # baseline in the same run: the same selectors without the index of migration 0005
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX resources_entry_pledge_sums")
        cursor.execute("ANALYZE")
    figures(big)
    no_index = timed(lambda: figures(big), max(3, repeat // 3))
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE INDEX resources_entry_pledge_sums "
            "ON resources_ledgerentry (pledge_id, kind, person_id, quantity)"
        )
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "engine": "PostgreSQL" if connection.vendor == "postgresql" else "SQLite",
        "load": [load_start, os.getloadavg()[0]],
        "build": build_seconds,
        "entries": counted,
        "corrections": corrections,
        "needs": len(rows),
        "pledges": sum(len(r.pledges) for r in rows),
        "partners": len({s.organisation.pk for s in summary.partners}),
        "people": len(hours),
        "queries": queries,
        "selectors": [statistics.median(sel_times), min(sel_times)],
        "page": [statistics.median(page_times), min(page_times)],
        "no_index": [statistics.median(no_index), min(no_index)],
        "repeat": repeat,
    }


def report(results: list[dict]) -> str:
    def ms(x: float) -> str:
        return f"{x * 1000:.0f} ms"

    first = results[0]
    cols = " | ".join(r["engine"] for r in results)
    lines = [
        "# Resources benchmark: the ledger page of a challenge with 50,000 entries",
        "",
        f"`python bench/resources_bench.py` ({datetime.now():%Y-%m-%d %H:%M}; Python "
        f"{platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}; load average "
        + "; ".join(
            f"{r['engine']} {r['load'][0]:.1f} at the start, {r['load'][1]:.1f} at the end" for r in results
        )
        + ").",
        "",
        f"Data: one challenge with {first['entries']:,} ledger entries ({first['corrections']:,} of them "
        f"corrections), {first['needs']} needs of every kind, {first['pledges']} pledges by "
        f"{first['partners']} partner organisations with accepted amounts (accepted, proposed and rejected), "
        f"{first['people']} people booking hours over 104 weeks; a second challenge with 5,000 entries in "
        "the same database. Written with bulk_create in "
        + ", ".join(f"{r['build']:.1f} s ({r['engine']})" for r in results)
        + ". Viewer: the regisseur (sees every amount and every person's hours).",
        "",
        f"| what (median of {first['repeat']} runs after a warm-up; best in brackets) | {cols} |",
        "|---|" + "---:|" * len(results),
        "| `selectors.summary` + `need_rows` + `person_hours` | "
        + " | ".join(f"**{ms(r['selectors'][0])}** ({ms(r['selectors'][1])})" for r in results)
        + " |",
        "| the same selectors without the index `resources_entry_pledge_sums` (baseline, same run) | "
        + " | ".join(f"{ms(r['no_index'][0])} ({ms(r['no_index'][1])})" for r in results)
        + " |",
        "| the whole page through the test client | "
        + " | ".join(f"{ms(r['page'][0])} ({ms(r['page'][1])})" for r in results)
        + " |",
        "| queries of the selectors, 5,000 / 50,000 entries | "
        + " | ".join(f"{r['queries']['5,000'][0]} / {r['queries']['50,000'][0]}" for r in results)
        + " |",
        "| queries of the page, 5,000 / 50,000 entries | "
        + " | ".join(f"{r['queries']['5,000'][1]} / {r['queries']['50,000'][1]}" for r in results)
        + " |",
        "",
    ]
    for r in results:
        met = r["selectors"][0] < LIMIT
        same = r["queries"]["5,000"] == r["queries"]["50,000"]
        lines.append(
            f"* {r['engine']}: target median under {LIMIT * 1000:.0f} ms for the selectors — "
            f"**{'met' if met else 'not met'}** ({ms(r['selectors'][0])}); the query count "
            f"{'does not grow' if same else 'GROWS'} from 5,000 to 50,000 entries."
        )
    lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["postgresql", "sqlite"], help="measure one engine, print JSON")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--no-write", action="store_true", help="do not write RESULTS-resources.md")
    args = parser.parse_args()
    if args.engine:
        print(json.dumps(measure(args.engine, args.repeat)))
        return 0
    results = []
    for engine in ("postgresql", "sqlite"):
        out = subprocess.run(  # noqa: S603
            [sys.executable, __file__, "--engine", engine, "--repeat", str(args.repeat)],
            check=True,
            capture_output=True,
            text=True,
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    text = report(results)
    print(text)
    if not args.no_write:
        (HERE / "RESULTS-resources.md").write_text(text, encoding="utf-8")
    ok = all(r["queries"]["5,000"] == r["queries"]["50,000"] for r in results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
