"""Reads of part e. Every figure is a database sum (``Sum``) over needs, accepted pledges and ledger
entries; nothing is kept as a running total. The queries per page are bounded (tested at two sizes).
Ledger sums are taken per pledge (a subquery that reads the index ``resources_entry_pledge_sums``
alone) and then added up per need, kind or partner: on a challenge with 50,000 entries that is several
times quicker than joining every entry to its pledge and need (bench/RESULTS-resources.md).

* needed — the sum of the needs' quantities;
* pledged — the sum of the *accepted* pledges' quantities;
* delivered — the sum of the ledger's entries (corrections are entries, so they count);
* gap — needed minus pledged: what no partner has promised yet (never below zero);
* behind — pledged minus delivered: what partners promised and have not delivered yet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from veerkracht.agenda.models import Challenge
from veerkracht.organisations.models import Membership, Organisation
from veerkracht.resources.models import UNITS, BookingKind, LedgerEntry, Need, NeedKind, Pledge, PledgeState
from veerkracht.resources.rules import CONTACT_ROLES, contact_organisations

ZERO = Decimal(0)
CENT = Decimal("0.01")


def cents(value: Any) -> Decimal:
    """A database sum as an exact amount in cents. SQLite sums decimals as floating point
    (0.25 − 0.25 may come back as −5.6e-17); every quantity has two decimals, so rounding to cents
    gives the exact sum on every database."""
    return (Decimal(str(value)) if value is not None else ZERO).quantize(CENT)


_DEC = DecimalField(max_digits=16, decimal_places=2)


def _delivered_of_need() -> Any:
    entries = (
        LedgerEntry.objects.filter(pledge__need=OuterRef("pk"))
        .order_by()
        .values("pledge__need")
        .annotate(s=Sum("quantity"))
        .values("s")[:1]
    )
    return Coalesce(Subquery(entries), Value(ZERO), output_field=_DEC)


def _delivered_of_pledge() -> Any:
    entries = (
        LedgerEntry.objects.filter(pledge=OuterRef("pk"))
        .order_by()
        .values("pledge")
        .annotate(s=Sum("quantity"))
        .values("s")[:1]
    )
    return Coalesce(Subquery(entries), Value(ZERO), output_field=_DEC)


def _pledged_of_need() -> Any:
    pledges = (
        Pledge.objects.filter(need=OuterRef("pk"), state=PledgeState.GEACCEPTEERD)
        .order_by()
        .values("need")
        .annotate(s=Sum("quantity"))
        .values("s")[:1]
    )
    return Coalesce(Subquery(pledges), Value(ZERO), output_field=_DEC)


@dataclass
class Figures:
    needed: Decimal = ZERO
    pledged: Decimal = ZERO
    delivered: Decimal = ZERO

    @property
    def gap(self) -> Decimal:
        return max(self.needed - self.pledged, ZERO)

    @property
    def behind(self) -> Decimal:
        return max(self.pledged - self.delivered, ZERO)

    @property
    def percent(self) -> int:
        """Delivered as a whole percentage of needed (for the bar)."""
        if self.needed <= 0:
            return 0
        return int((self.delivered * 100 / self.needed).to_integral_value())


@dataclass
class KindSummary(Figures):
    kind: str = ""

    @property
    def label(self) -> str:
        return str(NeedKind(self.kind).label)

    @property
    def unit(self) -> str:
        return str(UNITS[NeedKind(self.kind)])


@dataclass
class PartnerShare:
    organisation: Organisation
    kind: str
    visible: bool
    pledged: Decimal | None = None
    delivered: Decimal | None = None

    @property
    def behind(self) -> Decimal | None:
        if self.pledged is None or self.delivered is None:
            return None
        return max(self.pledged - self.delivered, ZERO)

    @property
    def label(self) -> str:
        return str(NeedKind(self.kind).label)


@dataclass
class PledgeRow:
    pledge: Pledge
    visible: bool
    delivered: Decimal | None


@dataclass
class NeedRow:
    need: Need
    pledged: Decimal
    delivered: Decimal
    pledges: list[PledgeRow] = field(default_factory=list)

    @property
    def figures(self) -> Figures:
        return Figures(self.need.quantity, self.pledged, self.delivered)


@dataclass
class Summary:
    kinds: list[KindSummary]
    partners: list[PartnerShare]


def kind_totals(challenge_ids: Iterable[int]) -> dict[int, dict[str, Figures]]:
    """Per challenge, per kind of need: needed, pledged, delivered (three grouped queries)."""
    ids = list(challenge_ids)
    out: dict[int, dict[str, Figures]] = defaultdict(dict)

    def at(cid: int, kind: str) -> Figures:
        return out[cid].setdefault(kind, Figures())

    for nrow in (
        Need.objects.filter(challenge_id__in=ids)
        .order_by()
        .values("challenge_id", "kind")
        .annotate(s=Sum("quantity"))
    ):
        at(nrow["challenge_id"], nrow["kind"]).needed = cents(nrow["s"])
    for prow in (
        Pledge.objects.filter(need__challenge_id__in=ids, state=PledgeState.GEACCEPTEERD)
        .order_by()
        .values("need__challenge_id", "need__kind")
        .annotate(s=Sum("quantity"))
    ):
        at(prow["need__challenge_id"], prow["need__kind"]).pledged = cents(prow["s"])
    for erow in (
        Pledge.objects.filter(need__challenge_id__in=ids)
        .order_by()
        .values("need__challenge_id", "need__kind")
        .annotate(s=Sum(_delivered_of_pledge()))
    ):
        at(erow["need__challenge_id"], erow["need__kind"]).delivered = cents(erow["s"])
    return out


def kinds_of(figures: dict[str, Figures]) -> list[KindSummary]:
    return [
        KindSummary(kind=k, needed=f.needed, pledged=f.pledged, delivered=f.delivered)
        for k in NeedKind.values
        if (f := figures.get(k)) is not None
    ]


def _sees_amounts_of(viewer: Any, challenge: Challenge) -> tuple[bool, set[int]]:
    if viewer is None:
        return True, set()
    return bool(viewer.has_perm("resources.see_all_amounts", challenge)), contact_organisations(viewer)


def summary(challenge: Challenge, viewer: Any = None) -> Summary:
    """Per kind: needed, pledged, delivered, gap; per partner and kind: pledged and delivered (only the
    viewer's own organisations' amounts unless the viewer sees all; ``viewer=None`` sees all)."""
    all_amounts, own = _sees_amounts_of(viewer, challenge)
    kinds = kinds_of(kind_totals([challenge.pk]).get(challenge.pk, {}))
    shares: dict[tuple[int, str], PartnerShare] = {}
    orgs: dict[int, None] = {}
    for prow in (
        Pledge.objects.filter(need__challenge=challenge, state=PledgeState.GEACCEPTEERD)
        .order_by()
        .values("organisation_id", "need__kind")
        .annotate(s=Sum("quantity"))
    ):
        orgs[prow["organisation_id"]] = None
        shares[(prow["organisation_id"], prow["need__kind"])] = PartnerShare(
            organisation=None,  # type: ignore[arg-type]  # filled below
            kind=prow["need__kind"],
            visible=all_amounts or prow["organisation_id"] in own,
            pledged=cents(prow["s"]),
            delivered=ZERO,
        )
    for erow in (
        Pledge.objects.filter(need__challenge=challenge)
        .order_by()
        .values("organisation_id", "need__kind")
        .annotate(s=Sum(_delivered_of_pledge()))
    ):
        key = (erow["organisation_id"], erow["need__kind"])
        if key in shares:
            shares[key].delivered = cents(erow["s"])
    by_pk = Organisation.objects.in_bulk(list(orgs))
    out = []
    for (org_id, _kind), share in shares.items():
        share.organisation = by_pk[org_id]
        if not share.visible:
            share.pledged = share.delivered = None
        out.append(share)
    order = {k: i for i, k in enumerate(NeedKind.values)}
    out.sort(key=lambda s: (s.organisation.name, order[s.kind]))
    return Summary(kinds=kinds, partners=out)


def need_rows(challenge: Challenge, viewer: Any = None) -> list[NeedRow]:
    """The challenge's needs with their pledges; a pledge's amounts only where the viewer may see them."""
    all_amounts, own = _sees_amounts_of(viewer, challenge)
    needs = list(
        Need.objects.filter(challenge=challenge)
        .select_related("skill", "team")
        .annotate(pledged_sum=_pledged_of_need(), delivered_sum=_delivered_of_need())
        .order_by("kind", "pk")
    )
    pledges = (
        Pledge.objects.filter(need__challenge=challenge)
        .select_related("organisation", "offered_by", "decided_by")
        .annotate(delivered_sum=_delivered_of_pledge())
        .order_by("organisation__name", "pk")
    )
    by_need: dict[int, list[PledgeRow]] = defaultdict(list)
    for p in pledges:
        visible = all_amounts or p.organisation_id in own
        by_need[p.need_id].append(PledgeRow(p, visible, cents(p.delivered_sum) if visible else None))
    return [NeedRow(n, cents(n.pledged_sum), cents(n.delivered_sum), by_need.get(n.pk, [])) for n in needs]


@dataclass(frozen=True)
class PersonHours:
    organisation: str
    person: str
    hours: Decimal


def person_hours(challenge: Challenge, viewer: Any) -> list[PersonHours]:
    """Hours per person on ``challenge``, only the rows ``viewer`` may see: their own, their
    organisations' people (as its contact), everyone's for the regisseur."""
    if not getattr(viewer, "is_authenticated", False):
        return []
    rows = (
        LedgerEntry.objects.filter(pledge__need__challenge=challenge, kind=BookingKind.UREN)
        .order_by()
        .values(
            "pledge__organisation_id",
            "pledge__organisation__name",
            "person_id",
            "person__full_name",
            "person__email",
        )
        .annotate(s=Sum("quantity"))
        .order_by("pledge__organisation__name", "person__full_name")
    )
    own = contact_organisations(viewer)
    regisseur = challenge.regisseur_id == viewer.pk
    return [
        PersonHours(
            r["pledge__organisation__name"], r["person__full_name"] or r["person__email"], cents(r["s"])
        )
        for r in rows
        if regisseur or r["person_id"] == viewer.pk or r["pledge__organisation_id"] in own
    ]


# --- a partner's contribution ---------------------------------------------------------------------


@dataclass
class ContributionRow:
    challenge: Challenge
    need: Need
    pledge: Pledge
    delivered: Decimal

    @property
    def behind(self) -> Decimal:
        if self.pledge.state != PledgeState.GEACCEPTEERD:
            return ZERO
        return max(self.pledge.quantity - self.delivered, ZERO)


def contribution(organisation: Organisation) -> list[ContributionRow]:
    """Everything ``organisation`` pledged, and what it delivered on each pledge (one query)."""
    pledges = (
        Pledge.objects.filter(organisation=organisation)
        .select_related("need__challenge")
        .annotate(delivered_sum=Coalesce(Sum("entries__quantity"), Value(ZERO), output_field=_DEC))
        .order_by("need__challenge__title", "need__kind", "pk")
    )
    return [ContributionRow(p.need.challenge, p.need, p, cents(p.delivered_sum)) for p in pledges]


def contribution_totals(organisation: Organisation) -> list[KindSummary]:
    """Per kind: accepted pledged and delivered by ``organisation`` (two grouped queries)."""
    figures: dict[str, Figures] = {}
    for prow in (
        Pledge.objects.filter(organisation=organisation, state=PledgeState.GEACCEPTEERD)
        .order_by()
        .values("need__kind")
        .annotate(s=Sum("quantity"))
    ):
        figures.setdefault(prow["need__kind"], Figures()).pledged = cents(prow["s"])
    for erow in (
        LedgerEntry.objects.filter(pledge__organisation=organisation)
        .order_by()
        .values("pledge__need__kind")
        .annotate(s=Sum("quantity"))
    ):
        figures.setdefault(erow["pledge__need__kind"], Figures()).delivered = cents(erow["s"])
    return kinds_of(figures)


# --- registered with other parts ------------------------------------------------------------------


def ledger_sums(challenge: Any) -> tuple[Decimal, Decimal]:
    """Money and hours booked in the ledger for ``challenge`` (one query)."""
    sums = LedgerEntry.objects.filter(pledge__need__challenge_id=challenge.pk).aggregate(
        money=Sum("quantity", filter=Q(kind=BookingKind.GELD)),
        hours=Sum("quantity", filter=Q(kind=BookingKind.UREN)),
    )
    return (cents(sums["money"]), cents(sums["hours"]))


def ledger_usage(challenge: Any) -> tuple[Decimal, Decimal]:
    """Governance's source of use: the ledger's money and hours PLUS the use entered by hand on the
    mandate page (money the municipality spent itself is not a partner's pledge, so both count)."""
    from veerkracht.governance.usage import entries_usage

    money, hours = ledger_sums(challenge)
    entered_money, entered_hours = entries_usage(challenge)
    return (money + entered_money, hours + entered_hours)


def pledging_q(user: Any) -> Q:
    """Participation: contacts of an organisation with a pledge on the challenge, and people whose hours
    are booked on it, take part in it."""
    contacts = Membership.objects.filter(user=user, role__in=CONTACT_ROLES).values("organisation_id")
    return Q(resource_needs__pledges__organisation_id__in=contacts) | Q(
        resource_needs__pledges__entries__person=user
    )
