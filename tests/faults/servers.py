"""Real servers for the fault tests: gunicorn serving the test database, a Redis of the test's own, a
PostgreSQL primary with a hot standby streaming from it (the test's own, not the machine's cluster),
and respondents answering the survey over HTTP as a browser would (CSRF cookie and token)."""

from __future__ import annotations

import http.client
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import connection

from tests.conftest import require_service
from tests.workers import database_url

GUNICORN = Path(sys.executable).with_name("gunicorn")
SECRET_KEY = "test-only-secret-key-not-for-production-0123456789"


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the fault tests need PostgreSQL (make test-faults with DATABASE_URL=postgres://...)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the process on port {port} ended with {process.returncode}"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port} after {timeout} s")


def server_environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": "",
        "SECRET_KEY": SECRET_KEY,
        "DEMO_MODE": "false",
        "SECURE_COOKIES": "false",
        "HSTS_SECONDS": "0",
        "EMAIL_URL": "console:",
        "VAR_DIR": str(tmp_path),
        **extra,
    }


class Gunicorn:
    """``gunicorn veerkracht.conf.wsgi`` on a free port, as production runs it (threads per process)."""

    def __init__(self, tmp_path: Path, *, workers: int = 1, threads: int = 4, **env: str) -> None:
        self.port = free_port()
        self.log = tmp_path / f"gunicorn-{self.port}.log"
        self.process = subprocess.Popen(
            [str(GUNICORN), "veerkracht.conf.wsgi", "--bind", f"127.0.0.1:{self.port}"]
            + ["--workers", str(workers), "--worker-class", "gthread", "--threads", str(threads)]
            + ["--timeout", "60", "--graceful-timeout", "5", "--log-level", "warning"],
            env=server_environment(tmp_path, **env),
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port, self.process)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


class RedisServer:
    """A redis-server of the test's own on a free port (never the shared one), to stop and start."""

    def __init__(self, tmp_path: Path) -> None:
        binary = shutil.which("redis-server")
        require_service("Redis", binary is not None, "redis-server is not installed")
        self.binary = str(binary)
        self.port = free_port()
        self.dir = tmp_path / f"redis-{self.port}"
        self.dir.mkdir()
        self.process: subprocess.Popen | None = None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        # appendonly: what was queued survives the stop, as with a Redis that persists its data
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.dir)]
            + ["--save", "", "--appendonly", "yes", "--appendfsync", "always"],
            stdout=(self.dir / "redis.log").open("ab"),
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port, self.process)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=15)


def postgres_bin() -> Path | None:
    """The newest PostgreSQL server's programs (/usr/lib/postgresql/<version>/bin), or None."""

    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", path.parent.name))

    found = [p for p in Path("/usr/lib/postgresql").glob("*/bin") if (p / "initdb").is_file()]
    return max(found, key=version, default=None)


