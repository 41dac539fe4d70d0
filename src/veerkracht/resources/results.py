"""Key results across organisations (part e, docs/organising/results.md): services and reads.

A key result is one of a challenge's indicators (governance) that belongs to the challenge's team and
names the partner organisations that contribute to it. Its status is the indicator's status from
governance's rules engine (``governance.status.evaluate_many``), worded as on the governance pages;
nothing is computed or stored here.

* :func:`taking_part` — the organisations that may be named as contributors: the challenge's
  municipalities, its stakeholders, the organisations of its team's members (accepted) and the
  organisations whose pledge to one of its needs was accepted.
* :func:`key_result_declare` — declare a key result, or change who contributes (regisseur, coordinators).
* :func:`key_result_remove` — withdraw a key result (the indicator stays in governance).
* :func:`team_results` / :func:`organisation_results` — the rows the team page and the partner page
  show; a fixed number of queries whatever the number of key results. The partner page holds only key
  results of challenges whose objectives the viewer may read (governance's ``view_challenge``), in
  one query (:func:`visible_q`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from veerkracht.agenda.models import Challenge
from veerkracht.agenda.selectors import challenges_of
from veerkracht.governance import status as engine
from veerkracht.governance.models import Indicator, Objective, ObjectiveState
from veerkracht.governance.overview import STATUS_CLASSES
from veerkracht.governance.wording import status_label, status_sentence
from veerkracht.organisations.models import Membership, Organisation, Role
from veerkracht.resources.models import KeyResult, PledgeState
from veerkracht.teams.models import MemberStatus, Team

# --- who takes part ------------------------------------------------------------------------------


def taking_part(challenge: Challenge) -> QuerySet[Organisation]:
    """The organisations taking part in ``challenge`` (one query when evaluated)."""
    municipalities = {challenge.agenda.municipality_id, challenge.lead_municipality_id} - {None}
    return (
        Organisation.objects.filter(
            Q(pk__in=municipalities)
            | Q(stakes__challenge=challenge)
            | Q(
                talent_profiles__team_memberships__team__challenge=challenge,
                talent_profiles__team_memberships__status=MemberStatus.ACCEPTED,
            )
            | Q(
                resource_pledges__need__challenge=challenge,
                resource_pledges__state=PledgeState.GEACCEPTEERD,
            )
        )
        .distinct()
        .order_by("name")
    )


def current_indicators(challenge: Challenge) -> QuerySet[Indicator]:
    """The indicators of the challenge's objectives that are not superseded."""
    return (
        Indicator.objects.filter(objective__challenge=challenge)
        .exclude(objective__state=ObjectiveState.VERVANGEN)
        .select_related("objective")
        .order_by("objective__code", "objective__version", "position", "code")
    )


# --- writes --------------------------------------------------------------------------------------


def _check(by: Any, challenge: Challenge) -> None:
    if not by.has_perm("resources.manage_key_results", challenge):
        raise PermissionDenied


@transaction.atomic
def key_result_declare(
    *, team: Team, indicator: Indicator, contributors: Iterable[Organisation], by: Any
) -> KeyResult:
    """Declare ``indicator`` a key result of ``team`` with ``contributors``; when it already is one,
    its contributors are replaced. Refused (ValidationError, nothing written) when the indicator is not
    one of the team's challenge's current indicators or a contributor does not take part in it."""
    challenge = team.challenge
    _check(by, challenge)
    objective = Objective.objects.select_for_update().get(pk=indicator.objective_id)
    if objective.challenge_id != challenge.pk:
        raise ValidationError(
            {"indicator": _("This indicator belongs to another challenge than the team's.")}
        )
    if objective.state == ObjectiveState.VERVANGEN:
        raise ValidationError(
            {
                "indicator": _(
                    "This indicator's objective was replaced by a new version; choose its indicator."
                )
            }
        )
    chosen = {o.pk: o for o in contributors}
    if not chosen:
        raise ValidationError({"contributors": _("Name at least one contributing partner.")})
    allowed = set(taking_part(challenge).filter(pk__in=chosen).values_list("pk", flat=True))
    outside = sorted(o.name for pk, o in chosen.items() if pk not in allowed)
    if outside:
        raise ValidationError(
            {
                "contributors": _("%(names)s do(es) not take part in this challenge.")
                % {"names": ", ".join(outside)}
            }
        )
    result = KeyResult.objects.select_for_update().filter(indicator=indicator).first()
    if result is None:
        result = KeyResult.objects.create(indicator=indicator, team=team, created_by=by)
    elif result.team_id != team.pk:
        raise ValidationError({"indicator": _("This indicator is a key result of another team.")})
    result.contributors.set(list(chosen.values()))
    return result


