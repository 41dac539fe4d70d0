"""Declared permissions on the talent pool (django-rules).

* ``teams.view_pool``: coordinators and regisseurs of a municipality (the list shows only their pools).
* ``teams.view_profile``: the person themself, or a coordinator/regisseur of the profile's municipality.
* ``teams.manage_own_profile``: the person themself (see, export, withdraw consent, delete).
* ``teams.add_skill``: coordinators (of any municipality) and installation administrators.
* ``teams.propose_team``: coordinators and regisseurs of a municipality.
"""

from __future__ import annotations

from typing import Any

import rules

from veerkracht.organisations.models import Kind, Membership, Role
from veerkracht.organisations.selectors import is_installation_admin
from veerkracht.teams import selectors
from veerkracht.teams.models import Profile


@rules.predicate
def is_admin(user: Any) -> bool:
    return is_installation_admin(user)


@rules.predicate
def has_pool(user: Any) -> bool:
    return selectors.pool_municipalities(user).exists()


@rules.predicate
def is_municipal_coordinator(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and Membership.objects.filter(
            user=user, role=Role.COORDINATOR, organisation__kind=Kind.GEMEENTE
        ).exists()
    )


@rules.predicate
def is_own_profile(user: Any, profile: Profile | None) -> bool:
    return isinstance(profile, Profile) and getattr(user, "pk", None) == profile.user_id


@rules.predicate
def sees_profile(user: Any, profile: Profile | None) -> bool:
    return isinstance(profile, Profile) and selectors.can_see_profile(user, profile)


rules.add_perm("teams.view_pool", has_pool | is_admin)
rules.add_perm("teams.view_profile", sees_profile)
rules.add_perm("teams.manage_own_profile", is_own_profile)
rules.add_perm("teams.add_skill", is_municipal_coordinator | is_admin)
rules.add_perm("teams.propose_team", has_pool | is_admin)
