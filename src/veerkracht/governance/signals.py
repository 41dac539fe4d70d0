"""Signals governance sends, for other parts of governance to act on without being called directly.

``measurements_recorded``: sent after a transaction that stored measurements has committed, with
``challenge_id`` (int) and ``indicator_ids`` (a tuple of ints). The escalation checks listen to it (an
indicator off course at two measurements in a row escalates)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

measurements_recorded = Signal()


def send_measurements_recorded(challenge_id: int | None, indicator_ids: Iterable[int]) -> None:
    """Send ``measurements_recorded`` once the current transaction commits (at once outside one)."""
    ids = tuple(sorted(set(indicator_ids)))
    if challenge_id is None or not ids:
        return
    transaction.on_commit(
        lambda: measurements_recorded.send(sender=None, challenge_id=challenge_id, indicator_ids=ids)
    )
