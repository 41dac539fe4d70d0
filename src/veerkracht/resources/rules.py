"""Declared permissions of part e (django-rules). The matrix is tested in tests/resources/test_permissions.py.

A partner organisation's *contacts* are its partnercontacts and beheerders. The people who *work on* a
challenge are its regisseur and its agenda's coordinators (governance's ``works_on``).

* ``resources.view_challenge`` (challenge): participants (agenda, teams, pledging partners) and the board.
* ``resources.see_all_amounts`` (challenge): the regisseur, coordinators and the board see every partner's
  amounts; anyone else sees only their own organisations' amounts (other partners: that they contributed).
* ``resources.add_need`` (challenge) and ``resources.decide_pledge`` (pledge): the regisseur, coordinators.
* ``resources.act_for`` (organisation): its contacts (pledge, book money and facility use, import, correct).
* ``resources.view_contribution`` (organisation): its contacts and the coordinators of its municipality.
* ``resources.view_person_hours`` (entry): the person, their organisation's contacts, the regisseur.
"""

from __future__ import annotations

from typing import Any

import rules

from veerkracht.agenda.models import Challenge
from veerkracht.governance.rules import is_board, takes_part, works_on
from veerkracht.organisations.models import Membership, Organisation, Role
from veerkracht.resources.models import LedgerEntry, Need, Pledge

CONTACT_ROLES = frozenset({Role.PARTNERCONTACT, Role.BEHEERDER})


def roles_of(user: Any) -> set[tuple[str, int]]:
    """(role, organisation id) pairs of ``user``, read once per user object."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_resources_roles", None)
    if cache is None:
        cache = set(Membership.objects.filter(user=user).values_list("role", "organisation_id"))
        user._resources_roles = cache
    return cache


def contact_organisations(user: Any) -> set[int]:
    return {pk for role, pk in roles_of(user) if role in CONTACT_ROLES}


def member_organisations(user: Any) -> set[int]:
    return {pk for _, pk in roles_of(user)}


def challenge_of(obj: Any) -> Challenge | None:
    if isinstance(obj, Challenge):
        return obj
    if isinstance(obj, Need):
        return obj.challenge
    if isinstance(obj, Pledge):
        return obj.need.challenge
    if isinstance(obj, LedgerEntry):
        return obj.pledge.need.challenge
    return None


@rules.predicate
def participates(user: Any, obj: Any) -> bool:
    challenge = challenge_of(obj)
    return challenge is not None and bool(takes_part(user, challenge) or is_board(user, challenge))


@rules.predicate
def manages(user: Any, obj: Any) -> bool:
    challenge = challenge_of(obj)
    return challenge is not None and bool(works_on(user, challenge))


@rules.predicate
def oversees(user: Any, obj: Any) -> bool:
    challenge = challenge_of(obj)
    return challenge is not None and bool(works_on(user, challenge) or is_board(user, challenge))


@rules.predicate
def is_contact_of(user: Any, organisation: Any) -> bool:
    return isinstance(organisation, Organisation) and organisation.pk in contact_organisations(user)


@rules.predicate
def coordinates_municipality_of(user: Any, organisation: Any) -> bool:
    if not isinstance(organisation, Organisation):
        return False
    municipality_id = organisation.pk if organisation.is_municipality else organisation.municipality_id
    return municipality_id is not None and (Role.COORDINATOR, municipality_id) in roles_of(user)


@rules.predicate
def may_see_person_hours(user: Any, entry: Any) -> bool:
    if not isinstance(entry, LedgerEntry) or not getattr(user, "is_authenticated", False):
        return False
    return (
        entry.person_id == user.pk
        or entry.pledge.organisation_id in contact_organisations(user)
        or entry.pledge.need.challenge.regisseur_id == user.pk
    )


rules.add_perm("resources.view_challenge", participates)
rules.add_perm("resources.see_all_amounts", oversees)
rules.add_perm("resources.add_need", manages)
rules.add_perm("resources.decide_pledge", manages)
rules.add_perm("resources.act_for", is_contact_of)
rules.add_perm("resources.view_contribution", is_contact_of | coordinates_municipality_of)
rules.add_perm("resources.view_person_hours", may_see_person_hours)


# --- key results (docs/organising/results.md) ---------------------------------------------------
# ``resources.manage_key_results`` (challenge or key result): the regisseur and the agenda's
# coordinators declare key results and change who contributes. ``resources.view_key_result`` (key
# result): whoever may read the challenge's objectives (governance's ``view_challenge``); the pages
# filter with the same rule in one query (``results.visible_q``).


def _key_result_challenge(obj: Any) -> Any:
    from veerkracht.resources.models import KeyResult

    if isinstance(obj, KeyResult):
        return obj.indicator.objective.challenge
    return obj if isinstance(obj, Challenge) else None


@rules.predicate
def manages_results(user: Any, obj: Any) -> bool:
    challenge = _key_result_challenge(obj)
    return challenge is not None and bool(works_on(user, challenge))


@rules.predicate
def reads_objectives(user: Any, obj: Any) -> bool:
    challenge = _key_result_challenge(obj)
    return challenge is not None and bool(user.has_perm("governance.view_challenge", challenge))


rules.add_perm("resources.manage_key_results", manages_results)
rules.add_perm("resources.view_key_result", reads_objectives)
