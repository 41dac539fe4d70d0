"""What the board's overview and the council's page read: a municipality's challenges with each current
objective's status and progress (through :mod:`veerkracht.governance.status`, never computed here),
the mandate's use, open escalations and what waits for the board.

Every function reads a bounded number of queries, whatever the number of challenges, objectives,
indicators and measurements (tests/governance/test_overview.py counts them at two sizes).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from django.core.cache import cache
from django.db.models import (
    BigIntegerField,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import ExtractDay
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from veerkracht.agenda.models import Challenge
from veerkracht.agenda.selectors import municipal_challenge_ids
from veerkracht.governance import status as engine
from veerkracht.governance.indicators import (
    ACHIEVED,
    ATTENTION,
    NO_MEASUREMENT,
    NOT_ACHIEVED,
    OFF_COURSE,
    ON_COURSE,
    ORDER,
    ObjectiveStatus,
)
from veerkracht.governance.models import (
    Decision,
    Escalation,
    EscalationLevel,
    Indicator,
    Mandate,
    MandateState,
    Measurement,
    Objective,
    ObjectiveState,
    UsageEntry,
    UsageKind,
)
from veerkracht.organisations.models import Kind, Membership, Organisation, Role

#: The engine's statuses in the reader's language (the engine itself speaks Dutch).
STATUS_LABELS = {
    ACHIEVED: _("achieved"),
    NOT_ACHIEVED: _("not achieved"),
    ON_COURSE: _("on course"),
    ATTENTION: _("needs attention"),
    OFF_COURSE: _("off course"),
    NO_MEASUREMENT: _("no measurement"),
}
#: CSS class per status (colour plus the written status: never colour alone).
STATUS_CLASSES = {
    ACHIEVED: "achieved",
    NOT_ACHIEVED: "not-achieved",
    ON_COURSE: "on-course",
    ATTENTION: "attention",
    OFF_COURSE: "off-course",
    NO_MEASUREMENT: "no-measurement",
}
_RANK = {s: k for k, s in enumerate(ORDER)}
NO_STATUS_RANK = len(ORDER)  # "geen meting" and objectives without indicators: after every judgement
NO_OBJECTIVE_RANK = len(ORDER) + 1


#: Texts repeated on every row of the overview and the council page, translated once per page.
ROW_TEXTS = {
    "waiting": _("waiting for the board's confirmation"),
    "incomplete": _("not every indicator measured"),
    "no_objectives": _("No objectives yet."),
    "money": _("Money used (€)"),
    "hours": _("Hours used"),
    "mandate": _("Mandate"),
    "no_mandate": _("No mandate in force."),
}


class Judgement(NamedTuple):
    """What the pages and the letter show of an objective's status (the engine's ``ObjectiveStatus``,
    reduced to what is shown, and what the cache keeps)."""

    status: str
    progress: float | None
    incomplete: bool


def judgement_of(found: ObjectiveStatus) -> Judgement:
    return Judgement(found.status, found.progress, found.incomplete)


def row_texts() -> dict[str, str]:
    return {key: str(text) for key, text in ROW_TEXTS.items()}


def rank_of(status: Judgement | ObjectiveStatus | None) -> int:
    if status is None:
        return NO_STATUS_RANK
    return _RANK.get(status.status, NO_STATUS_RANK)


def challenge_url(challenge: Any) -> str:
    """The challenge's governance page."""
    return reverse("governance:challenge", args=[challenge.slug])


# --- whose municipality --------------------------------------------------------------------------


def municipalities_with_role(user: Any, role: str) -> list[Organisation]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Organisation.objects.filter(
            kind=Kind.GEMEENTE,
            pk__in=Membership.objects.filter(user=user, role=role).values("organisation_id"),
        ).order_by("name")
    )


def board_municipalities(user: Any) -> list[Organisation]:
    """The municipalities where ``user`` is a bestuurder."""
    return municipalities_with_role(user, Role.BESTUURDER)


def council_municipalities(user: Any) -> list[Organisation]:
    """The municipalities where ``user`` is a raadslid."""
    return municipalities_with_role(user, Role.RAADSLID)


