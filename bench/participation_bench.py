"""Participation benchmark: a challenge with 5,000 ideas and 100,000 supports; its public page under
300 ms median with as many queries as for 50 ideas, the similar-ideas lookup under 100 ms median.

    # PostgreSQL on 127.0.0.1:5432 (user postgres); from the repository root:
    python bench/participation_bench.py             # PostgreSQL and SQLite; writes RESULTS-participation.md
    python bench/participation_bench.py --engine sqlite --no-write --repeat 5

Each engine runs in its own process (``--engine``), on a fresh database (``veerkracht_bench_participation``
or ``BENCH_DATABASE_URL``; SQLite: a file in /tmp), migrated, the data written with ``bulk_create``
(seeded, so every run writes the same):

* one published agenda of one municipality with two published challenges: the big one with 5,000
  ideas, 100,000 supports and 20,000 comments (some hidden, some reported), the small one with 50
  ideas, 1,000 supports and 200 comments (the same proportions); ideas in every state of the feedback
  loop, most answered within weeks (a state change each), some overdue; titles and texts generated
  from Dutch word lists, their stems stored as the service stores them; 3,000 residents supporting;
* timed, after one warm-up, through Django's test client:
  - the public challenge page ``/agenda/openbaar/opgaven/<slug>/`` (not logged in) of the big and
    of the small challenge (the baseline of the same run), and its number of queries for each;
  - the list of ideas ``/meedoen/opgaven/<slug>/ideeen/`` (first page) and the coordinator's overview
    ``/meedoen/ideeen/overzicht/``, with their numbers of queries;
  - the similar-ideas lookup the idea form calls while typing
    (``/meedoen/opgaven/<slug>/ideeen/vergelijkbaar/?title=...&text=...``, logged in as a resident)
    for several half-typed ideas, on the big and on the small challenge (baseline).
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
from urllib.parse import urlencode

import bench_database
from bench_database import login, settle_after_load, timed

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/veerkracht_bench_participation"
SQLITE_PATH = Path("/tmp/veerkracht_bench_participation.sqlite3")  # noqa: S108 - a benchmark's scratch file
PAGE_LIMIT = 0.300  # seconds, median of the public challenge page
SIMILAR_LIMIT = 0.100  # seconds, median of the similar-ideas lookup
RESIDENTS = 3_000

#: what a resident has typed when the form asks for similar ideas (title, start of the text)
TYPED = [
    ("Moestuin bij de school", "Kinderen en ouderen samen"),
    ("Meer bankjes in het park", ""),
    ("Energiecoach", "Iemand die helpt met de energierekening"),
    ("Buurtkamer voor jongeren", "Een plek om na school"),
    ("Spreekuur schulden", "In het buurthuis, zonder afspraak"),
]

SUBJECTS = [
    "een moestuin",
    "bankjes",
    "een buurtkamer",
    "energiecoaches",
    "een spreekuur",
    "een repaircafé",
    "een speeltuin",
    "een taalcafé",
    "een wandelgroep",
    "een maaltijd",
    "straatverlichting",
    "een ontmoetingsplek",
    "een klusdienst",
    "een deelauto",
    "een buurtapp",
]
PLACES = [
    "bij de school",
    "in het park",
    "in het buurthuis",
    "bij de bibliotheek",
    "op het plein",
    "aan de haven",
    "in de flat",
    "bij de supermarkt",
    "achter de kerk",
    "langs de dijk",
]
FOR = [
    "jongeren",
    "ouderen",
    "kinderen",
    "mantelzorgers",
    "nieuwe bewoners",
    "eenzame buren",
    "gezinnen met schulden",
    "huurders",
    "statushouders",
    "iedereen in de wijk",
]
WHY = [
    "Veel mensen kennen hun buren niet meer.",
    "De energierekening is voor veel huishoudens te hoog.",
    "Kinderen spelen nu op straat tussen de auto's.",
    "Ouderen komen de deur bijna niet meer uit.",
    "Er is nergens een plek om elkaar zonder afspraak te zien.",
    "Hulp bij schulden komt vaak te laat.",
    "De school zoekt ouders die willen meehelpen.",
    "Jongeren hangen 's avonds rond omdat er niets te doen is.",
]
HOW = [
    "Vrijwilligers uit de straat willen het elke week organiseren.",
    "De woningcorporatie heeft een lege ruimte die we kunnen gebruiken.",
    "Met een klein budget voor materiaal kunnen we meteen beginnen.",
    "Het welzijnswerk kan de eerste maanden begeleiden.",
    "We zoeken nog iemand die de planning wil bijhouden.",
    "De gemeente zou de vergunning kunnen regelen.",
]
COMMENTS = [
    "Goed idee, ik doe mee!",
    "Dit hebben we in de buurt echt nodig.",
    "Wie gaat dit betalen?",
    "Kan dit ook op zaterdag?",
    "Mijn buurvrouw wil ook helpen.",
    "Misschien samen met de school?",
    "Ik twijfel, er is al zoiets bij het buurthuis.",
]


def idea_text(rng: random.Random) -> tuple[str, str]:
    subject, place, group = rng.choice(SUBJECTS), rng.choice(PLACES), rng.choice(FOR)
    title = rng.choice(
        [
            f"{subject.capitalize()} {place}",
            f"{subject.capitalize()} voor {group}",
            f"Meer {subject.removeprefix('een ')} {place}",
        ]
    )
    text = " ".join([f"Ik stel voor: {subject} {place} voor {group}.", rng.choice(WHY), rng.choice(HOW)])
    return title[:120], text


def prepare(engine: str) -> None:
    """Point Django at a fresh benchmark database, migrated."""
    bench_database.prepare(engine, default_url=DEFAULT_DATABASE_URL, sqlite_path=SQLITE_PATH)


def build_world():  # noqa: ANN201
    """The municipality, its published agenda, its coordinator and regisseur, and the residents."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from veerkracht.accounts.models import User
    from veerkracht.agenda.models import Agenda
    from veerkracht.organisations.models import Kind, Membership, Organisation, Role

    today = timezone.localdate()
    municipality = Organisation.objects.create(name="Gemeente Veerdam", slug="veerdam", kind=Kind.GEMEENTE)
    coordinator = User.objects.create_user(
        email="coordinator@veerdam.example", password="bench-password-123", full_name="Coby Coördinator"
    )
    regisseur = User.objects.create_user(
        email="regisseur@veerdam.example", password="bench-password-123", full_name="Rita Regisseur"
    )
    Membership.objects.create(user=coordinator, organisation=municipality, role=Role.COORDINATOR)
    Membership.objects.create(user=regisseur, organisation=municipality, role=Role.REGISSEUR)
    agenda = Agenda.objects.create(
        title="Sociale agenda",
        slug="sociale-agenda",
        municipality=municipality,
        period_start=today - timedelta(days=730),
        period_end=today + timedelta(days=365),
        published=True,
    )
    agenda.coordinators.add(coordinator)
    unusable = make_password(None)
    residents = User.objects.bulk_create(
        (
            User(
                email=f"bewoner{k:04d}@veerdam.example",
                full_name=f"Bewoner {k:04d} Jansen",
                password=unusable,
            )
            for k in range(RESIDENTS)
        ),
        batch_size=1000,
    )
    return municipality, agenda, coordinator, regisseur, residents


