"""Report benchmark (issue 5): the report page of a wave with 500 responses, and its PDF.

    # PostgreSQL on 127.0.0.1:5432 (user postgres) must be running; from the repository root:
    .venv/bin/python bench/fieldwork_report.py              # writes the figures to RESULTS-fieldwork.md
    .venv/bin/python bench/fieldwork_report.py --no-write --repeat 10

The database ``veerkracht_bench_fieldwork_report`` (or ``BENCH_DATABASE_URL`` + ``_report``) is
dropped, created and migrated. The wave measured is a follow-up (T1) with 500 completed responses
from six stakeholder groups (one below k, so suppression shows), facet points and open answers, 600
invitations, a reported previous wave (T0, 300 responses: change scores), and 25 other challenges with
a reported wave each (a benchmark is shown). Times:

* the report page: a logged-in regisseur's full request through Django's test client (view, every
  number from the engine, SVG charts, templates), median of ``--repeat`` requests after a warm-up;
  also the number of database queries of one request;
* the PDF: ``pdf.report_pdf_render`` from scratch (report built again, WeasyPrint, stored), median of
  three renders.

Targets: page < 300 ms median, PDF < 5 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fieldwork_common import make_world, prepare_environment, store_completed  # noqa: E402
from fieldwork_load import write_section  # noqa: E402

GROUPS_T1 = {
    "wonen": 110,
    "onderwijs": 100,
    "zorg_welzijn": 120,
    "ondernemers": 90,
    "gemeente": 77,
    "inwoners": 3,
}
GROUPS_T0 = {"wonen": 60, "onderwijs": 60, "zorg_welzijn": 70, "ondernemers": 60, "gemeente": 50}


def build():  # noqa: ANN201
    import datetime as dt

    from django.utils import timezone

    from veerkracht.fieldwork import services
    from veerkracht.fieldwork.models import FacetAnswer, Invitation, OpenAnswer, Response, Wave
    from veerkracht.fieldwork.structure import structure_of
    from veerkracht.monitor.models import Item
    from veerkracht.monitor.services import instrument_lock
    from veerkracht.testing.answers import random_answers

    def random_rows(wave, groups, seed):  # noqa: ANN001, ANN202
        codes = Item.objects.filter(instrument=wave.instrument).order_by("dimension__order", "order")
        return random_answers(list(codes.values_list("code", flat=True)), groups, seed)

    world = make_world()
    instrument = services.default_instrument()
    if instrument.locked_at is None:
        instrument_lock(instrument=instrument)
    today = timezone.localdate()

    def wave(challenge, number: int, state: str, previous=None) -> Wave:  # noqa: ANN001
        return Wave.objects.create(
            challenge=challenge,
            number=number,
            instrument=instrument,
            starts_on=today - dt.timedelta(days=60),
            ends_on=today - dt.timedelta(days=30),
            state=state,
            previous=previous,
        )

    for n in range(25):  # other challenges' reported waves: the benchmark
        other = wave(world.challenge(in_uitvoering=True), 1, "gerapporteerd")
        store_completed(
            other, random_rows(other, {"wonen": 10, "onderwijs": 10, "gemeente": 10}, seed=100 + n)
        )
        services.wave_headlines_store(wave_id=other.pk)
    challenge = world.challenge(in_evaluatie=True)
    t0 = wave(challenge, 1, "gerapporteerd")
    store_completed(t0, random_rows(t0, GROUPS_T0, seed=1))
    services.wave_headlines_store(wave_id=t0.pk)
    t1 = wave(challenge, 2, "gesloten", previous=t0)
    answers = store_completed(t1, random_rows(t1, GROUPS_T1, seed=2))
    Invitation.objects.bulk_create(
        Invitation(
            wave=t1,
            email=f"r{n}@example.org",
            organisation=f"Organisatie {n % 30}",
            group=list(GROUPS_T1)[n % len(GROUPS_T1)],
            started=n < 500,
            completed=n < 500,
        )
        for n in range(600)
    )
    structure = structure_of(instrument)
    rng = random.Random(3)
    responses = list(Response.objects.filter(wave=t1))
    facets = []
    for r in responses:
        cuts = sorted(rng.randint(0, 100) for _ in range(len(structure.facets) - 1))
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
        facets.extend(
            FacetAnswer(response=r, option_id=pk, points=p)
            for (pk, _c), p in zip(structure.facets, parts, strict=True)
        )
    FacetAnswer.objects.bulk_create(facets)
    OpenAnswer.objects.bulk_create(
        OpenAnswer(response=r, question_id=q.pk, text=f"Opmerking {n} over de samenwerking.")
        for n, r in enumerate(responses[:200])
        for q in structure.open_questions
    )
    return world, t1, answers


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    url = prepare_environment(fresh=True, suffix="_report")
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from veerkracht.fieldwork.models import ReportFile
    from veerkracht.fieldwork.pdf import report_pdf_render

    world, wave, answers = build()
    client = Client()
    client.force_login(world.regisseur)
    path = reverse("fieldwork:report", args=[wave.pk])
    for _ in range(3):
        assert client.get(path).status_code == 200
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # noqa: ANN001, ANN202
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        page = client.get(path)
    body = page.content.decode()
    assert page.status_code == 200 and "< 5" in body  # the small group is suppressed
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        assert client.get(path).status_code == 200
        times.append(time.perf_counter() - started)
    pdf_times = []
    for _ in range(3):
        ReportFile.objects.filter(wave=wave).delete()
        started = time.perf_counter()
        stored = report_pdf_render(wave_id=wave.pk, language="nl")
        pdf_times.append(time.perf_counter() - started)
    size = stored.file.size
    page_ms = statistics.median(times) * 1000
    pdf_s = statistics.median(pdf_times)
    lines = [
        f"## Report page and PDF ({time.strftime('%Y-%m-%d')})",
        "",
        f"Wave T1 with 500 completed responses ({answers} item answers, 6 groups, one below k), a reported "
        "T0 (300), 25 other reported challenges (benchmark shown); PostgreSQL "
        f"({url.rsplit('/', 1)[-1]}), {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}.",
        "",
        "| measure | value | target |",
        "|---|---|---|",
        f"| report page, median of {args.repeat} | {page_ms:.0f} ms (min {min(times) * 1000:.0f}, "
        f"max {max(times) * 1000:.0f}) | < 300 ms |",
        f"| queries per report page | {len(queries)} | constant |",
        f"| PDF render, median of 3 | {pdf_s:.2f} s (max {max(pdf_times):.2f} s, "
        f"{size // 1024} KiB) | < 5 s |",
        "",
        f"Verdict: {'PASS' if page_ms < 300 and pdf_s < 5 else 'FAIL'}.",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section("report", text)
    if page_ms >= 300 or pdf_s >= 5:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
