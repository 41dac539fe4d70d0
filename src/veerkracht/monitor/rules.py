"""Declared permissions of the monitor (the instrument part; waves come with the fieldwork)."""

from __future__ import annotations

import rules

from veerkracht.organisations.selectors import is_installation_admin


@rules.predicate
def is_installation_administrator(user: object) -> bool:
    return is_installation_admin(user)


# Instrument versions are installation-wide data: only installation administrators manage them.
rules.add_perm("monitor.import_instrument", is_installation_administrator)
rules.add_perm("monitor.copy_instrument", is_installation_administrator)
rules.add_perm("monitor.export_instrument", rules.is_authenticated)
