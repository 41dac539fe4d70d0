from __future__ import annotations

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
