"""An optional read replica (``DATABASE_REPLICA_URL``) for heavy read-only work, used only where asked.

A replica lags behind the primary by a moment, so nothing reads from it by itself: every read and
every write goes to the primary, except the reads made inside :func:`reading_replica` (or while
iterating :func:`iterate_on_replica`). The work that uses it is work whose result does not depend on
the last second, such as rendering a report or streaming an open-data download.

The replica is never needed: without one, inside a transaction on the primary (whose own writes the
replica cannot see yet), or when the replica cannot be reached (a warning is logged), the reads go to
the primary as everywhere else. A replica that could not be reached is not tried again for
``RETRY_SECONDS`` by the same connection, so a replica that is down costs one connection attempt per
connection and half-minute, not one per report or download.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils.connection import ConnectionDoesNotExist

logger = logging.getLogger(__name__)

REPLICA = "replica"
RETRY_SECONDS = 30.0
T = TypeVar("T")

_reading: ContextVar[bool] = ContextVar("veerkracht_reading_replica", default=False)


def replica_configured() -> bool:
    try:
        connections[REPLICA]  # the connection object only: nothing is connected here
    except ConnectionDoesNotExist:
        return False
    return True


def _replica_usable() -> bool:
    """Whether reads may go to the replica now; connects to it if needed."""
    if not replica_configured():
        return False
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return False  # the transaction's own writes are not on the replica
    replica = connections[REPLICA]
    if time.monotonic() < getattr(replica, "down_until", 0.0):
        return False
    try:
        if replica.connection is not None and not replica.is_usable():
            replica.close()
        replica.ensure_connection()
    except DatabaseError as exc:
        logger.warning(
            "Read replica unavailable, reading from the primary database for %.0f s: %s",
            RETRY_SECONDS,
            exc,
        )
        with suppress(DatabaseError):
            replica.close()
        replica.down_until = time.monotonic() + RETRY_SECONDS  # type: ignore[attr-defined]
        return False
    return True


@contextmanager
def reading_replica() -> Iterator[bool]:
    """Send the reads inside the block to the replica; yields whether it does (False: the primary)."""
    usable = _replica_usable()
    token = _reading.set(usable)
    try:
        yield usable
    finally:
        _reading.reset(token)


def iterate_on_replica(items: Iterable[T]) -> Iterator[T]:
    """``items`` (a lazy sequence such as a streamed download), each item produced with the reads on
    the replica. Whether the replica is used is decided once, at the first item; between items (while
    the response is being sent) reads go to the primary again."""
    iterator = iter(items)
    usable: bool | None = None
    while True:
        if usable is None:
            usable = _replica_usable()
        token = _reading.set(usable)
        try:
            item = next(iterator)
        except StopIteration:
            return
        finally:
            _reading.reset(token)
        yield item


class ReplicaRouter:
    """Reads inside :func:`reading_replica` go to the replica; everything else to the primary.

    Both answers are explicit: an object read from the replica and saved, or followed to a related
    object, outside the block is written to and read from the primary (Django would otherwise use the
    database the object came from)."""

    def db_for_read(self, model: type, **hints: Any) -> str:
        return REPLICA if _reading.get() else DEFAULT_DB_ALIAS

    def db_for_write(self, model: type, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True  # the same data: the replica is a copy of the primary
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None  # the replica gets its schema from the primary
