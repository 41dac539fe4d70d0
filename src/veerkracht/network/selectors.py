"""What the network is made of, read from the database: the challenges in a scope, the ties between
organisations (from every registered edge source), and the "who is missing" hints.

Built-in sources (registered by :func:`register_builtin_sources`):

* **teams**: two organisations are tied once per innovation team in which people of both have
  accepted a place (``TeamMember`` → ``Profile.organisation``); year: the team's creation;
* **stakeholders**: two organisations are tied once per challenge on which both have a stakeholder
  role; year: the challenge's creation (a stakeholder role keeps no date of its own).

Every function runs a fixed number of queries, whatever the scope's size.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from django.db.models import Q
from django.utils.translation import get_language

from veerkracht.agenda.models import Challenge, Stakeholder
from veerkracht.agenda.selectors import municipal_challenge_ids
from veerkracht.network.graph import Org, Tie
from veerkracht.network.models import Scope
from veerkracht.network.sources import edge_sources, register_edge_source
from veerkracht.organisations.models import Kind, Membership, Organisation, Region, Role
from veerkracht.teams.models import TeamMember
from veerkracht.teams.workflow import MemberStatus

#: Roles that may look at the network of their municipality (or of a region it belongs to).
NETWORK_ROLES = (Role.COORDINATOR, Role.REGISSEUR, Role.BESTUURDER)


#: A challenge anyone may see: it and its agenda are published.
PUBLIC = Q(published=True, agenda__published=True)


def challenge_filter(scope: str, owner: Organisation | Region | None) -> Q:
    """The challenges of a municipality (on its agenda or led by it), of a region (on the region's
    joint agenda; and the public ones on an agenda of, or led by, one of its municipalities) or of the
    installation (the public ones). A region's or the installation's network is seen by people of
    several municipalities, so it shows no municipality's non-public work to the others."""
    if scope == Scope.MUNICIPALITY:
        if not isinstance(owner, Organisation):
            raise ValueError("a municipality's network needs a municipality")
        return Q(pk__in=municipal_challenge_ids(owner))
    if scope == Scope.REGION:
        if not isinstance(owner, Region):
            raise ValueError("a region's network needs a region")
        members = Organisation.objects.filter(regions=owner).values("pk")
        own = Q(pk__in=municipal_challenge_ids(members))
        return Q(agenda__region=owner) | (own & PUBLIC)
    if scope != Scope.NATIONAL:
        raise ValueError(f"unknown scope {scope!r}")
    return PUBLIC


def challenge_ids(scope: str, owner: Organisation | Region | None) -> set[int]:
    return set(Challenge.objects.filter(challenge_filter(scope, owner)).values_list("pk", flat=True))


def _pairs(groups: dict[Any, set[int]], year_of: dict[Any, int | None], source: str) -> Iterable[Tie]:
    for key in sorted(groups):
        for a, b in combinations(sorted(groups[key]), 2):
            yield Tie(a, b, 1.0, year_of.get(key), source)


def team_ties(ids: set[int]) -> list[Tie]:
    rows = TeamMember.objects.filter(
        team__challenge_id__in=ids, status=MemberStatus.ACCEPTED, profile__organisation__isnull=False
    ).values_list("team_id", "team__created_at", "profile__organisation_id")
    groups: dict[int, set[int]] = defaultdict(set)
    years: dict[int, int | None] = {}
    for team_id, created, org_id in rows:
        groups[team_id].add(org_id)
        years[team_id] = created.year if created else None
    return list(_pairs(groups, years, "team"))


def stakeholder_ties(ids: set[int]) -> list[Tie]:
    rows = Stakeholder.objects.filter(challenge_id__in=ids).values_list(
        "challenge_id", "challenge__created_at", "organisation_id"
    )
    groups: dict[int, set[int]] = defaultdict(set)
    years: dict[int, int | None] = {}
    for challenge_id, created, org_id in rows:
        groups[challenge_id].add(org_id)
        years[challenge_id] = created.year if created else None
    return list(_pairs(groups, years, "stakeholder"))


def register_builtin_sources() -> None:
    register_edge_source("teams", team_ties)
    register_edge_source("stakeholders", stakeholder_ties)


@dataclass(frozen=True)
class NetworkInput:
    orgs: list[Org]
    ties: list[Tie]
    challenges: int


def network_input(
    scope: str, owner: Organisation | Region | None, *, year: int | None = None
) -> NetworkInput:
    """The organisations and ties of a scope (one year's ties when ``year`` is given). Organisations:
    every stakeholder of a challenge in scope (also one without ties: it stands apart) and every
    organisation at either end of a tie."""
    ids = challenge_ids(scope, owner)
    ties: list[Tie] = []
    for _name, source in sorted(edge_sources().items()):
        ties.extend(source(ids))
    if year is not None:
        ties = [t for t in ties if t.year == year]
    wanted = {t.a for t in ties} | {t.b for t in ties}
    if year is None:
        wanted |= set(
            Stakeholder.objects.filter(challenge_id__in=ids).values_list("organisation_id", flat=True)
        )
    orgs = [
        Org(pk, name, kind)
        for pk, name, kind in Organisation.objects.filter(pk__in=wanted).values_list("pk", "name", "kind")
    ]
    return NetworkInput(orgs=orgs, ties=ties, challenges=len(ids))


@dataclass(frozen=True)
class MissingKind:
    domain: str
    kind: str
    kind_label: str
    elsewhere: int  # challenges of the same domain elsewhere with a stakeholder of this kind


def missing_kinds(scope: str, owner: Organisation | Region | None) -> list[MissingKind]:
    """Kinds of organisation that hold a stakeholder role in published challenges of the same domain
    outside the scope, but in none of the scope's challenges of that domain. Two queries."""
    here = Challenge.objects.filter(challenge_filter(scope, owner))
    present: dict[int, set[str]] = defaultdict(set)
    domains: dict[int, str] = {}
    dutch = get_language() == "nl" or not get_language()
    rows = here.values_list(
        "domain_id", "domain__name_nl", "domain__name_en", "stakeholders__organisation__kind"
    )
    for domain_id, name_nl, name_en, kind in rows:
        domains[domain_id] = name_nl if dutch or not name_en else name_en
        if kind:
            present[domain_id].add(kind)
    if not domains:
        return []
    elsewhere = (
        Stakeholder.objects.filter(challenge__domain_id__in=list(domains), challenge__published=True)
        .exclude(challenge__in=here)
        .values_list("challenge__domain_id", "organisation__kind", "challenge_id")
    )
    counts: dict[tuple[int, str], set[int]] = defaultdict(set)
    for domain_id, kind, challenge_id in elsewhere:
        if kind not in present[domain_id]:
            counts[(domain_id, kind)].add(challenge_id)
    labels = dict(Kind.choices)
    return sorted(
        (
            MissingKind(domains[d], kind, str(labels.get(kind, kind)), len(c))
            for (d, kind), c in counts.items()
        ),
        key=lambda m: (m.domain, -m.elsewhere, m.kind),
    )


def network_municipalities(user: Any) -> set[int]:
    """The municipalities whose network the user may see: where they are coordinator, regisseur or
    board member."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Membership.objects.filter(
            user=user, role__in=NETWORK_ROLES, organisation__kind=Kind.GEMEENTE
        ).values_list("organisation_id", flat=True)
    )


def region_municipalities(region: Region) -> set[int]:
    return set(region.municipalities.values_list("pk", flat=True))
