"""The tests' own wait: a worker thread's write lock on SQLite is "not yet", any other error is raised."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from tests.waiting import wait_until


def test_a_table_locked_by_a_worker_thread_is_polled_again():
    polls = []

    def condition() -> bool:
        polls.append(1)
        if len(polls) < 3:
            raise OperationalError("database table is locked: core_outgoingemail")
        return True

    assert wait_until(condition, timeout=5, interval=0) is True
    assert len(polls) == 3


def test_any_other_database_error_is_raised_at_once():
    def condition() -> bool:
        raise OperationalError("no such table: core_outgoingemail")

    with pytest.raises(OperationalError, match="no such table"):
        wait_until(condition, timeout=5, interval=0)


def test_a_lock_that_never_goes_is_a_timeout_not_a_hang():
    def condition() -> bool:
        raise OperationalError("database table is locked")

    assert wait_until(condition, timeout=0.2, interval=0.01) is False
