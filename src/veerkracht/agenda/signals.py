"""Signals other apps may listen to. Sent after the transaction commits."""

from __future__ import annotations

from django.dispatch import Signal

#: Sent with ``challenge_id``, ``from_status``, ``to_status`` and ``by_id`` after a lifecycle step.
challenge_transitioned = Signal()
