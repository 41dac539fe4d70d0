"""Stable audit event names of the monitor. Never rename one."""

from __future__ import annotations

from enum import StrEnum


class MonitorEvent(StrEnum):
    INSTRUMENT_IMPORTED = "monitor.instrument_imported"
    INSTRUMENT_IMPORT_REFUSED = "monitor.instrument_import_refused"
    INSTRUMENT_COPIED = "monitor.instrument_copied"
    INSTRUMENT_LOCKED = "monitor.instrument_locked"
