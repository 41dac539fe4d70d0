"""Declared permissions of part e (django-rules). The matrix is tested in tests/resources/test_permissions.py.

A partner organisation's *contacts* are its partnercontacts and beheerders. The people who *work on* a
challenge are its regisseur and its agenda's coordinators (governance's ``works_on``).

* ``resources.view_challenge`` (challenge): participants (agenda, teams, pledging partners) and the board.
* ``resources.see_all_amounts`` (challenge): the regisseur, coordinators and the board see every partner's
  amounts, and so does every participant when the regisseur shares the amounts (ChallengeSharing);
  anyone else sees only their own organisations' amounts (other partners: that they contributed) and no
  totals from which another partner's amount could be derived.
* ``resources.set_sharing`` (challenge): its regisseur.
* ``resources.add_need`` (challenge) and ``resources.decide_pledge`` (pledge): the regisseur, coordinators.
* ``resources.act_for`` (organisation): its contacts (pledge, book money and facility use, import, correct).
* ``resources.view_contribution`` (organisation): its contacts and the coordinators of its municipality.
* ``resources.view_person_hours`` (entry): the person, the challenge's regisseur, and the pledging
  organisation's contacts only while the person's consent to that organisation stands (HoursConsent).
* ``resources.change_need`` (need): the regisseur, coordinators (edit, close, reopen, withdraw).
* ``resources.withdraw_pledge`` (pledge): the pledging organisation's contacts (while it waits).
* ``resources.end_pledge`` (pledge): the pledging organisation's contacts, the regisseur, coordinators.
* ``resources.consent_hours`` (organisation): its members, each for themself (give or withdraw).
* ``resources.view_people_hours`` (organisation): its contacts (the list of people who consented).
* ``resources.view_hours_statement`` (consent): the person, and the organisation's contacts while the
  consent stands and the person still belongs to the organisation.
"""

from __future__ import annotations

from typing import Any

import rules

from veerkracht.agenda.models import Challenge
from veerkracht.governance.rules import is_board, is_challenge_regisseur, takes_part, works_on
from veerkracht.organisations.models import Membership, Organisation, Role
from veerkracht.resources.models import ChallengeSharing, HoursConsent, LedgerEntry, Need, Pledge

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


def shares(challenge: Challenge) -> bool:
    """Whether the regisseur shares the amounts on ``challenge`` (read once per challenge object;
    :func:`prefetch_sharing` reads it for many at once)."""
    cached = getattr(challenge, "_resources_shares", None)
    if cached is None:
        cached = ChallengeSharing.objects.filter(challenge_id=challenge.pk, share_amounts=True).exists()
        challenge._resources_shares = cached  # type: ignore[attr-defined]
    return bool(cached)


def prefetch_sharing(challenges: list[Challenge]) -> None:
    on = set(
        ChallengeSharing.objects.filter(
            challenge_id__in=[c.pk for c in challenges], share_amounts=True
        ).values_list("challenge_id", flat=True)
    )
    for challenge in challenges:
        challenge._resources_shares = challenge.pk in on  # type: ignore[attr-defined]


@rules.predicate
def shares_amounts(user: Any, obj: Any) -> bool:
    challenge = challenge_of(obj)
    return challenge is not None and shares(challenge)


@rules.predicate
def is_contact_of(user: Any, organisation: Any) -> bool:
    return isinstance(organisation, Organisation) and organisation.pk in contact_organisations(user)


@rules.predicate
def coordinates_municipality_of(user: Any, organisation: Any) -> bool:
    if not isinstance(organisation, Organisation):
        return False
    municipality_id = organisation.pk if organisation.is_municipality else organisation.municipality_id
    return municipality_id is not None and (Role.COORDINATOR, municipality_id) in roles_of(user)


def consenting(organisation_ids: set[int]) -> set[tuple[int, int]]:
    """(person id, organisation id) of every standing consent to one of ``organisation_ids``."""
    if not organisation_ids:
        return set()
    return set(
        HoursConsent.objects.filter(organisation_id__in=organisation_ids, withdrawn_at__isnull=True)
        .values_list("person_id", "organisation_id")
        .order_by()
    )


def consented_to_contact(user: Any, person_id: int | None, organisation_id: int) -> bool:
    """``user`` is a contact of the organisation and ``person_id`` consented to it (one query)."""
    return (
        person_id is not None
        and organisation_id in contact_organisations(user)
        and HoursConsent.objects.filter(
            person_id=person_id, organisation_id=organisation_id, withdrawn_at__isnull=True
        ).exists()
    )


@rules.predicate
def may_see_person_hours(user: Any, entry: Any) -> bool:
    if not isinstance(entry, LedgerEntry) or not getattr(user, "is_authenticated", False):
        return False
    return (
        entry.person_id == user.pk
        or entry.pledge.need.challenge.regisseur_id == user.pk
        or consented_to_contact(user, entry.person_id, entry.pledge.organisation_id)
    )


@rules.predicate
def pledged_by_contact(user: Any, pledge: Any) -> bool:
    return isinstance(pledge, Pledge) and pledge.organisation_id in contact_organisations(user)


@rules.predicate
def is_member_of(user: Any, organisation: Any) -> bool:
    return isinstance(organisation, Organisation) and organisation.pk in member_organisations(user)


@rules.predicate
def may_see_hours_statement(user: Any, consent: Any) -> bool:
    if not isinstance(consent, HoursConsent) or not getattr(user, "is_authenticated", False):
        return False
    if consent.person_id == user.pk:
        return True
    return (
        consent.standing
        and consent.organisation_id in contact_organisations(user)
        and Membership.objects.filter(
            user_id=consent.person_id, organisation_id=consent.organisation_id
        ).exists()
    )


rules.add_perm("resources.view_challenge", participates)
rules.add_perm("resources.see_all_amounts", oversees | (shares_amounts & participates))
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
rules.add_perm("resources.consent_hours", is_member_of)
rules.add_perm("resources.view_people_hours", is_contact_of)
rules.add_perm("resources.view_hours_statement", may_see_hours_statement)
rules.add_perm("resources.change_need", manages)
rules.add_perm("resources.withdraw_pledge", pledged_by_contact & participates)
rules.add_perm("resources.end_pledge", (pledged_by_contact & participates) | manages)
rules.add_perm("resources.set_sharing", is_challenge_regisseur)
