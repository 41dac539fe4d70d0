"""Reads of part e. Every figure is a database sum (``Sum``) over needs, accepted pledges and ledger
entries; nothing is kept as a running total. The queries per page are bounded (tested at two sizes).
Ledger sums are taken per pledge (:func:`pledge_sums`, one grouped query that reads the index
``resources_entry_pledge_sums`` alone) and then added up in Python per need, kind or partner (exact
Decimals): on a challenge with 50,000 entries that is several times quicker than a correlated subquery
per pledge or need, or than joining every entry to its pledge and need (bench/RESULTS-resources.md).

* needed — the sum of the needs' quantities (a withdrawn need: what was delivered on it);
* pledged — the sum of the *accepted* pledges' quantities, and of what was delivered on *ended* ones;
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

from django.db.models import DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from veerkracht.agenda.models import Challenge
from veerkracht.agenda.selectors import challenges_of, municipal_challenge_ids
from veerkracht.organisations.models import Membership, Organisation, Role
from veerkracht.resources.models import (
    COUNTING,
    UNITS,
    BookingKind,
    LedgerEntry,
    Need,
    NeedChange,
    NeedKind,
    Pledge,
    PledgeState,
)
from veerkracht.resources.rules import CONTACT_ROLES, consenting, contact_organisations

ZERO = Decimal(0)
CENT = Decimal("0.01")


def cents(value: Any) -> Decimal:
    """A database sum as an exact amount in cents. SQLite sums decimals as floating point
    (0.25 − 0.25 may come back as −5.6e-17); every quantity has two decimals, so rounding to cents
    gives the exact sum on every database."""
    return (Decimal(str(value)) if value is not None else ZERO).quantize(CENT)


_DEC = DecimalField(max_digits=16, decimal_places=2)
#: What a pledge or a need counts for: its quantity, or once ended / withdrawn what was delivered on it.
COUNTED = Coalesce("quantity_at_end", "quantity", output_field=_DEC)


def pledge_sums(challenge_ids: Iterable[int]) -> dict[int, Decimal]:
    """Ledger sums per pledge of the challenges (one grouped query over the index
    ``resources_entry_pledge_sums`` alone: the pledges are chosen first, then each one's entries are
    read from the index), each exact in cents. A need's, kind's or partner's sum is the sum of its
    pledges' sums, added up in Python (exact Decimals). The ledger page takes these once and hands
    them to :func:`summary` and :func:`need_rows`."""
    pledges = Pledge.objects.filter(need__challenge_id__in=list(challenge_ids)).values("pk")
    return {
        r["pledge_id"]: cents(r["s"])
        for r in LedgerEntry.objects.filter(pledge_id__in=pledges)
        .order_by()
        .values("pledge_id")
        .annotate(s=Sum("quantity"))
        .order_by()
    }


def _counted(quantity: Any, quantity_at_end: Any) -> Decimal:
    """A pledge's or need's counted quantity (see :data:`COUNTED`), in cents."""
    return cents(quantity_at_end if quantity_at_end is not None else quantity)


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
    def cover(self) -> str:
        """A coarse state that does not give away amounts: "open" (nothing pledged), "deels" (partly
        covered) or "gedekt" (covered)."""
        if self.pledged <= 0:
            return "open"
        return "gedekt" if self.pledged >= self.needed else "deels"

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
    changes: list[Any] = field(default_factory=list)

    @property
    def needed(self) -> Decimal:
        if self.need.quantity_at_end is not None:
            return cents(self.need.quantity_at_end)
        return cents(self.need.quantity)

    @property
    def figures(self) -> Figures:
        return Figures(self.needed, self.pledged, self.delivered)

    @property
    def cover(self) -> str:
        return self.figures.cover


@dataclass
class OwnKind:
    """For a viewer who does not see every amount: per kind, the need, the viewer's own organisations'
    pledged and delivered, and the coarse state."""

    kind: str
    needed: Decimal
    cover: str
    pledged: Decimal = ZERO
    delivered: Decimal = ZERO

    @property
    def label(self) -> str:
        return str(NeedKind(self.kind).label)

    @property
    def unit(self) -> str:
        return str(UNITS[NeedKind(self.kind)])


@dataclass
class Summary:
    kinds: list[KindSummary]
    partners: list[PartnerShare]

    @property
    def own_kinds(self) -> list[OwnKind]:
        out = {k.kind: OwnKind(k.kind, k.needed, k.cover) for k in self.kinds}
        for share in self.partners:
            if share.visible and share.kind in out:
                out[share.kind].pledged += share.pledged or ZERO
                out[share.kind].delivered += share.delivered or ZERO
        return list(out.values())


def kind_totals(challenge_ids: Iterable[int]) -> dict[int, dict[str, Figures]]:
    """Per challenge, per kind of need: needed, pledged, delivered (three queries: the needs grouped by
    kind, the pledges, the ledger grouped by pledge)."""
    ids = list(challenge_ids)
    out: dict[int, dict[str, Figures]] = defaultdict(dict)

    def at(cid: int, kind: str) -> Figures:
        return out[cid].setdefault(kind, Figures())

    for nrow in (
        Need.objects.filter(challenge_id__in=ids)
        .order_by()
        .values("challenge_id", "kind")
        .annotate(s=Sum(COUNTED))
    ):
        at(nrow["challenge_id"], nrow["kind"]).needed = cents(nrow["s"])
    sums = pledge_sums(ids)
    for p in Pledge.objects.filter(need__challenge_id__in=ids).values_list(
        "pk", "need__challenge_id", "need__kind", "state", "quantity", "quantity_at_end"
    ):
        pk, cid, kind, state, quantity, at_end = p
        figures = at(cid, kind)
        if state in COUNTING:
            figures.pledged += _counted(quantity, at_end)
        figures.delivered += sums.get(pk, ZERO)
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


def summary(challenge: Challenge, viewer: Any = None, *, sums: dict[int, Decimal] | None = None) -> Summary:
    """Per kind: needed, pledged, delivered, gap; per partner and kind: pledged and delivered (only the
    viewer's own organisations' amounts unless the viewer sees all; ``viewer=None`` sees all)."""
    all_amounts, own = _sees_amounts_of(viewer, challenge)
    figures: dict[str, Figures] = {}
    for nrow in Need.objects.filter(challenge=challenge).order_by().values("kind").annotate(s=Sum(COUNTED)):
        figures.setdefault(nrow["kind"], Figures()).needed = cents(nrow["s"])
    sums = pledge_sums([challenge.pk]) if sums is None else sums
    shares: dict[tuple[int, str], PartnerShare] = {}
    orgs: dict[int, None] = {}
    delivered: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    for pk, org_id, kind, state, quantity, at_end in (
        Pledge.objects.filter(need__challenge=challenge)
        .order_by("pk")
        .values_list("pk", "organisation_id", "need__kind", "state", "quantity", "quantity_at_end")
    ):
        at = figures.setdefault(kind, Figures())
        done = sums.get(pk, ZERO)
        at.delivered += done
        delivered[(org_id, kind)] += done
        if state in COUNTING:
            counted = _counted(quantity, at_end)
            at.pledged += counted
            orgs[org_id] = None
            share = shares.get((org_id, kind))
            if share is None:
                share = shares[(org_id, kind)] = PartnerShare(
                    organisation=None,  # type: ignore[arg-type]  # filled below
                    kind=kind,
                    visible=all_amounts or org_id in own,
                    pledged=ZERO,
                    delivered=ZERO,
                )
            share.pledged = (share.pledged or ZERO) + counted
    for key, share in shares.items():
        share.delivered = delivered[key]
    kinds = kinds_of(figures)
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


def need_rows(
    challenge: Challenge, viewer: Any = None, *, sums: dict[int, Decimal] | None = None
) -> list[NeedRow]:
    """The challenge's needs with their pledges; a pledge's amounts only where the viewer may see them."""
    all_amounts, own = _sees_amounts_of(viewer, challenge)
    needs = list(
        Need.objects.filter(challenge=challenge).select_related("skill", "team").order_by("kind", "pk")
    )
    pledges = (
        Pledge.objects.filter(need__challenge=challenge)
        .select_related("organisation", "offered_by", "decided_by")
        .order_by("organisation__name", "pk")
    )
    sums = pledge_sums([challenge.pk]) if sums is None else sums
    by_need: dict[int, list[PledgeRow]] = defaultdict(list)
    pledged: dict[int, Decimal] = defaultdict(lambda: ZERO)
    delivered: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for p in pledges:
        done = sums.get(p.pk, ZERO)
        delivered[p.need_id] += done
        if p.state in COUNTING:
            pledged[p.need_id] += _counted(p.quantity, p.quantity_at_end)
        visible = all_amounts or p.organisation_id in own
        by_need[p.need_id].append(PledgeRow(p, visible, done if visible else None))
    changes: dict[int, list[NeedChange]] = defaultdict(list)
    for change in NeedChange.objects.filter(need__challenge=challenge).select_related("changed_by"):
        changes[change.need_id].append(change)
    return [
        NeedRow(n, pledged[n.pk], delivered[n.pk], by_need.get(n.pk, []), changes.get(n.pk, []))
        for n in needs
    ]


@dataclass(frozen=True)
class PersonHours:
    organisation: str
    person: str
    hours: Decimal


def person_hours(challenge: Challenge, viewer: Any) -> list[PersonHours]:
    """Hours per person on ``challenge``, only the rows ``viewer`` may see: their own, everyone's for
    the regisseur, and as an organisation's contact its people who consented (:class:`HoursConsent`)."""
    if not getattr(viewer, "is_authenticated", False):
        return []
    rows = (
        LedgerEntry.objects.filter(
            pledge_id__in=Pledge.objects.filter(need__challenge=challenge).values("pk"), kind=BookingKind.UREN
        )
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
    regisseur = challenge.regisseur_id == viewer.pk
    consented = set() if regisseur else consenting(contact_organisations(viewer))
    return [
        PersonHours(
            r["pledge__organisation__name"], r["person__full_name"] or r["person__email"], cents(r["s"])
        )
        for r in rows
        if regisseur
        or r["person_id"] == viewer.pk
        or (r["person_id"], r["pledge__organisation_id"]) in consented
    ]


def ledger_challenges_of(user: Any) -> QuerySet[Challenge]:
    """The challenges whose ledger page ``user`` may open, in one query: the ones they take part in
    and the ones of a municipality they are a board member of (``resources.view_challenge``)."""
    if not getattr(user, "is_authenticated", False):
        return Challenge.objects.none()
    boards = Membership.objects.filter(user=user, role=Role.BESTUURDER).values("organisation_id")
    return Challenge.objects.filter(
        Q(pk__in=challenges_of(user).values("pk")) | Q(pk__in=municipal_challenge_ids(boards))
    )


def pledges_visible_to(user: Any) -> QuerySet[Pledge]:
    """The pledges on the ledger pages ``user`` may open (whose amounts they see is
    ``resources.see_all_amounts`` or their own organisations', as on the page)."""
    return Pledge.objects.filter(need__challenge__in=ledger_challenges_of(user).values("pk"))


# --- a person's hours statement --------------------------------------------------------------------


@dataclass(frozen=True)
class WeekHours:
    week: Any
    hours: Decimal


@dataclass(frozen=True)
class ChallengeHours:
    challenge: str
    slug: str
    for_team: bool  # booked on a need of the challenge's innovation team
    organisation: str
    hours: Decimal


@dataclass
class HoursStatement:
    weeks: list[WeekHours]
    challenges: list[ChallengeHours]

    @property
    def total(self) -> Decimal:
        return sum((w.hours for w in self.weeks), ZERO)


def hours_statement(person: Any, organisation: Organisation | None = None) -> HoursStatement:
    """``person``'s booked hours (corrections included) per week and per challenge and team, across
    every challenge; with ``organisation``, only the hours booked on that organisation's pledges
    (what its contacts may see with the person's consent). Two grouped queries."""
    entries = LedgerEntry.objects.filter(person=person, kind=BookingKind.UREN)
    if organisation is not None:
        entries = entries.filter(pledge__organisation=organisation)
    weeks = [
        WeekHours(r["week"], cents(r["s"]))
        for r in entries.order_by().values("week").annotate(s=Sum("quantity")).order_by("-week")
    ]
    challenges = [
        ChallengeHours(
            r["pledge__need__challenge__title"],
            r["pledge__need__challenge__slug"],
            r["pledge__need__team_id"] is not None,
            r["pledge__organisation__name"],
            cents(r["s"]),
        )
        for r in entries.order_by()
        .values(
            "pledge__need__challenge__title",
            "pledge__need__challenge__slug",
            "pledge__need__team_id",
            "pledge__organisation__name",
        )
        .annotate(s=Sum("quantity"))
        .order_by("pledge__need__challenge__title", "pledge__need__team_id", "pledge__organisation__name")
    ]
    return HoursStatement([w for w in weeks if w.hours != 0], [c for c in challenges if c.hours != 0])


@dataclass(frozen=True)
class ConsentingPerson:
    person: Any
    given_at: Any
    hours: Decimal


def consenting_people(organisation: Organisation) -> list[ConsentingPerson]:
    """The organisation's members whose consent to it stands, with their hours booked on its pledges
    (two queries)."""
    from veerkracht.resources.models import HoursConsent

    consents = list(
        HoursConsent.objects.filter(
            organisation=organisation,
            withdrawn_at__isnull=True,
            person__memberships__organisation=organisation,
        )
        .select_related("person")
        .distinct()
        .order_by("person__full_name", "person__email")
    )
    hours = dict(
        LedgerEntry.objects.filter(
            pledge__organisation=organisation,
            kind=BookingKind.UREN,
            person_id__in=[c.person_id for c in consents],
        )
        .order_by()
        .values_list("person_id")
        .annotate(s=Sum("quantity"))
    )
    return [ConsentingPerson(c.person, c.given_at, cents(hours.get(c.person_id))) for c in consents]


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


@dataclass
class ChallengeContribution:
    challenge: Challenge
    kinds: list[KindSummary]


def contribution_by_challenge(rows: list[ContributionRow]) -> list[ChallengeContribution]:
    """Per challenge and kind: accepted pledged and delivered, added up from :func:`contribution`'s rows
    (no query of its own, so the page and the PDF statement show the same figures)."""
    figures: dict[int, dict[str, Figures]] = {}
    challenges: dict[int, Challenge] = {}
    for row in rows:
        challenges.setdefault(row.challenge.pk, row.challenge)
        at = figures.setdefault(row.challenge.pk, {}).setdefault(row.need.kind, Figures())
        at.pledged += cents(row.pledge.counted)
        at.delivered += row.delivered
    return [
        ChallengeContribution(challenges[pk], kinds_of(figures[pk]))
        for pk in challenges  # rows are ordered by challenge title
    ]


def contribution_totals(organisation: Organisation) -> list[KindSummary]:
    """Per kind: accepted pledged and delivered by ``organisation`` (two grouped queries)."""
    figures: dict[str, Figures] = {}
    for prow in (
        Pledge.objects.filter(organisation=organisation, state__in=COUNTING)
        .order_by()
        .values("need__kind")
        .annotate(s=Sum(COUNTED))
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
    # Two subqueries that start from the person's few pledges and bookings: an OR across the joins of
    # needs, pledges and ledger entries is evaluated over every entry of the country.
    pledged = Pledge.objects.filter(organisation_id__in=contacts).values("need__challenge_id")
    booked = LedgerEntry.objects.filter(person=user).values("pledge__need__challenge_id")
    return Q(pk__in=pledged) | Q(pk__in=booked)
