"""Shared set-up of the fieldwork benchmarks (``fieldwork_load.py``, ``fieldwork_report.py``).

A PostgreSQL database of their own is (re)created and migrated; the world (a municipality, an
agenda, challenges, a regisseur) comes from the test factories, so the benchmarks need the test
extra (``pip install -e .[test]``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/veerkracht_bench_fieldwork"


def database_url(suffix: str = "") -> str:
    return (os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL) + suffix


def prepare_environment(*, fresh: bool, suffix: str = "") -> str:
    """Point Django at the benchmark database (``suffix`` appended to its name; created, and with
    ``fresh`` emptied, then migrated)."""
    import psycopg

    url = database_url(suffix)
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit((parts.scheme.replace("postgres", "postgresql"), parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnop")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veerkracht.conf.settings")
    os.environ.setdefault("EMAIL_URL", "locmem:")
    os.environ["DEMO_MODE"] = "false"
    os.environ.pop("REDIS_URL", None)  # background work in process
    for path in (str(ROOT / "src"), str(ROOT)):
        if path not in sys.path:
            sys.path.insert(0, path)
    subprocess.run(  # noqa: S603
        [str(Path(sys.executable).with_name("veerkracht")), "migrate", "--no-input", "-v", "0"],
        check=True,
        env=os.environ,
    )
    import django

    django.setup()
    return url


def make_world():  # noqa: ANN201 - test factories' objects
    """A municipality with an agenda and a regisseur (the test suite's World)."""
    from tests.agenda.conftest import World

    return World()


def store_completed(wave, rows) -> int:  # noqa: ANN001
    """Completed responses with (group, {item code: value}) answers, in bulk. Returns answers stored."""
    from django.utils import timezone

    from veerkracht.fieldwork.models import Answer, Response, ResponseSource, ResponseStatus
    from veerkracht.monitor.models import Item

    items = dict(Item.objects.filter(instrument=wave.instrument).values_list("code", "pk"))
    now = timezone.now()
    responses = Response.objects.bulk_create(
        Response(
            wave=wave,
            source=ResponseSource.IMPORT,
            status=ResponseStatus.COMPLETED,
            group=group,
            submitted_at=now,
            respondent_ref=f"b{wave.pk}-{n}",
        )
        for n, (group, _values) in enumerate(rows)
    )
    answers = [
        Answer(response=r, item_id=items[c], value=v)
        for r, (_g, values) in zip(responses, rows, strict=True)
        for c, v in values.items()
        if v is not None
    ]
    Answer.objects.bulk_create(answers, batch_size=5000)
    return len(answers)
