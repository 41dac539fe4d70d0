"""A fresh, migrated benchmark database for the benches that measure the project's own queries
(resources_bench, community_search_bench): PostgreSQL (dropped and created again) or an SQLite file."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent


def prepare(engine: str, *, default_url: str, sqlite_path: Path) -> None:
    """Point Django at a fresh benchmark database of ``engine`` ("postgresql" or "sqlite"), migrated,
    and set Django up. PostgreSQL: ``BENCH_DATABASE_URL`` or ``default_url``."""
    if engine == "postgresql":
        import psycopg

        url = os.environ.get("BENCH_DATABASE_URL", default_url)
        parts = urlsplit(url)
        name = parts.path.lstrip("/")
        admin = urlunsplit(
            (parts.scheme.replace("postgres", "postgresql"), parts.netloc, "/postgres", "", "")
        )
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = url
    else:
        sqlite_path.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_path}"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnop")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veerkracht.conf.settings")
    os.environ.setdefault("EMAIL_URL", "locmem:")
    os.environ["DEMO_MODE"] = "false"
    os.environ.pop("REDIS_URL", None)
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])
    sys.path.insert(0, str(ROOT / "src"))
    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "veerkracht", "migrate", "--no-input", "-v", "0"], check=True, env=os.environ
    )
    import django

    django.setup()


def login(client, user) -> None:  # noqa: ANN001
    """Log ``user`` in with a verified second factor in the session (as after entering a code)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def timed(fn, repeat: int) -> list[float]:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def settle_after_load() -> None:
    """What autovacuum does after a bulk load (statistics, and PostgreSQL's visibility map, which lets
    sums read an index alone); and one connection kept across the timed requests, as a server with
    persistent connections does, so that the timings measure the page and not the connecting."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