class PostgresServer:
    """One PostgreSQL server of a :class:`StreamingReplica`: its port, its data directory, its log
    (every statement it ran is logged, so a test can see which server answered what)."""

    def __init__(self, pair: StreamingReplica, name: str) -> None:
        self.pair = pair
        self.name = name
        self.port = free_port()
        self.data = pair.dir / name
        self.log = pair.dir / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def url(self, database: str = "veerkracht") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.pair.as_owner(
                    self.pair.bin / "postgres", "-D", self.data, "-p", self.port, "-k", self.pair.dir
                )
                + ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "shared_buffers=32MB"]
                + ["-c", "max_connections=30", "-c", "log_statement=all"],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 60
        ready = [str(self.pair.bin / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-q"]
        while subprocess.run(ready, check=False).returncode != 0:  # a standby: once it is consistent
            assert self.process.poll() is None, f"PostgreSQL ({self.name}) ended: {self.log_text()[-2000:]}"
            assert time.monotonic() < deadline, (
                f"PostgreSQL ({self.name}) not ready: {self.log_text()[-2000:]}"
            )
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # immediate shutdown: the data are thrown away
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def sql(self, query: str, database: str = "veerkracht") -> str:
        result = subprocess.run(
            [str(self.pair.bin / "psql"), "-X", "-tA", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1"]
            + ["-p", str(self.port), "-U", "postgres", "-d", database, "-c", query],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert result.returncode == 0, f"{self.name}: {query}: {result.stderr}"
        return result.stdout.strip()

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def log_mark(self) -> int:
        return self.log.stat().st_size

    def statements_since(self, mark: int) -> list[str]:
        """The statements this server ran since ``mark`` (:meth:`log_mark`)."""
        with self.log.open("rb") as handle:
            handle.seek(mark)
            text = handle.read().decode(errors="replace")
        return re.findall(r"LOG:  (?:statement|execute [^:]*): (.*)", text)


class StreamingReplica:
    """A PostgreSQL primary and a hot standby of it (streaming replication), both private to the test:
    a temporary directory of their own, free loopback ports, local connections trusted. Never the
    machine's cluster. PostgreSQL refuses to run as root, so as root the servers run as the
    ``postgres`` user, who then owns the directory."""

    def __init__(self) -> None:
        binaries = postgres_bin()
        require_service(
            "PostgreSQL server",
            binaries is not None,
            "no PostgreSQL server programs (initdb, postgres, pg_basebackup) in /usr/lib/postgresql/*/bin",
        )
        self.bin = Path(str(binaries))
        self.as_root = os.geteuid() == 0
        owner = None
        if self.as_root:
            with suppress(KeyError):
                owner = pwd.getpwnam("postgres")
            require_service(
                "PostgreSQL server",
                owner is not None and shutil.which("setpriv") is not None,
                "running as root, and no postgres user or no setpriv to run PostgreSQL as that user",
            )
        self.dir = Path(tempfile.mkdtemp(prefix="veerkracht-replica-"))
        if owner is not None:
            os.chown(self.dir, owner.pw_uid, owner.pw_gid)
        self.primary = PostgresServer(self, "primary")
        self.standby = PostgresServer(self, "standby")

    def as_owner(self, program: Path, *args: object) -> list[str]:
        """The command line that runs ``program`` as the owner of the data directories."""
        prefix = ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"]
        return (prefix if self.as_root else []) + [str(program)] + [str(a) for a in args]

    def run(self, program: str, *args: object) -> None:
        result = subprocess.run(
            self.as_owner(self.bin / program, *args), capture_output=True, text=True, timeout=120, check=False
        )
        assert result.returncode == 0, f"{program}: {result.stdout}{result.stderr}"

    def start(self) -> None:
        self.run(
            "initdb", "-D", self.primary.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"
        )
        with (self.primary.data / "pg_hba.conf").open("a") as hba:
            hba.write("host replication all 127.0.0.1/32 trust\n")
        self.primary.start()
        basebackup = ["-h", "127.0.0.1", "-p", self.primary.port, "-U", "postgres", "-D", self.standby.data]
        # -R: the copy starts as a standby of the primary; -X stream: with the WAL written meanwhile
        self.run("pg_basebackup", *basebackup, "-R", "-X", "stream", "--checkpoint=fast", "--no-sync")
        self.standby.start()
        assert self.standby.sql("SELECT pg_is_in_recovery()", database="postgres") == "t"

    def stop(self) -> None:
        try:
            self.standby.stop()
        finally:
            try:
                self.primary.stop()
            finally:
                shutil.rmtree(self.dir, ignore_errors=True)

    def pause_replay(self) -> None:
        """The standby stops applying what it receives: it shows the data as they were."""
        self.standby.sql("SELECT pg_wal_replay_pause()")
        deadline = time.monotonic() + 10
        while self.standby.sql("SELECT pg_get_wal_replay_pause_state()") != "paused":
            assert time.monotonic() < deadline, "the standby's replay did not pause"
            time.sleep(0.05)

    def resume_replay(self) -> None:
        self.standby.sql("SELECT pg_wal_replay_resume()")

    def catch_up(self, timeout: float = 30) -> None:
        """Wait until the standby has applied everything the primary wrote so far."""
        target = self.primary.sql("SELECT pg_current_wal_lsn()")
        deadline = time.monotonic() + timeout
        while self.standby.sql(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") != "t":
            assert time.monotonic() < deadline, f"the standby did not reach {target} in {timeout} s"
            time.sleep(0.05)


class Browser:
    """One visitor: cookies and one request at a time; answers (status, headers, body)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, data: dict[str, str] | None = None, port: int | None = None
    ) -> tuple[int, dict[str, str], str]:
        status, headers, body = self.fetch(method, path, data, port)
        return status, headers, body.decode(errors="replace")

    def fetch(
        self, method: str, path: str, data: dict[str, str] | None = None, port: int | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        """As :meth:`request`, with the body as the bytes received (a PDF, a download)."""
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode({**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", port or self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status, dict(response.headers.items()), content
        finally:
            conn.close()


@dataclass
class Survey:
    """Respondents answering the seven item pages of the survey; what got a success answer is counted.

    A page that gets a 503 is sent again after its Retry-After (as a person would press the button
    again), so every page a respondent started ends answered; a respondent takes no new link after
    ``stop`` is set. Any answer other than 200, 302 or a proper 503 is recorded as a problem.
    """

    port: int
    links: list[str]
    pages: int = 7
    items_per_page: int = 5
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    answered_pages: set[tuple[str, int]] = field(default_factory=set)
    statuses: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    completed: int = 0

    @property
    def answers_sent(self) -> int:
        return len(self.answered_pages) * self.items_per_page

    def run(self, respondents: int) -> list[threading.Thread]:
        threads = [threading.Thread(target=self._respondent, daemon=True) for _ in range(respondents)]
        for thread in threads:
            thread.start()
        return threads

    def _next_link(self) -> str | None:
        with self.lock:
            return self.links.pop() if self.links and not self.stop.is_set() else None

    def _until_done(self, browser: Browser, method: str, path: str, want: int, data=None) -> bool:  # noqa: ANN001
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, headers, body = browser.request(method, path, data)
            except (OSError, http.client.HTTPException) as exc:
                with self.lock:
                    self.statuses[type(exc).__name__] += 1
                time.sleep(0.2)
                continue
            with self.lock:
                self.statuses[status] += 1
            if status == want:
                return True
            if status == 503:
                if "Retry-After" not in headers or "Traceback" in body:
                    with self.lock:
                        self.problems.append(f"{method} {path}: 503 without Retry-After or with a traceback")
                time.sleep(0.3)  # shorter than Retry-After: the test wants to see the recovery
                continue
            with self.lock:
                self.problems.append(f"{method} {path}: {status} {body[:300]}")
            return False
        with self.lock:
            self.problems.append(f"{method} {path}: no success within 60 s")
        return False

    def _respondent(self) -> None:
        while (token := self._next_link()) is not None:
            browser = Browser(self.port)
            base = f"/v/{token}/"
            if not (
                self._until_done(browser, "GET", base, 200)
                and self._until_done(browser, "POST", base, 302, {})
            ):
                continue
            for number in range(1, self.pages + 1):
                path = f"{base}{number}/"
                data = {
                    f"D{number}_{i}": str(1 + (i + number) % 5) for i in range(1, self.items_per_page + 1)
                }
                if not (
                    self._until_done(browser, "GET", path, 200)
                    and self._until_done(browser, "POST", path, 302, data)
                ):
                    break
                with self.lock:
                    self.answered_pages.add((token, number))
            else:
                with self.lock:
                    self.completed += 1


def survey_links(count: int):  # noqa: ANN201 - (wave, links)
    """An open wave with ``count`` invitations, each with a personal link (the link's token)."""
    from tests.agenda.factories import ChallengeFactory
    from tests.fieldwork.factories import InvitationFactory, WaveFactory
    from veerkracht.fieldwork import tokens
    from veerkracht.fieldwork.models import InvitationToken

    wave = WaveFactory(open=True, challenge=ChallengeFactory(geagendeerd=True))
    links = []
    for _ in range(count):
        invitation = InvitationFactory(wave=wave)
        token = tokens.new_token()
        InvitationToken.objects.create(invitation=invitation, token_hash=tokens.hash_token(token))
        links.append(token)
    return wave, links


def answers_stored(wave) -> int:  # noqa: ANN001
    from veerkracht.fieldwork.models import Answer

    return Answer.objects.filter(response__wave=wave).count()