def build_challenge(world, slug: str, n_ideas: int, seed: int):  # noqa: ANN001, ANN201, C901
    """A published challenge with ``n_ideas`` ideas, 20 supports and 4 comments per idea on average
    (skewed: a few ideas draw most of them), in every state of the feedback loop."""
    from django.utils import timezone

    from veerkracht.agenda.models import Challenge, Domain, Status
    from veerkracht.participation import states
    from veerkracht.participation.models import Comment, CommentReport, Idea, IdeaStateChange, Support
    from veerkracht.participation.selectors import stems_of

    municipality, agenda, coordinator, regisseur, residents = world
    rng = random.Random(seed)
    now = timezone.now()
    challenge = Challenge.objects.create(
        agenda=agenda,
        title=f"Samen in de wijk ({slug})",
        slug=slug,
        problem="Bewoners kennen elkaar nauwelijks en vinden de weg naar hulp niet.",
        domain=Domain.objects.first(),
        lead_municipality=municipality,
        regisseur=regisseur,
        status=Status.IN_UITVOERING,
        published=True,
    )
    ideas, intended = [], []
    for _ in range(n_ideas):
        title, text = idea_text(rng)
        created = now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        state = rng.choices(
            [
                states.ONTVANGEN,
                states.IN_BEHANDELING,
                states.OVERGENOMEN,
                states.NIET_OVERGENOMEN,
                states.SAMENGEVOEGD,
            ],
            [25, 25, 20, 20, 10],
        )[0]
        answered = None
        if state != states.ONTVANGEN or rng.random() < 0.2:
            answered = min(now, created + timedelta(hours=rng.randrange(1, 60 * 24)))
        intended.append(state)
        ideas.append(
            Idea(
                challenge=challenge,
                author=rng.choice(residents),
                title=title,
                text=text,
                stems=stems_of(title, text),
                state=states.IN_BEHANDELING if state == states.SAMENGEVOEGD else state,  # merged below
                reason="Dit past niet binnen het budget van dit jaar."
                if state == states.NIET_OVERGENOMEN
                else "",
                outcome="Opgenomen als teambehoefte." if state == states.OVERGENOMEN else "",
                created_at=created,
                first_answer_at=answered,
                state_changed_at=answered,
            )
        )
    made = Idea.objects.bulk_create(ideas, batch_size=2000)
    targets = [
        i for i, s in zip(made, intended, strict=True) if s in (states.OVERGENOMEN, states.IN_BEHANDELING)
    ]
    merged = [i for i, s in zip(made, intended, strict=True) if s == states.SAMENGEVOEGD]
    for idea in merged:
        idea.state = states.SAMENGEVOEGD
        idea.merged_into = rng.choice(targets)
    Idea.objects.bulk_update(merged, ["state", "merged_into"], batch_size=2000)
    IdeaStateChange.objects.bulk_create(
        (
            IdeaStateChange(
                idea=idea,
                from_state=states.ONTVANGEN,
                to_state=idea.state,
                by=coordinator,
                at=idea.first_answer_at,
            )
            for idea in made
            if idea.first_answer_at is not None and idea.state != states.ONTVANGEN
        ),
        batch_size=5000,
    )
    # supports: 20 per idea on average, skewed (weights 1/(10 + rank)), each person once per idea
    weights = [1 / (10 + k) for k in range(len(made))]
    rng.shuffle(weights)
    per_idea: dict[int, set[int]] = {}
    supports = []
    for idea in rng.choices(made, weights, k=20 * len(made)):
        taken = per_idea.setdefault(idea.pk, set())
        if len(taken) >= len(residents) - 1:
            idea = rng.choice(made)  # noqa: PLW2901 - a full idea: another one
            taken = per_idea.setdefault(idea.pk, set())
        while True:
            person = residents[rng.randrange(len(residents))]
            if person.pk not in taken and person.pk != idea.author_id:
                break
        taken.add(person.pk)
        supports.append(
            Support(
                idea=idea, user=person, created_at=idea.created_at + timedelta(minutes=rng.randrange(1, 9000))
            )
        )
    Support.objects.bulk_create(supports, batch_size=5000)
    comments = Comment.objects.bulk_create(
        (
            Comment(
                idea=idea,
                author=rng.choice(residents),
                text=rng.choice(COMMENTS),
                created_at=idea.created_at + timedelta(minutes=rng.randrange(1, 9000)),
                **(
                    {"hidden_at": now, "hidden_by": coordinator, "hidden_reason": "Kwetsend."}
                    if rng.random() < 0.02
                    else {}
                ),
            )
            for idea in rng.choices(made, weights, k=4 * len(made))
        ),
        batch_size=5000,
    )
    CommentReport.objects.bulk_create(
        (
            CommentReport(comment=c, user=person, reason="Niet aardig.")
            for c in rng.sample(comments, max(1, len(comments) // 100))
            for person in rng.sample(residents, rng.randint(1, 3))
        ),
        batch_size=5000,
        ignore_conflicts=True,
    )
    return challenge


def med(times: list[float]) -> list[float]:
    return [statistics.median(times), min(times)]


def measure(engine: str, repeat: int) -> dict:
    prepare(engine)
    load_start = os.getloadavg()[0]
    started = time.perf_counter()
    world = build_world()
    small = build_challenge(world, "klein", 50, seed=50)
    big = build_challenge(world, "groot", 5_000, seed=5000)
    build_seconds = time.perf_counter() - started

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from veerkracht.participation.models import Comment, Idea, Support

    settle_after_load()
    coordinator, residents = world[2], world[4]
    visitor = Client()  # not logged in: the public page
    resident = Client()
    login(resident, residents[-1])
    manager = Client()
    login(manager, coordinator)

    def get(client, url: str, expect: str = ""):  # noqa: ANN001, ANN202
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)  # noqa: S101
        if expect:
            assert expect in response.content.decode(), (url, expect)  # noqa: S101
        return response

    def count(client, url: str) -> int:  # noqa: ANN001
        get(client, url)  # warm-up
        with CaptureQueriesContext(connection) as ctx:
            get(client, url)
        return len(ctx.captured_queries)

    def public(c) -> str:  # noqa: ANN001
        return f"/agenda/openbaar/opgaven/{c.slug}/"

    def ideas(c) -> str:  # noqa: ANN001
        return f"/meedoen/opgaven/{c.slug}/ideeen/"

    def similar(c, title: str, text: str) -> str:  # noqa: ANN001
        return f"/meedoen/opgaven/{c.slug}/ideeen/vergelijkbaar/?" + urlencode({"title": title, "text": text})

    queries = {
        "public": [count(visitor, public(small)), count(visitor, public(big))],
        "ideas": [count(visitor, ideas(small)), count(visitor, ideas(big))],
        "overview": count(manager, "/meedoen/ideeen/overzicht/"),
        "similar": [count(resident, similar(small, *TYPED[0])), count(resident, similar(big, *TYPED[0]))],
    }
    get(visitor, public(big), expect='id="section-ideeen"')
    times = {
        "public": med(timed(lambda: get(visitor, public(big)), repeat)),
        "public_small": med(timed(lambda: get(visitor, public(small)), repeat)),
        "ideas": med(timed(lambda: get(visitor, ideas(big)), repeat)),
        "ideas_small": med(timed(lambda: get(visitor, ideas(small)), repeat)),
        "overview": med(timed(lambda: get(manager, "/meedoen/ideeen/overzicht/"), repeat)),
    }
    lookups = []
    for title, text in TYPED:
        url_big, url_small = similar(big, title, text), similar(small, title, text)
        found = get(resident, url_big).content.decode().count("<li>")
        lookups.append(
            {
                "typed": f"{title} {text}".strip(),
                "found": found,
                "big": med(timed(lambda url=url_big: get(resident, url), repeat)),
                "small": med(timed(lambda url=url_small: get(resident, url), repeat)),
            }
        )
    return {
        "engine": "PostgreSQL" if connection.vendor == "postgresql" else "SQLite",
        "load": [load_start, os.getloadavg()[0]],
        "build": build_seconds,
        "ideas": Idea.objects.filter(challenge=big).count(),
        "supports": Support.objects.filter(idea__challenge=big).count(),
        "comments": Comment.objects.filter(idea__challenge=big).count(),
        "small": [
            Idea.objects.filter(challenge=small).count(),
            Support.objects.filter(idea__challenge=small).count(),
            Comment.objects.filter(idea__challenge=small).count(),
        ],
        "queries": queries,
        "times": times,
        "lookups": lookups,
        "repeat": repeat,
    }


def report(results: list[dict]) -> str:
    def ms(x: float) -> str:
        return f"{x * 1000:.0f} ms"

    def cell(pair: list[float], bold: bool = False) -> str:
        return f"**{ms(pair[0])}** ({ms(pair[1])})" if bold else f"{ms(pair[0])} ({ms(pair[1])})"

    def ratio(a: list[float], b: list[float]) -> str:
        return f"{a[0] / b[0]:.1f}×"

    first = results[0]
    cols = " | ".join(r["engine"] for r in results)
    sep = "|---|" + "---:|" * len(results)

    def row(label: str, fn) -> str:  # noqa: ANN001
        return f"| {label} | " + " | ".join(fn(r) for r in results) + " |"

    lines = [
        f"# Participation benchmark: a challenge with {first['ideas']:,} ideas and "
        f"{first['supports']:,} supports",
        "",
        f"`python bench/participation_bench.py` ({datetime.now():%Y-%m-%d %H:%M}; Python "
        f"{platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}; load average "
        + "; ".join(
            f"{r['engine']} {r['load'][0]:.1f} at the start, {r['load'][1]:.1f} at the end" for r in results
        )
        + ").",
        "",
        f"Data (seeded, bulk_create): a published challenge with {first['ideas']:,} ideas, "
        f"{first['supports']:,} supports and {first['comments']:,} comments (skewed: a few ideas draw most "
        "of them; 2 % of the comments hidden, 1 % reported), in every state of the feedback loop, most "
        f"answered; a small challenge with {first['small'][0]} ideas, {first['small'][1]:,} supports and "
        f"{first['small'][2]} comments in the same agenda (the baseline); {RESIDENTS:,} residents. "
        "Written in " + ", ".join(f"{r['build']:.0f} s ({r['engine']})" for r in results) + ". "
        f"Median of {first['repeat']} runs through Django's test client after a warm-up (best in brackets).",
        "",
        f"| page | {cols} |",
        sep,
        row(
            f"public challenge page, {first['ideas']:,} ideas (not logged in)",
            lambda r: cell(r["times"]["public"], True),
        ),
        row(f"the same, {first['small'][0]} ideas (baseline)", lambda r: cell(r["times"]["public_small"])),
        row("ratio big / baseline", lambda r: ratio(r["times"]["public"], r["times"]["public_small"])),
        row(
            f"queries of the public page, {first['small'][0]} / {first['ideas']:,} ideas",
            lambda r: " / ".join(str(n) for n in r["queries"]["public"]),
        ),
        row(
            f"list of ideas, first page of 25, {first['ideas']:,} ideas",
            lambda r: cell(r["times"]["ideas"]),
        ),
        row(f"the same, {first['small'][0]} ideas", lambda r: cell(r["times"]["ideas_small"])),
        row(
            f"queries of the list, {first['small'][0]} / {first['ideas']:,} ideas",
            lambda r: " / ".join(str(n) for n in r["queries"]["ideas"]),
        ),
        row(
            "coordinator's overview (overdue ideas, reported comments)",
            lambda r: cell(r["times"]["overview"]) + f", {r['queries']['overview']} queries",
        ),
        "",
        "Similar-ideas lookup (the fragment the idea form asks for while typing; logged in as a resident), "
        f"over {first['ideas']:,} ideas and over {first['small'][0]} (baseline):",
        "",
        "| typed | shown | " + " | ".join(f"{r['engine']} | ratio" for r in results) + " |",
        "|---|---:|" + "---:|---:|" * len(results),
    ]
    for i, lookup in enumerate(first["lookups"]):
        cells = []
        for r in results:
            x = r["lookups"][i]
            cells.append(cell(x["big"], True) + f" / {ms(x['small'][0])}")
            cells.append(ratio(x["big"], x["small"]))
        lines.append(f"| {lookup['typed']} | {lookup['found']} | " + " | ".join(cells) + " |")
    lines.append(
        "| queries, 50 / 5,000 ideas | | "
        + " | ".join(f"{r['queries']['similar'][0]} / {r['queries']['similar'][1]} | " for r in results)
        + "|"
    )
    lines.append("")
    for r in results:
        page = r["times"]["public"][0]
        worst = max(x["big"][0] for x in r["lookups"])
        same = r["queries"]["public"][0] == r["queries"]["public"][1]
        lines.append(
            f"* {r['engine']}: public page median under {PAGE_LIMIT * 1000:.0f} ms — "
            f"**{'met' if page < PAGE_LIMIT else 'not met'}** ({ms(page)}), queries "
            f"{'the same' if same else 'NOT the same'} as for {first['small'][0]} ideas; similar ideas under "
            f"{SIMILAR_LIMIT * 1000:.0f} ms — **{'met' if worst < SIMILAR_LIMIT else 'not met'}** "
            f"(slowest median {ms(worst)})."
        )
    lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=["postgresql", "sqlite"], help="measure one engine, print JSON")
    parser.add_argument("--engines", default="postgresql,sqlite")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--no-write", action="store_true", help="do not write RESULTS-participation.md")
    args = parser.parse_args()
    if args.engine:
        print(json.dumps(measure(args.engine, args.repeat)))
        return 0
    results = []
    for engine in args.engines.split(","):
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
        (HERE / "RESULTS-participation.md").write_text(text, encoding="utf-8")
    ok = all(r["queries"]["public"][0] == r["queries"]["public"][1] for r in results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
