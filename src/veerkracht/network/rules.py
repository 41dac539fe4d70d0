"""Declared permissions on the partner network (django-rules).

* ``network.view_network`` (municipality ``Organisation`` or ``Region``): the coordinators,
  innovation directors (regisseurs) and board members of that municipality, or of one of the
  region's municipalities. Anyone else gets a 404: another municipality's network is not shown.
* ``network.compute_network`` (same objects): the same people may start a new computation.
* ``network.view_national`` and ``network.compute_national`` (no object): the national network (the
  public challenges of every agenda) is seen by whoever holds such a role in any municipality, as
  the region pages are by those of one of the region's municipalities; anyone else gets a 404.
"""

from __future__ import annotations

from typing import Any

import rules

from veerkracht.network import selectors
from veerkracht.organisations.models import Organisation, Region


@rules.predicate
def holds_network_role(user: Any, owner: Organisation | Region | None) -> bool:
    mine = selectors.network_municipalities(user)
    if not mine:
        return False
    if isinstance(owner, Region):
        return bool(mine & selectors.region_municipalities(owner))
    if isinstance(owner, Organisation):
        return owner.is_municipality and owner.pk in mine
    return False


@rules.predicate
def holds_any_network_role(user: Any) -> bool:
    return bool(selectors.network_municipalities(user))


rules.add_perm("network.view_network", holds_network_role)
rules.add_perm("network.view_national", holds_any_network_role)
rules.add_perm("network.compute_national", holds_any_network_role)
rules.add_perm("network.compute_network", holds_network_role)
