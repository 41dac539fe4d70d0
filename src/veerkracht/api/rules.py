"""Who may use the compute endpoints. They read nothing from the installation, but a solve costs a
worker up to its time limit, so only the roles that form teams and read monitor results may start
one: coordinators, innovation directors and administrators of an active organisation, and
installation administrators. The matrix is tested in tests/api/test_compute_access.py.

An organisation's API keys are made, listed and revoked by its beheerder (or its municipality's)."""

from __future__ import annotations

from typing import Any

import rules

from veerkracht.organisations.models import Membership, OrganisationStatus, Role
from veerkracht.organisations.selectors import administers

COMPUTE_ROLES = frozenset({Role.COORDINATOR, Role.REGISSEUR, Role.BEHEERDER})


@rules.predicate
def holds_compute_role(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(
        user=user, role__in=COMPUTE_ROLES, organisation__status=OrganisationStatus.ACTIVE
    ).exists()


@rules.predicate
def is_installation_admin(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_superuser", False))


rules.add_perm("api.compute", is_installation_admin | holds_compute_role)


@rules.predicate
def administers_organisation(user: Any, organisation: Any) -> bool:
    """The organisation's beheerder (or its municipality's), or an installation administrator."""
    return organisation is not None and administers(user, organisation)


rules.add_perm("api.manage_keys", administers_organisation)
