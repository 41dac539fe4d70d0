"""Community benchmark: Dutch full-text search over 100,000 lessons; median under 100 ms per query.

    # PostgreSQL on 127.0.0.1:5432 (user postgres); from the repository root:
    python bench/community_search_bench.py     # PostgreSQL and SQLite; writes RESULTS-community.md
    python bench/community_search_bench.py --engine postgresql --lessons 10000 --no-write

Each engine runs in its own process (``--engine``), on a fresh database (``veerkracht_bench_community``
or ``BENCH_DATABASE_URL``; SQLite: a file in /tmp), migrated. 100,000 lessons are written with
``bulk_create`` (on SQLite the FTS5 table is filled with the same pre-stemmed text the service writes):
Dutch titles and texts generated from word lists (seeded), over 40 municipalities in 8 regions, every
domain, every visibility (about half public), a share linked to a challenge, evidence on some.

Timed, per query, after one warm-up, as a coordinator of one municipality (visibility filtering:
public lessons, their municipality's, their region's, their challenges' team lessons):

* ``search.search_lessons`` — matching, ranking, the facet counts, the total and the first page of 20
  with highlighted title and fragment, exactly what the search page shows;
* the whole search page ``/gemeenschap/?q=...`` through Django's test client.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import bench_database
from bench_database import login, timed

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/veerkracht_bench_community"
SQLITE_PATH = Path("/tmp/veerkracht_bench_community.sqlite3")  # noqa: S108 - a benchmark's scratch file
LIMIT = 0.100  # seconds, median per query

QUERIES = [
    "jongeren eenzaamheid",
    "energiearmoede huurwoningen",
    "schuldhulp",
    "mantelzorgers ondersteuning",
    "laaggeletterdheid taalcafé",
    "buurtteam wijk",
]

GROUPS = [
    "jongeren",
    "ouderen",
    "mantelzorgers",
    "statushouders",
    "alleenstaande ouders",
    "huurders",
    "werkzoekenden",
    "mensen met schulden",
    "laaggeletterden",
    "kinderen",
]
PROBLEMS = [
    "eenzaamheid",
    "energiearmoede",
    "schulden",
    "armoede",
    "laaggeletterdheid",
    "overgewicht",
    "schooluitval",
    "werkloosheid",
    "wachtlijsten in de jeugdzorg",
    "vochtige huurwoningen",
    "overlast",
    "digitale uitsluiting",
]
ACTIVITIES = [
    "een buurtkamer",
    "schuldhulp aan de keukentafel",
    "een taalcafé",
    "energiecoaches",
    "een wijkteam",
    "een buurtteam",
    "huisbezoeken",
    "een repaircafé",
    "sport na school",
    "een maatjesproject",
    "een inloopspreekuur",
    "vroegsignalering met de woningcorporatie",
    "een ontmoetingsplek in de bibliotheek",
    "een leerwerkplek in het buurtbedrijf",
]
PARTNERS = [
    "de woningcorporatie",
    "het welzijnswerk",
    "de huisarts",
    "de bibliotheek",
    "het jongerenwerk",
    "de voedselbank",
    "vrijwilligers uit de wijk",
    "de school",
    "het sociaal wijkteam",
    "de GGD",
]
RESULTS = [
    "Het aantal aanmeldingen verdubbelde binnen een jaar.",
    "Bewoners voelden zich minder alleen en kwamen vaker naar buiten.",
    "De achterstanden bij de huur daalden merkbaar.",
    "Minder huishoudens kwamen in de problemen met de energierekening.",
    "De wachtlijst werd korter, maar het bereik onder jongeren bleef klein.",
    "Deelnemers vonden vaker betaald werk of een opleiding.",
    "Het project stopte na de pilot omdat de financiering ophield.",
    "Vrijwilligers bleven, maar de coördinatie kostte meer tijd dan verwacht.",
]
PLACES = [
    "Veerdam",
    "Dijkhoven",
    "Polderwijk",
    "Zandvoort aan de Maas",
    "Heerlen-Noord",
    "Oosterhout",
    "Westbroek",
    "Lindenveld",
]


def lesson_text(rng: random.Random) -> tuple[str, str, str]:
    group, problem, activity = rng.choice(GROUPS), rng.choice(PROBLEMS), rng.choice(ACTIVITIES)
    title = rng.choice(
        [
            f"{activity.capitalize()} tegen {problem}",
            f"{group.capitalize()} en {problem}: {activity}",
            f"Minder {problem} onder {group}",
            f"{activity.capitalize()} voor {group}",
        ]
    )
    partner, other = rng.sample(PARTNERS, 2)
    tried = " ".join(
        [
            f"Samen met {partner} en {other} begonnen we met {activity} voor {group} in de wijk.",
            rng.choice(
                [
                    f"Het doel was {problem} eerder te zien en op te lossen.",
                    f"Veel {group} kampten met {problem} en vonden de weg naar hulp niet.",
                    f"We zochten {group} op in hun eigen buurt, thuis of op straat.",
                ]
            ),
            rng.choice(
                [
                    "Elke week was er een vast moment waarop bewoners zonder afspraak konden komen.",
                    "Medewerkers gingen langs bij huishoudens met een betalingsachterstand.",
                    "Een vrijwilliger hielp bij formulieren, toeslagen en de energierekening.",
                    f"We werkten met een vaste contactpersoon van {partner}.",
                    "In slecht geïsoleerde huurwoningen liepen de energiekosten snel op.",
                    f"De ondersteuning van {group} lag bij één vast aanspreekpunt.",
                    "Huurders van oudere huurwoningen kregen een energiescan en kleine maatregelen.",
                    "Mantelzorgers kregen ondersteuning en af en toe een adempauze.",
                ]
            ),
        ]
    )
    outcome = " ".join(rng.sample(RESULTS, 2))
    return title[:200], tried, outcome


def prepare(engine: str) -> None:
    """Point Django at a fresh benchmark database, migrated."""
    bench_database.prepare(engine, default_url=DEFAULT_DATABASE_URL, sqlite_path=SQLITE_PATH)


def build(n_lessons: int):  # noqa: ANN201
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from veerkracht.accounts.models import User
    from veerkracht.agenda.models import Agenda, Challenge, Domain
    from veerkracht.community import search, text
    from veerkracht.community.models import (
        EvidenceKind,
        EvidenceLink,
        Lesson,
        NeighbourhoodType,
        SizeBand,
        Visibility,
    )
    from veerkracht.organisations.models import Kind, Membership, Organisation, Region, Role

    rng = random.Random(100)
    today = timezone.localdate()
    munis = Organisation.objects.bulk_create(
        Organisation(
            name=f"Gemeente {PLACES[k % 8]} {k // 8 + 1}", slug=f"gemeente-{k:02d}", kind=Kind.GEMEENTE
        )
        for k in range(40)
    )
    for r in range(8):
        region = Region.objects.create(name=f"Regio {r + 1}", slug=f"regio-{r + 1}")
        region.municipalities.set(munis[r * 5 : r * 5 + 5])
    viewer = User.objects.create_user(
        email="coordinator@gemeente-00.example", password="bench-password-123", full_name="Coby Coördinator"
    )
    Membership.objects.create(user=viewer, organisation=munis[0], role=Role.COORDINATOR)
    authors = User.objects.bulk_create(
        User(email=f"auteur{k:03d}@example.org", full_name=f"Auteur {k:03d}", password=make_password(None))
        for k in range(200)
    )
    domains = list(Domain.objects.all())
    agendas = Agenda.objects.bulk_create(
        Agenda(
            title=f"Agenda {m.name}",
            slug=f"agenda-{k:02d}",
            municipality=m,
            period_start=today - timedelta(days=730),
            period_end=today + timedelta(days=365),
        )
        for k, m in enumerate(munis)
    )
    agendas[0].coordinators.add(viewer)
    challenges = Challenge.objects.bulk_create(
        Challenge(
            agenda=a,
            title=f"Opgave {k}-{j}",
            slug=f"opgave-{k:02d}-{j}",
            problem="Probleem",
            domain=rng.choice(domains),
            lead_municipality=a.municipality,
        )
        for k, a in enumerate(agendas)
        for j in range(5)
    )
    by_muni: dict[int, list] = {}
    for c in challenges:
        by_muni.setdefault(c.lead_municipality_id, []).append(c)
    start = timezone.now() - timedelta(days=5 * 365)
    lessons = []
    for _k in range(n_lessons):
        muni = rng.choice(munis)
        visibility = rng.choices(
            [Visibility.IEDEREEN, Visibility.REGIO, Visibility.GEMEENTE, Visibility.TEAM], [50, 20, 20, 10]
        )[0]
        challenge = (
            rng.choice(by_muni[muni.pk]) if visibility == Visibility.TEAM or rng.random() < 0.3 else None
        )
        title, tried, outcome = lesson_text(rng)
        lessons.append(
            Lesson(
                title=title,
                tried=tried,
                outcome=outcome,
                domain=rng.choice(domains),
                municipality=muni,
                size_band=rng.choice(SizeBand.values),
                neighbourhood_type=rng.choice(NeighbourhoodType.values),
                challenge=challenge,
                author=rng.choice(authors),
                visibility=visibility,
                created_at=start + timedelta(minutes=rng.randrange(5 * 365 * 24 * 60)),
            )
        )
    made = Lesson.objects.bulk_create(lessons, batch_size=5000)
    EvidenceLink.objects.bulk_create(
        (
            EvidenceLink(
                lesson=lesson,
                kind=rng.choice(EvidenceKind.values),
                url="https://example.org/rapport",
                description="Evaluatierapport",
            )
            for lesson in made
            if rng.random() < 0.3
        ),
        batch_size=5000,
    )
    if connection.vendor == "sqlite":
        rows = [
            (lesson.pk, text.stemmed(lesson.title), text.stemmed(f"{lesson.tried} {lesson.outcome}"))
            for lesson in made
        ]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {search.FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608
                rows,
            )
    else:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE community_lesson")
            cursor.execute("VACUUM ANALYZE community_evidencelink")  # as autovacuum would after the load
    return viewer


def measure(engine: str, n_lessons: int, repeat: int) -> dict:
    prepare(engine)
    load_start = os.getloadavg()[0]
    started = time.perf_counter()
    viewer = build(n_lessons)
    build_seconds = time.perf_counter() - started

    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from veerkracht.community import search
    from veerkracht.community.models import Lesson
    from veerkracht.community.selectors import visible_lessons

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    client = Client()
    login(client, viewer)
    visible = visible_lessons(viewer).count()
    rows = []
    for q in QUERIES:
        result = search.search_lessons(viewer, q)  # warm-up
        assert result.hits and "<mark>" in result.hits[0].fragment + result.hits[0].lesson.title_html  # noqa: S101
        with CaptureQueriesContext(connection) as ctx:
            search.search_lessons(viewer, q)
        n_queries = len(ctx.captured_queries)  # now: a request clears the connection's query log
        sel = timed(lambda q=q: search.search_lessons(viewer, q), repeat)
        url = f"/gemeenschap/?q={quote(q)}"
        assert client.get(url).status_code == 200  # noqa: S101
        page = timed(lambda url=url: client.get(url), repeat)
        rows.append(
            {
                "query": q,
                "total": result.total,
                "queries": n_queries,
                "search": [statistics.median(sel), min(sel)],
                "page": [statistics.median(page), min(page)],
                "first": str(result.hits[0].lesson.title_html),
            }
        )
    return {
        "engine": "PostgreSQL" if connection.vendor == "postgresql" else "SQLite",
        "load": [load_start, os.getloadavg()[0]],
        "build": build_seconds,
        "lessons": Lesson.objects.count(),
        "visible": visible,
        "rows": rows,
        "repeat": repeat,
    }


def report(results: list[dict]) -> str:
    def ms(x: float) -> str:
        return f"{x * 1000:.0f} ms"

    first = results[0]
    cols = " | ".join(f"{r['engine']} search | {r['engine']} page" for r in results)
    lines = [
        f"# Community benchmark: Dutch full-text search over {first['lessons']:,} lessons",
        "",
        f"`python bench/community_search_bench.py` ({datetime.now():%Y-%m-%d %H:%M}; Python "
        f"{platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}; load average "
        + "; ".join(
            f"{r['engine']} {r['load'][0]:.1f} at the start, {r['load'][1]:.1f} at the end" for r in results
        )
        + ").",
        "",
        f"Data: {first['lessons']:,} lessons generated from Dutch word lists (seeded), 40 municipalities "
        "in 8 regions, every domain, shared with everyone (50 %), the region (20 %), "
        "the municipality (20 %) or the challenge's team (10 %); evidence on 30 %. Written with "
        + "bulk_create in "
        + ", ".join(f"{r['build']:.0f} s ({r['engine']})" for r in results)
        + f". Viewer: a coordinator of one municipality, who may see {first['visible']:,} of them. "
        "*search*: `search.search_lessons` (matching, ranking, facet counts, total, first page of 20 with "
        "highlighted title and fragment); *page*: the whole `/gemeenschap/?q=...` through the test client. "
        f"Median of {first['repeat']} runs after a warm-up (best in brackets).",
        "",
        f"| query | found | queries | {cols} |",
        "|---|---:|---:|" + "---:|" * (2 * len(results)),
    ]
    for i, row in enumerate(first["rows"]):
        cells = []
        for r in results:
            x = r["rows"][i]
            cells.append(f"**{ms(x['search'][0])}** ({ms(x['search'][1])})")
            cells.append(f"{ms(x['page'][0])} ({ms(x['page'][1])})")
        found = " / ".join(f"{r['rows'][i]['total']:,}" for r in results)
        queries = " / ".join(str(r["rows"][i]["queries"]) for r in results)
        lines.append(f"| {row['query']} | {found} | {queries} | " + " | ".join(cells) + " |")
    lines.append("")
    for r in results:
        worst = max(x["search"][0] for x in r["rows"])
        lines.append(
            f"* {r['engine']}: target median under {LIMIT * 1000:.0f} ms per query — "
            f"**{'met' if worst < LIMIT else 'not met'}** (slowest query's median {ms(worst)})."
        )
    lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["postgresql", "sqlite"], help="measure one engine, print JSON")
    parser.add_argument("--engines", default="postgresql,sqlite")
    parser.add_argument("--lessons", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--no-write", action="store_true", help="do not write RESULTS-community.md")
    args = parser.parse_args()
    if args.engine:
        print(json.dumps(measure(args.engine, args.lessons, args.repeat)))
        return 0
    results = []
    for engine in args.engines.split(","):
        out = subprocess.run(  # noqa: S603
            [
                sys.executable,
                __file__,
                "--engine",
                engine,
                "--lessons",
                str(args.lessons),
                "--repeat",
                str(args.repeat),
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    text = report(results)
    print(text)
    if not args.no_write:
        (HERE / "RESULTS-community.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
