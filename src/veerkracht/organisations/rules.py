"""Declared permissions on organisations. The role × state matrix is tested in
tests/organisations/test_rules.py; later apps copy that pattern."""

from __future__ import annotations

import rules

from veerkracht.organisations.models import Membership, Organisation, Role
from veerkracht.organisations.selectors import administers, is_installation_admin, roles_of


@rules.predicate
def is_admin_of(user: object, organisation: Organisation | None) -> bool:
    return organisation is not None and administers(user, organisation)


@rules.predicate
def is_member_of(user: object, organisation: Organisation | None) -> bool:
    return organisation is not None and bool(roles_of(user, organisation))


@rules.predicate
def is_contact_of(user: object, organisation: Organisation | None) -> bool:
    return organisation is not None and bool(
        roles_of(user, organisation) & {Role.PARTNERCONTACT, Role.COORDINATOR}
    )


@rules.predicate
def is_active_organisation(user: object, organisation: Organisation | None) -> bool:
    return organisation is not None and organisation.is_active


# Roles an organisation's own contacts may give and take; the others only administrators.
CONTACT_ASSIGNABLE = frozenset({Role.MEDEWERKER, Role.TEAMLID, Role.PARTNERCONTACT})


@rules.predicate
def may_remove_membership(user: object, membership: Membership | None) -> bool:
    if membership is None:
        return False
    organisation = membership.organisation
    if administers(user, organisation):
        return True
    return (
        organisation.is_active
        and bool(roles_of(user, organisation) & {Role.PARTNERCONTACT, Role.COORDINATOR})
        and membership.role in CONTACT_ASSIGNABLE
    )


@rules.predicate
def is_superuser(user: object) -> bool:
    return is_installation_admin(user)


# Any logged-in person may see an organisation's public profile; its member list only insiders.
rules.add_perm("organisations.view_organisation", rules.is_authenticated)
rules.add_perm("organisations.view_members", is_member_of | is_admin_of)
# Editing: administrators always; the organisation's own contacts while it is active.
rules.add_perm("organisations.change_organisation", is_admin_of | (is_contact_of & is_active_organisation))
rules.add_perm("organisations.manage_members", is_admin_of | (is_contact_of & is_active_organisation))
rules.add_perm("organisations.archive_organisation", is_admin_of & is_active_organisation)
rules.add_perm("organisations.add_organisation", is_superuser)
rules.add_perm("organisations.remove_membership", may_remove_membership)
