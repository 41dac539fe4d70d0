"""Reads on organisations, used by every other app."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from veerkracht.organisations.models import Kind, Membership, Organisation, Role


def roles_of(user: Any, organisation: Organisation) -> set[str]:
    """The roles ``user`` holds in ``organisation`` (cached per user object for one request)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache: dict[int, set[str]] | None = getattr(user, "_veerkracht_roles", None)
    if cache is None:
        cache = {}
        for org_id, role in Membership.objects.filter(user=user).values_list("organisation_id", "role"):
            cache.setdefault(org_id, set()).add(role)
        user._veerkracht_roles = cache  # type: ignore[attr-defined]
    return cache.get(organisation.pk, set())


def organisations_of(user: Any, *, roles: set[str] | None = None) -> QuerySet[Organisation]:
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    memberships = Membership.objects.filter(user=user)
    if roles:
        memberships = memberships.filter(role__in=roles)
    return Organisation.objects.filter(pk__in=memberships.values("organisation_id"))


def municipalities_of(user: object) -> QuerySet[Organisation]:
    """Municipalities the user works for or whose organisations they belong to."""
    orgs = organisations_of(user)
    return Organisation.objects.filter(kind=Kind.GEMEENTE).filter(
        pk__in=orgs.values("pk")
    ) | Organisation.objects.filter(kind=Kind.GEMEENTE, pk__in=orgs.values("municipality_id"))


def is_installation_admin(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_superuser", False))


def administers(user: object, organisation: Organisation) -> bool:
    """Installation admin, or beheerder of the organisation or of its municipality."""
    if is_installation_admin(user):
        return True
    if Role.BEHEERDER in roles_of(user, organisation):
        return True
    return organisation.municipality is not None and Role.BEHEERDER in roles_of(
        user, organisation.municipality
    )


def organisation_list() -> QuerySet[Organisation]:
    """Every organisation by name, with how many people are members of it. The count is a subquery per
    organisation, which PostgreSQL runs only for the page it returns; a ``Count`` over the join with the
    memberships grouped every membership of the country first (57 ms for a page of 50 at national
    scale)."""
    members = (
        Membership.objects.filter(organisation=OuterRef("pk"))
        .order_by()
        .values("organisation")
        .annotate(n=Count("user", distinct=True))
        .values("n")
    )
    return (
        Organisation.objects.select_related("municipality")
        .annotate(member_count=Coalesce(Subquery(members, output_field=IntegerField()), 0))
        .order_by("name")
    )