def challenges_of(municipality: Organisation) -> QuerySet[Challenge]:
    """The municipality's challenges: on its agenda, or led by it."""
    return (
        Challenge.objects.filter(pk__in=municipal_challenge_ids(municipality))
        .select_related("agenda", "lead_municipality")
        .order_by("title", "pk")
    )


# --- statuses, through the engine, kept in the cache by what they depend on -----------------------

CACHE_SECONDS = 24 * 3600
CACHE_PREFIX = "governance.status.v2:"


def _fingerprints(objectives: list[Objective]) -> dict[int, tuple[Any, ...]]:
    """Per objective, what its status depends on besides the date: its code, its indicators' fields
    and an aggregate of each indicator's measurements that changes with any added, removed or changed
    measurement (count, highest id, first and last date, the sum of the values, and sums weighted by
    id of the values and of the days of the month). Two queries, no model instances."""
    ids = [o.pk for o in objectives]
    measured = {
        r[0]: r[1:]
        for r in Measurement.objects.filter(indicator__objective_id__in=ids)
        .values("indicator_id")
        .annotate(
            n=Count("pk"),
            top=Max("pk"),
            first=Min("date"),
            last=Max("date"),
            total=Sum("value"),
            by_id=Sum(ExpressionWrapper(F("value") * F("pk"), output_field=DecimalField())),
            days=Sum(ExpressionWrapper(ExtractDay("date") * F("pk"), output_field=BigIntegerField())),
        )
        .order_by()
        .values_list("indicator_id", "n", "top", "first", "last", "total", "by_id", "days")
    }
    per_objective: dict[int, list[tuple[Any, ...]]] = {pk: [] for pk in ids}
    for row in (
        Indicator.objects.filter(objective_id__in=ids)
        .order_by("objective_id", "position", "code")
        .values_list(
            "objective_id",
            "pk",
            "code",
            "baseline_date",
            "baseline_value",
            "target_date",
            "target_value",
            "tolerance",
            "weight",
        )
    ):
        per_objective[row[0]].append((*row[1:], measured.get(row[1])))
    return {o.pk: (o.code, o.name, tuple(per_objective[o.pk])) for o in objectives}


def statuses_of(objectives: list[Objective], as_of: date) -> dict[int, Judgement]:
    """Each objective's status at ``as_of``: the engine's answer (``status.evaluate_many``), kept in the
    cache with a digest of everything it depends on, so that only objectives whose data changed since
    (or that were not asked for this date yet) are evaluated again. One cache entry per set of
    objectives and date (a municipality's page and its letter share it)."""
    if not objectives:
        return {}
    prints = _fingerprints(objectives)
    digests = {o.pk: hashlib.sha256(repr(prints[o.pk]).encode()).hexdigest() for o in objectives}
    key = CACHE_PREFIX + hashlib.sha256(repr((as_of, sorted(digests))).encode()).hexdigest()
    stored = cache.get(key)
    kept: dict[int, tuple[str, tuple[str, float | None, bool] | None]] = (
        stored if isinstance(stored, dict) else {}
    )
    answer: dict[int, Judgement] = {}
    missing = []
    for objective in objectives:
        digest, found = kept.get(objective.pk, ("", None))
        if digest != digests[objective.pk]:
            missing.append(objective)
        elif found is not None:
            answer[objective.pk] = Judgement(*found)
    if missing:
        computed = engine.evaluate_many(
            engine.with_indicators(Objective.objects.filter(pk__in=[o.pk for o in missing])), as_of
        )
        answer.update((pk, judgement_of(found)) for pk, found in computed.items())
        cache.set(
            key,
            {o.pk: (digests[o.pk], tuple(answer[o.pk]) if o.pk in answer else None) for o in objectives},
            CACHE_SECONDS,
        )
    return answer


# --- rows ----------------------------------------------------------------------------------------