@transaction.atomic
def key_result_remove(*, result: KeyResult, by: Any) -> None:
    _check(by, result.team.challenge)
    result.delete()


# --- reads ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultRow:
    result: KeyResult
    indicator: Indicator
    objective: Objective
    challenge: Challenge
    status: str  # the engine's status, "" without a status yet
    label: str
    css: str
    sentence: str
    contributors: list[Organisation]


def _rows(results: list[KeyResult]) -> list[ResultRow]:
    """Each key result with its indicator's status: three queries (objectives, indicators, measurements)
    whatever the number of key results."""
    objective_ids = {r.indicator.objective_id for r in results}
    objectives = list(engine.with_indicators(Objective.objects.filter(pk__in=objective_ids)))
    statuses = engine.evaluate_many(objectives)
    by_pk = {o.pk: o for o in objectives}
    rows = []
    for r in results:
        objective = by_pk[r.indicator.objective_id]
        indicator = next(i for i in objective.indicators.all() if i.pk == r.indicator_id)
        found = statuses.get(objective.pk)
        ind = next((i for i in found.indicators if i.code == indicator.code), None) if found else None
        rows.append(
            ResultRow(
                result=r,
                indicator=indicator,
                objective=objective,
                challenge=r.indicator.objective.challenge,  # type: ignore[arg-type]
                status=ind.status if ind else "",
                label=status_label(ind.status) if ind else _("No status yet"),
                css=STATUS_CLASSES.get(ind.status, "no-measurement") if ind else "no-measurement",
                sentence=status_sentence(ind, indicator) if ind else _("No measurement yet."),
                contributors=list(r.contributors.all()),
            )
        )
    return rows


def _base() -> QuerySet[KeyResult]:
    return KeyResult.objects.select_related(
        "indicator__objective__challenge__agenda__municipality", "team"
    ).prefetch_related(Prefetch("contributors", queryset=Organisation.objects.order_by("name")))


def team_results(team: Team) -> list[ResultRow]:
    """The team's key results (the caller checked that the viewer may read the challenge)."""
    return _rows(list(_base().filter(team=team)))


def visible_q(viewer: Any) -> Q:
    """Key results whose challenge's objectives ``viewer`` may read: the same as the rule
    ``resources.view_key_result`` (governance's ``view_challenge``: participants, board, council)."""
    if not getattr(viewer, "is_authenticated", False):
        return Q(pk__in=[])
    if getattr(viewer, "is_superuser", False) and getattr(viewer, "is_active", False):
        return Q()
    governing = Membership.objects.filter(user=viewer, role__in=[Role.BESTUURDER, Role.RAADSLID]).values(
        "organisation_id"
    )
    return (
        Q(team__challenge__in=challenges_of(viewer).values("pk"))
        | Q(team__challenge__agenda__municipality_id__in=governing)
        | Q(team__challenge__lead_municipality_id__in=governing)
    )


def organisation_results(organisation: Organisation, viewer: Any) -> list[ResultRow]:
    """The key results ``organisation`` contributes to, whatever municipality owns the challenge, that
    ``viewer`` may see; by challenge."""
    results = list(
        _base()
        .filter(visible_q(viewer), contributors=organisation)
        .order_by("team__challenge__title", "indicator__objective__code", "indicator__position", "pk")
    )
    return _rows(results)


def challenge_team(challenge: Challenge) -> Team | None:
    return Team.objects.filter(challenge=challenge).first()
