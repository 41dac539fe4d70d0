"""Load benchmark of the respondent's survey (issue 5): 200 respondents answering at once for 60 s.

    # PostgreSQL on 127.0.0.1:5432 (user postgres) must be running; from the repository root:
    .venv/bin/python bench/fieldwork_load.py                  # 200 respondents, 60 s, writes the results
    .venv/bin/python bench/fieldwork_load.py --users 50 --seconds 10 --no-write   # a quick look

The database ``veerkracht_bench_fieldwork`` (or ``BENCH_DATABASE_URL``) is dropped, created and
migrated; an open wave gets enough invitations, each with a personal link. The site is served by
gunicorn (``--workers`` processes × ``--threads`` threads; default 2×CPUs+1 processes). Each simulated
respondent takes the next unused link and goes through the whole survey as a browser would — GET a
page, POST its answers (CSRF cookie and token), follow the redirect — from the welcome page to the
thank-you page, then takes the next link, until the time is up. Every response is checked (200 for a
page, 302 after a POST); anything else, and any connection error, is an error. Afterwards the stored
answers (items, facet points, background and open answers) are counted in the database and compared
with the answers sent; the completed responses with the surveys completed.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fieldwork_common import ROOT, make_world, prepare_environment  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS-fieldwork.md"


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"GET": [], "POST": []})
    errors: Counter = field(default_factory=Counter)
    answers_sent: int = 0
    surveys_completed: int = 0
    surveys_started: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Browser:
    """One respondent's browser: cookies, a CSRF token, one request at a time."""

    def __init__(self, port: int, stats: Stats) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.stats = stats
        self.local: list[tuple[str, float]] = []

    def request(self, method: str, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        headers = {"Host": "127.0.0.1", "User-Agent": "veerkracht-bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            from urllib.parse import urlencode

            body = urlencode({**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            status, location = response.status, response.headers.get("Location", "")
        finally:
            connection.close()
        self.local.append((method, time.perf_counter() - started))
        return status, location


def page_plan(wave):  # noqa: ANN001, ANN201
    """Per survey page: (number, form data maker, number of answers in it)."""
    from veerkracht.fieldwork.structure import pages_for, structure_of

    structure = structure_of(wave.instrument)
    pages = pages_for(structure, short_form=False, ask_group=False)
    valid = sorted(structure.valid_values)
    plan = []
    for number, page in enumerate(pages, start=1):
        if page.key == "dimension":
            codes = [i.code for i in page.items]
            plan.append(
                (number, lambda rng, codes=codes: {c: str(rng.choice(valid)) for c in codes}, len(codes))
            )
        elif page.key == "facets":
            codes = [c.value for _pk, c in structure.facets]

            def facets(rng, codes=codes):  # noqa: ANN001, ANN202
                cuts = sorted(rng.randint(0, 100) for _ in range(len(codes) - 1))
                parts = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
                return {f"facet_{c}": str(p) for c, p in zip(codes, parts, strict=True)}

            plan.append((number, facets, len(codes)))
        elif page.key == "background":
            questions = [(q.code, [c.value for _pk, c in q.options]) for q in page.questions]
            plan.append(
                (number, lambda rng, qs=questions: {f"bg_{c}": rng.choice(o) for c, o in qs}, len(questions))
            )
        elif page.key == "open":
            codes = [q.code for q in page.questions]
            plan.append(
                (
                    number,
                    lambda rng, codes=codes: {
                        f"open_{c}": f"Antwoord {rng.randint(1, 10**6)}" for c in codes
                    },
                    len(codes),
                )
            )
        else:
            plan.append((number, lambda rng: {"action": "submit"}, 0))
    return plan


def respondent(port: int, links, plan, deadline: float, stats: Stats, seed: int) -> None:  # noqa: ANN001
    rng = random.Random(seed)
    errors: Counter = Counter()
    sent = completed = started = 0
    browser = Browser(port, stats)

    def expect(method: str, path: str, status_wanted: int, data: dict[str, str] | None = None) -> bool:
        try:
            status, _location = browser.request(method, path, data)
        except (OSError, http.client.HTTPException) as exc:
            errors[f"{method} {type(exc).__name__}"] += 1
            return False
        if status != status_wanted:
            errors[f"{method} {status}"] += 1
            return False
        return True

    while time.monotonic() < deadline:
        try:
            token = next(links)
        except StopIteration:
            errors["out of links"] += 1
            break
        browser.cookies.clear()
        started += 1
        base = f"/v/{token}/"
        if not (expect("GET", base, 200) and expect("POST", base, 302, {})):
            continue
        ok = True
        for number, make, count in plan:
            if time.monotonic() >= deadline or not expect("GET", f"{base}{number}/", 200):
                ok = False
                break
            data = make(rng)
            sent += count
            if not expect("POST", f"{base}{number}/", 302, data):
                ok = False
                break
        if ok and expect("GET", f"{base}bedankt/", 200):
            completed += 1
    with stats.lock:
        for method, seconds in browser.local:
            stats.latencies[method].append(seconds)
        stats.errors.update(errors)
        stats.answers_sent += sent
        stats.surveys_completed += completed
        stats.surveys_started += started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, workers: int, threads: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(  # noqa: S603
        [str(gunicorn), "veerkracht.conf.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
        + ["--worker-class", "gthread", "--threads", str(threads), "--backlog", "2048", "--timeout", "120"]
        + ["--log-level", "warning"],
        env={**os.environ, "PYTHONPATH": f"{ROOT / 'src'}"},
        cwd=ROOT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def warm_up(port: int, token: str, requests: int) -> None:
    """Every worker process has loaded Django and the instrument before the clock starts (the welcome
    page stores nothing)."""
    stats = Stats()

    def get() -> None:
        Browser(port, stats).request("GET", f"/v/{token}/")

    threads = [threading.Thread(target=get) for _ in range(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def setup(links_needed: int):  # noqa: ANN201
    import datetime as dt

    from django.utils import timezone

    from veerkracht.fieldwork import tokens
    from veerkracht.fieldwork.models import Invitation, InvitationToken, Wave
    from veerkracht.fieldwork.services import default_instrument
    from veerkracht.monitor.services import instrument_lock

    world = make_world()
    instrument = default_instrument()
    if instrument.locked_at is None:
        instrument_lock(instrument=instrument)
    wave = Wave.objects.create(
        challenge=world.challenge(geagendeerd=True),
        number=1,
        instrument=instrument,
        starts_on=timezone.localdate() - dt.timedelta(days=1),
        ends_on=timezone.localdate() + dt.timedelta(days=20),
        state="open",
        opened_at=timezone.now(),
    )
    groups = ["wonen", "onderwijs", "zorg_welzijn", "ondernemers", "inwoners", "gemeente"]
    invitations = Invitation.objects.bulk_create(
        Invitation(
            wave=wave,
            email=f"respondent{n}@example.org",
            organisation=f"Organisatie {n % 40}",
            group=groups[n % len(groups)],
            language="nl",
            first_sent_at=timezone.now(),
            last_sent_at=timezone.now(),
        )
        for n in range(links_needed)
    )
    links = [tokens.new_token() for _ in invitations]
    InvitationToken.objects.bulk_create(
        InvitationToken(invitation=i, token_hash=tokens.hash_token(t))
        for i, t in zip(invitations, links, strict=True)
    )
    return wave, links


def stored_answers(wave) -> dict[str, int]:  # noqa: ANN001
    from veerkracht.fieldwork.models import Answer, BackgroundAnswer, FacetAnswer, OpenAnswer, Response

    return {
        "items": Answer.objects.filter(response__wave=wave).count(),
        "facets": FacetAnswer.objects.filter(response__wave=wave).count(),
        "background": BackgroundAnswer.objects.filter(response__wave=wave).count(),
        "open": OpenAnswer.objects.filter(response__wave=wave).count(),
        "completed": Response.objects.filter(wave=wave, status="completed").count(),
        "responses": Response.objects.filter(wave=wave).count(),
    }


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0


def ms(values: list[float]) -> str:
    if not values:
        return "–"
    return (
        f"{statistics.median(values) * 1000:.0f} / {percentile(values, 95) * 1000:.0f} / "
        f"{max(values) * 1000:.0f} ms"
    )


def write_section(name: str, text: str) -> None:
    start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Fieldwork benchmarks\n"
    block = f"{start}\n{text.rstrip()}\n{end}"
    if start in current:
        before, rest = current.split(start, 1)
        current = before + block + rest.split(end, 1)[1]
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    RESULTS.write_text(current, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--links", type=int, default=6000)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    url = prepare_environment(fresh=True)
    wave, links = setup(args.links)
    plan = page_plan(wave)
    port = free_port()
    server = start_server(port, args.workers, args.threads)
    stats = Stats()
    try:
        warm_up(port, links.pop(), args.workers * args.threads * 3)
        safe = _Locked(iter(links))
        deadline = time.monotonic() + args.seconds
        started = time.monotonic()
        threads = [
            threading.Thread(target=respondent, args=(port, safe, plan, deadline, stats, n), daemon=True)
            for n in range(args.users)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    stored = stored_answers(wave)
    stored_total = stored["items"] + stored["facets"] + stored["background"] + stored["open"]
    requests = sum(len(v) for v in stats.latencies.values())
    every = list(itertools.chain(*stats.latencies.values()))
    errors = sum(stats.errors.values())
    lines = [
        f"## Survey under load ({time.strftime('%Y-%m-%d')})",
        "",
        f"{args.users} respondents at once for {args.seconds:.0f} s against gunicorn "
        f"({args.workers} processes × {args.threads} threads), PostgreSQL ({url.rsplit('/', 1)[-1]}), "
        f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}. "
        "Client and server on the same machine.",
        "",
        "| measure | value |",
        "|---|---|",
        f"| requests | {requests} ({requests / elapsed:.0f}/s) |",
        f"| errors | {errors} {dict(stats.errors) if errors else ''} |",
        f"| surveys started / completed | {stats.surveys_started} / {stats.surveys_completed} |",
        f"| completed responses stored | {stored['completed']} |",
        f"| answers sent | {stats.answers_sent} |",
        f"| answers stored | {stored_total} (items {stored['items']}, facets {stored['facets']}, "
        f"background {stored['background']}, open {stored['open']}) |",
        f"| latency GET median / p95 / max | {ms(stats.latencies['GET'])} |",
        f"| latency POST median / p95 / max | {ms(stats.latencies['POST'])} |",
        f"| latency all p99 | {percentile(every, 99) * 1000:.0f} ms |",
        "",
        f"Verdict: {'PASS' if errors == 0 and stored_total == stats.answers_sent else 'FAIL'} "
        "(0 errors, answers stored = answers sent).",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section("load", text)
    if errors or stored_total != stats.answers_sent:
        raise SystemExit(1)


class _Locked:
    """An iterator shared by threads."""

    def __init__(self, iterator) -> None:  # noqa: ANN001
        self.iterator = iterator
        self.lock = threading.Lock()

    def __iter__(self):  # noqa: ANN204
        return self

    def __next__(self):  # noqa: ANN204
        with self.lock:
            return next(self.iterator)


if __name__ == "__main__":
    main()