@dataclass
class ObjectiveRow:
    objective: Objective
    status: Judgement | None

    @property
    def rank(self) -> int:
        return rank_of(self.status)

    @property
    def status_key(self) -> str:
        return self.status.status if self.status is not None else NO_MEASUREMENT

    @property
    def label(self) -> Any:
        if self.status is None:
            return _("no indicators yet")
        return STATUS_LABELS.get(self.status.status, self.status.status)

    @property
    def css(self) -> str:
        return STATUS_CLASSES.get(self.status_key, "no-measurement")

    @property
    def progress(self) -> float | None:
        return None if self.status is None else self.status.progress

    @property
    def progress_text(self) -> str:
        """Progress as a whole percentage (the same number on every page and in the letter)."""
        return "" if self.progress is None else f"{self.progress:.0f}"

    @property
    def waiting_for_board(self) -> bool:
        return (
            self.objective.state == ObjectiveState.VOORGESTELD and self.objective.board_confirmed_at is None
        )


PLACES: dict[str, Decimal] = {UsageKind.MONEY: Decimal("0.01"), UsageKind.HOURS: Decimal("0.1")}


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) else 0


@dataclass
class UsageBar:
    """Use of one of the mandate's resources (money or hours) against what the mandate gives."""

    kind: str
    used: Decimal
    limit: Decimal | None
    warn_at: Decimal | None = None

    def __post_init__(self) -> None:
        places = PLACES[self.kind]
        self.used = Decimal(self.used).quantize(places)
        self.limit = None if self.limit is None else Decimal(self.limit).quantize(places)
        self.warn_at = None if self.warn_at is None else Decimal(self.warn_at).quantize(places)

    @property
    def label(self) -> Any:
        return UsageKind(self.kind).label

    @property
    def used_text(self) -> str:
        return number_format(self.used, decimal_pos=_places(self.used), force_grouping=True)

    @property
    def limit_text(self) -> str:
        if self.limit is None:
            return ""
        return number_format(self.limit, decimal_pos=_places(self.limit), force_grouping=True)

    @property
    def percent(self) -> int | None:
        if not self.limit:
            return None
        return int((self.used * 100 / self.limit).to_integral_value())

    @property
    def level(self) -> str:
        """ "over" past the limit, "warn" past the warning share, "ok" otherwise."""
        if not self.limit:
            return "over" if self.used > 0 else "ok"
        if self.used > self.limit:
            return "over"
        if self.warn_at is not None and self.used >= self.warn_at:
            return "warn"
        return "ok"

    @property
    def summary(self) -> str:
        """ "8.000,00 of 10.000,00 (80%)", with a warning past the shares, in the reader's language."""
        if not self.limit:
            return gettext("%(used)s used") % {"used": self.used_text}
        text = gettext("%(used)s of %(limit)s (%(percent)s%%)") % {
            "used": self.used_text,
            "limit": self.limit_text,
            "percent": self.percent,
        }
        if self.level == "over":
            text += " " + gettext("over the mandate")
        elif self.level == "warn":
            text += " " + gettext("past the warning share")
        return text

    @property
    def meter_value(self) -> str:
        """The value for ``<meter>`` (plain digits: the attribute is not localised)."""
        return format(self.used, "f")

    @property
    def meter_max(self) -> str:
        return format(self.limit or Decimal(0), "f")

    @property
    def meter_high(self) -> str:
        return format(self.warn_at if self.warn_at is not None else (self.limit or Decimal(0)), "f")


@dataclass
class ChallengeRow:
    challenge: Challenge
    objectives: list[ObjectiveRow] = field(default_factory=list)
    mandate: Mandate | None = None
    money: UsageBar | None = None
    hours: UsageBar | None = None
    open_escalations: list[Escalation] = field(default_factory=list)

    @property
    def rank(self) -> int:
        return min((o.rank for o in self.objectives), default=NO_OBJECTIVE_RANK)

    @property
    def url(self) -> str:
        return challenge_url(self.challenge)

    @property
    def waiting_objectives(self) -> list[ObjectiveRow]:
        return [o for o in self.objectives if o.waiting_for_board]

    @property
    def waiting(self) -> int:
        return len(self.waiting_objectives) + len(self.open_escalations)


@dataclass
class Overview:
    municipality: Organisation
    as_of: date
    rows: list[ChallengeRow]

    @property
    def open_escalations(self) -> int:
        return sum(len(r.open_escalations) for r in self.rows)

    @property
    def waiting(self) -> int:
        return sum(r.waiting for r in self.rows)

    @property
    def counts(self) -> list[tuple[str, Any, int]]:
        """How many current objectives have each status (worst first), over every challenge."""
        found: dict[str, int] = {}
        for row in self.rows:
            for o in row.objectives:
                found[o.status_key] = found.get(o.status_key, 0) + 1
        return [(key, STATUS_LABELS[key], found[key]) for key in (*ORDER, NO_MEASUREMENT) if key in found]

    @property
    def waiting_rows(self) -> list[ChallengeRow]:
        return [r for r in self.rows if r.waiting]


