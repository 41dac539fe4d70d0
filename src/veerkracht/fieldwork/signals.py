"""Signals of the fieldwork. Services send them after their transaction commits; receivers (connected
in ``receivers.py`` from the app's ``ready``) start the background work, so that services never
import the tasks that call them."""

from __future__ import annotations

from django.dispatch import Signal

#: A wave was reported (committed): keyword arguments ``wave_id`` and ``language``.
wave_reported = Signal()

#: Invitations of an open wave wait to be sent (committed): keyword argument ``wave_id``.
invitations_due = Signal()
