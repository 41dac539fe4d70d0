"""Benchmark: the partner network as the product runs it.

* region (2,000 organisations, 20,000 ties): the background computation (exact betweenness, seeded
  layout) and the page's own work from the stored result (JSON → SVG picture and table rows);
* national (20,000 organisations, 200,000 ties): the background computation as the Celery task does
  it (betweenness sampled from ``services.NATIONAL_SAMPLE`` sources with seed ``services.SEED``, no
  layout), with the progress it reports.

Run: PYTHONPATH=src SECRET_KEY=dev /work/main/.venv/bin/python bench/network_task_bench.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veerkracht.conf.settings")
os.environ.setdefault("SECRET_KEY", "bench")

import django  # noqa: E402

django.setup()

from django.utils import translation  # noqa: E402

from veerkracht.network import graph, presentation, services  # noqa: E402
from veerkracht.network.models import NetworkJob  # noqa: E402

KINDS = [
    "gemeente",
    "bedrijf",
    "kennisinstelling",
    "maatschappelijk",
    "inwonersinitiatief",
    "andere_overheid",
]


def synthetic(n: int, m: int, seed: int = 13) -> tuple[list[graph.Org], list[graph.Tie]]:
    rng = random.Random(seed)
    orgs = [graph.Org(i, f"Organisatie {i}", KINDS[i % len(KINDS)]) for i in range(n)]
    seen: set[tuple[int, int]] = set()
    ties = []
    while len(ties) < m:
        a, b = rng.randrange(n), rng.randrange(n)
        key = (min(a, b), max(a, b))
        if a == b or key in seen:
            continue
        seen.add(key)
        ties.append(graph.Tie(key[0], key[1], float(rng.randint(1, 3)), 2024 + rng.randrange(3), "bench"))
    return orgs, ties


def main() -> None:
    orgs, ties = synthetic(2_000, 20_000)
    start = time.perf_counter()
    measures = graph.compute(orgs, ties, seed=services.SEED)
    compute_s = time.perf_counter() - start
    job = NetworkJob(result=measures.to_json())
    times, cpu = [], []
    with translation.override("nl"):
        for _ in range(5):  # job.pk is None: never from the cache, every run does the full work
            start, start_cpu = time.perf_counter(), time.process_time()
            view = presentation.network_view(job, title="Partnernetwerk")
            sorted(view.rows[:50], key=lambda r: r.name)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    print("## region: 2,000 organisations, 20,000 ties")
    print(f"- background computation (exact betweenness + layout): {compute_s:.2f} s")
    print(
        f"- page work from the stored result (JSON, SVG, rows), median of 5: {statistics.median(times):.3f} s"
    )
    print(f"- SVG size: {len(view.svg) / 1024:.0f} KiB; stored result: {len(job.result) / 1024:.0f} KiB")
    sys.stdout.flush()
    if "--region-only" in sys.argv:
        return
    orgs, ties = synthetic(20_000, 200_000)
    marks: list[tuple[int, float]] = []
    start = time.perf_counter()
    national = graph.compute(
        orgs,
        ties,
        sample=services.NATIONAL_SAMPLE,
        seed=services.SEED,
        with_layout=False,
        progress=lambda pct: marks.append((pct, time.perf_counter() - start)),
    )
    total = time.perf_counter() - start
    k, seed = services.NATIONAL_SAMPLE, services.SEED
    print(f"\n## national: 20,000 organisations, 200,000 ties (k={k}, seed={seed})")
    print(f"- background computation: {total:.1f} s; density {national.density:.5f}")
    print(f"- components: {national.components}")
    shown = [(p, t) for i, (p, t) in enumerate(marks) if p % 10 == 0 and (i == 0 or marks[i - 1][0] != p)]
    print("- progress reported at: " + ", ".join(f"{p}% after {t:.1f} s" for p, t in shown))


if __name__ == "__main__":
    main()