def current_objectives(challenge_ids: list[int]) -> QuerySet[Objective]:
    return Objective.objects.filter(challenge_id__in=challenge_ids).exclude(state=ObjectiveState.VERVANGEN)


def _usage(challenge_ids: list[int]) -> dict[tuple[int, str], Decimal]:
    rows = (
        UsageEntry.objects.filter(challenge_id__in=challenge_ids)
        .values("challenge_id", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {(r["challenge_id"], r["kind"]): r["total"] or Decimal(0) for r in rows}


def _bar(kind: str, used: Decimal, limit: Decimal | None, mandate: Mandate | None) -> UsageBar:
    warn = None
    if mandate is not None and limit:
        warn = limit * mandate.warn_share
    return UsageBar(kind=kind, used=used, limit=limit, warn_at=warn)


def overview_for(
    municipality: Organisation,
    *,
    as_of: date | None = None,
) -> Overview:
    """The municipality's challenges, worst first (by their worst current objective; within a
    challenge its objectives worst first), with mandate use and open escalations."""
    as_of = as_of or timezone.localdate()
    challenges = list(challenges_of(municipality))
    ids = [c.pk for c in challenges]
    objectives = list(current_objectives(ids))
    statuses = statuses_of(objectives, as_of)
    rows = {c.pk: ChallengeRow(challenge=c) for c in challenges}
    for objective in objectives:
        assert objective.challenge_id is not None  # noqa: S101 - filtered on challenge
        rows[objective.challenge_id].objectives.append(ObjectiveRow(objective, statuses.get(objective.pk)))
    for mandate in Mandate.objects.filter(challenge_id__in=ids, state=MandateState.GEGEVEN):
        rows[mandate.challenge_id].mandate = mandate
    usage = _usage(ids)
    for pk, row in rows.items():
        m = row.mandate
        budget = m.budget if m is not None else None
        hours = m.hours if m is not None else None
        row.money = _bar(UsageKind.MONEY, usage.get((pk, UsageKind.MONEY), Decimal(0)), budget, m)
        row.hours = _bar(UsageKind.HOURS, usage.get((pk, UsageKind.HOURS), Decimal(0)), hours, m)
    for escalation in Escalation.objects.filter(
        challenge_id__in=ids, level=EscalationLevel.ESCALATION, answer__isnull=True
    ).order_by("raised_at", "pk"):
        rows[escalation.challenge_id].open_escalations.append(escalation)
    ordered = list(rows.values())
    for row in ordered:
        row.objectives.sort(key=lambda o: (o.rank, o.objective.code, o.objective.version))
    ordered.sort(key=lambda r: (r.rank, r.challenge.title.casefold(), r.challenge.pk))
    return Overview(municipality=municipality, as_of=as_of, rows=ordered)


def recent_public_decisions(municipality: Organisation, limit: int = 20) -> list[Decision]:
    """The most recent public entries of the municipality's decision log. Only ``public`` entries: the
    council never reads a confidential entry's title or content."""
    return list(
        Decision.objects.filter(chain__municipality=municipality, public=True)
        .select_related("challenge")
        .order_by("-seq")[:limit]
    )


def waiting_counts(municipalities: list[Organisation]) -> tuple[int, int]:
    """(open escalations, decisions waiting for the board) over ``municipalities``, in two queries:
    for the home page's panel."""
    if not municipalities:
        return 0, 0
    where = Q(challenge_id__in=municipal_challenge_ids(municipalities))
    escalations = (
        Escalation.objects.filter(where, level=EscalationLevel.ESCALATION, answer__isnull=True)
        .values("pk")
        .distinct()
        .count()
    )
    objectives = (
        Objective.objects.filter(where, state=ObjectiveState.VOORGESTELD, board_confirmed_at__isnull=True)
        .values("pk")
        .distinct()
        .count()
    )
    return escalations, escalations + objectives
