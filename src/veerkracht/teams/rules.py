"""Declared permissions on the talent pool and the innovation teams (django-rules).

* ``teams.view_pool``: regisseurs and coordinators with a pool (the list shows only what they may see).
* ``teams.view_profile``: the person themself, or a regisseur/coordinator of an agenda the person's
  organisation takes part in (residents: of the resident's municipality); see ``selectors``.
* ``teams.manage_own_profile``: the person themself (edit, see, export, withdraw consent, delete).
* ``teams.add_skill``: coordinators (of any municipality) and installation administrators.
* ``teams.propose_team``: whoever has a pool (the service uses only what they may see).
* ``teams.form_team`` (challenge): its regisseur and its agenda's coordinators.
* ``teams.view_team`` (challenge): everyone who takes part in the challenge (agenda's rule).
* ``teams.respond_invitation`` (team member): the invited person.
* ``teams.view_organisation_hours`` (organisation): its partner contacts and administrators.
"""

from __future__ import annotations

from typing import Any

import rules

from veerkracht.agenda.rules import is_coordinator, is_participant, is_regisseur
from veerkracht.organisations.models import Kind, Membership, Organisation, Role
from veerkracht.organisations.selectors import is_installation_admin
from veerkracht.teams import selectors
from veerkracht.teams.models import Profile, TeamMember


@rules.predicate
def is_admin(user: Any) -> bool:
    return is_installation_admin(user)


@rules.predicate
def has_pool(user: Any) -> bool:
    return selectors.has_pool(user)


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


@rules.predicate
def is_invitee(user: Any, member: TeamMember | None) -> bool:
    return isinstance(member, TeamMember) and getattr(user, "pk", None) == member.profile.user_id


@rules.predicate
def is_organisation_contact(user: Any, organisation: Organisation | None) -> bool:
    return bool(
        isinstance(organisation, Organisation)
        and getattr(user, "is_authenticated", False)
        and Membership.objects.filter(
            user=user, organisation=organisation, role__in=[Role.PARTNERCONTACT, Role.BEHEERDER]
        ).exists()
    )


rules.add_perm("teams.view_pool", has_pool | is_admin)
rules.add_perm("teams.view_profile", sees_profile)
rules.add_perm("teams.manage_own_profile", is_own_profile)
rules.add_perm("teams.add_skill", is_municipal_coordinator | is_admin)
rules.add_perm("teams.propose_team", has_pool | is_admin)
rules.add_perm("teams.form_team", is_coordinator | is_regisseur)
rules.add_perm("teams.view_team", is_participant)
rules.add_perm("teams.respond_invitation", is_invitee)
rules.add_perm("teams.view_organisation_hours", is_organisation_contact | is_admin)
