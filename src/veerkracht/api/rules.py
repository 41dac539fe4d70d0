"""Who may use the compute endpoints. They read nothing from the installation, but a solve costs a
worker up to its time limit, so only the roles that form teams and read monitor results may start
one: coordinators, innovation directors and administrators of an active organisation, and
installation administrators. The matrix is tested in tests/api/test_compute_access.py."""

from __future__ import annotations

from typing import Any

import rules

from veerkracht.organisations.models import Membership, OrganisationStatus, Role

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
