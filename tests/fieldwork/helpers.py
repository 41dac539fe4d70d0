from __future__ import annotations

import os
import re

from django.core import mail
from django.test import TestCase

from veerkracht.fieldwork import services

LINK = re.compile(r"https?://\S+?/v/([A-Za-z0-9_-]{43})/")


def open_wave(wave, by):
    """Open the wave and run the on-commit work (invitation e-mails) as a real commit would."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.wave_transition(wave=wave, to="open", by=by)
    wave.refresh_from_db()
    return wave


def tokens_in_outbox() -> dict[str, str]:
    """E-mail address → the token of the last e-mail sent to it."""
    found = {}
    for message in mail.outbox:
        match = LINK.search(message.body)
        if match:
            found[message.to[0]] = match.group(1)
    return found


def answer_all(client, token: str, value: str = "4", pages: int = 7) -> None:
    assert client.post(f"/v/{token}/").status_code == 302
    for n in range(1, pages + 1):
        data = {f"D{n}_{i}": value for i in range(1, 6)}
        response = client.post(f"/v/{token}/{n}/", data)
        assert response.status_code == 302, response.content.decode()[:500]


def use_broker(app, url: str) -> None:
    """Point the Celery app at ``url`` (a Redis URL, results there too), or back to in-process
    ("" → memory broker, eager tasks). Drops pooled connections and the cached result backend."""
    from tests.services import reset_connections

    reset_connections(app)
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)
    app.conf.update(broker_url=url or "memory://", result_backend=url or None, task_always_eager=not url)


def fieldwork_redis_url() -> str:
    """The test Redis with a database of the fieldwork tests' own (below the ones REDIS_URL takes for
    each test process), so that workers of other tests running at the same time never take these
    tasks (nor these workers theirs)."""
    from tests.services import worker_db

    return worker_db(os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"), offset=1)
