"""Reads of the fieldwork: waves a person may manage, the live dashboard, and the answers of a wave
as the monitor engine's input. Every statistic comes from ``veerkracht.monitor.scoring``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from veerkracht.agenda import selectors as agenda_selectors
from veerkracht.agenda.models import Challenge, Stakeholder
from veerkracht.core.models import EmailStatus
from veerkracht.fieldwork import reminders
from veerkracht.fieldwork.models import (
    Answer,
    BenchmarkHeadline,
    FacetAnswer,
    Invitation,
    InvitationMessage,
    OpenAnswer,
    Response,
    ResponseSource,
    ResponseStatus,
    Wave,
    WaveHeadline,
)
from veerkracht.fieldwork.structure import Structure, spec_of
from veerkracht.fieldwork.workflow import WaveState
from veerkracht.monitor.scoring import (
    FacetProfile,
    ResponseSet,
    WaveResult,
    facet_profile,
    responses_from_records,
    score_wave,
)
from veerkracht.organisations.models import Membership, Role

REPORT_MIN_RESPONDENTS = 10
REPORT_MIN_ORGANISATIONS = 3
MIN_BENCHMARK = 20


def report_minimum_met(completed: int, organisations: int) -> bool:
    """Whether a wave has answers enough for a report: at least :data:`REPORT_MIN_RESPONDENTS`
    completed responses from at least :data:`REPORT_MIN_ORGANISATIONS` organisations."""
    return completed >= REPORT_MIN_RESPONDENTS and organisations >= REPORT_MIN_ORGANISATIONS


def _base() -> QuerySet[Wave]:
    return Wave.objects.select_related(
        "challenge__agenda", "challenge__lead_municipality", "challenge__regisseur", "instrument", "previous"
    )


def managed_challenges(user: Any) -> QuerySet[Challenge]:
    """Challenges whose waves ``user`` manages: the ones they direct or whose agenda they coordinate
    (an installation administrator manages none through this: pages list only what a person may
    open, and waves are the challenge's regisseur's and coordinators')."""
    if not getattr(user, "is_authenticated", False):
        return Challenge.objects.none()
    access = agenda_selectors.access_of(user)
    return Challenge.objects.filter(Q(agenda_id__in=access.coordinated) | Q(regisseur=user))


def _count_per_wave(rows: QuerySet[Any]) -> Coalesce:
    """A correlated count of ``rows`` (a queryset of a model with a ``wave`` key) for the outer
    wave: counted per wave through the wave's index instead of joining every invitation and response
    of the country to the waves and grouping them back (``Count(..., distinct=True)``)."""
    counted = rows.filter(wave=OuterRef("pk")).order_by().values("wave").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _listed() -> QuerySet[Wave]:
    """Waves for a list (the monitor's start page, the home panel), which shows of each its challenge's
    title: only the challenge is joined. With every relation of :func:`_base` joined as well, PostgreSQL
    spent 18 ms planning the national list (for 2 ms of running it)."""
    return Wave.objects.select_related("challenge")


def waves_for(user: Any) -> QuerySet[Wave]:
    """Waves ``user`` manages, with their response counts (one query)."""
    return (
        _listed()
        .filter(challenge__in=managed_challenges(user))
        .annotate(
            n_invited=_count_per_wave(Invitation.objects.all()),
            n_completed=_count_per_wave(Response.objects.filter(status=ResponseStatus.COMPLETED)),
        )
        .order_by("challenge__title", "number")
    )


def _results_q(user: Any) -> Q:
    """Challenges whose reported waves are shared with ``user``: the board members (bestuurder) of the
    lead municipality and the partner contacts of the challenge's stakeholder organisations.

    The person's few organisations are read first; the stakeholders are then a subquery by those ids.
    (Filtering challenges through a join of all stakeholder rows and ``OR``-ing the two roles made
    PostgreSQL hash every stakeholder and challenge of the country: 60 ms for the monitor's start page.)
    """
    board: list[int] = []
    contact: list[int] = []
    for role, organisation in Membership.objects.filter(
        user=user, role__in=[Role.BESTUURDER, Role.PARTNERCONTACT]
    ).values_list("role", "organisation_id"):
        (board if role == Role.BESTUURDER else contact).append(organisation)
    return Q(lead_municipality_id__in=board) | Q(
        pk__in=Stakeholder.objects.filter(organisation_id__in=contact).values("challenge_id")
    )


def results_shared_with(user: Any, challenge: Challenge) -> bool:
    """May ``user`` read the reports of ``challenge``'s reported waves (at the report minimum, as
    the survey promises the organisations taking part)? See :func:`_results_q`."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Challenge.objects.filter(_results_q(user), pk=challenge.pk).exists()


def shared_reports_for(user: Any) -> QuerySet[Wave]:
    """Reported waves shared with ``user`` that they do not manage (one query)."""
    if not getattr(user, "is_authenticated", False):
        return Wave.objects.none()
    shared = Challenge.objects.filter(_results_q(user)).values("pk")
    return (
        _listed()
        .filter(state=WaveState.GERAPPORTEERD, challenge_id__in=shared)
        .exclude(challenge__in=managed_challenges(user))
        .order_by("challenge__title", "number")
    )


def stakeholder_names(challenge: Challenge) -> list[str]:
    """The names of the challenge's stakeholder organisations, offered when inviting respondents."""
    return list(
        challenge.stakeholders.order_by("organisation__name").values_list("organisation__name", flat=True)
    )


def wave_or_404(user: Any, pk: int) -> Wave:
    """The wave if ``user`` takes part in its challenge, or it is a reported wave whose results are
    shared with them (views check the finer permission); else 404 — also for people of another
    municipality — whether or not it exists."""
    wave = _base().filter(pk=pk).first()
    if wave is None:
        raise Http404
    if not agenda_selectors.is_challenge_participant(user, wave.challenge) and not (
        wave.state == WaveState.GERAPPORTEERD and results_shared_with(user, wave.challenge)
    ):
        raise Http404
    return wave


@dataclass(frozen=True)
class SendingProgress:
    sent: int
    total: int

    @property
    def pending(self) -> int:
        return self.total - self.sent


def sending_progress(wave: Wave) -> SendingProgress | None:
    """How many invitations of an open wave have gone out (one query); None when not open."""
    if wave.state != WaveState.OPEN:
        return None
    counts = Invitation.objects.filter(wave=wave).aggregate(
        total=Count("pk"), sent=Count("pk", filter=Q(first_sent_at__isnull=False))
    )
    return SendingProgress(sent=counts["sent"], total=counts["total"])


# --- dashboard ----------------------------------------------------------------------------------


@dataclass
class Row:
    """Response figures of a group of invitations. ``suppressed``: the figures that tell who answered
    (started, completed, rate) are withheld, because fewer than the wave's report minimum (k)
    completed — or because they would give away a withheld row (see :func:`suppress_small`)."""

    key: str
    label: str
    invited: int = 0
    started: int = 0
    completed: int = 0
    suppressed: bool = False

    @property
    def rate(self) -> float | None:
        if self.suppressed:
            return None
        return self.completed / self.invited * 100 if self.invited else None


def suppress_small(rows: list[Row], k: int) -> list[Row]:
    """Mark the rows with fewer than ``k`` completed as suppressed (the report minimum applied to
    response figures: a group of one showing "1/1" says who answered). When exactly one row is
    suppressed, the next smallest is too, so that it cannot be worked out from the total."""
    for row in rows:
        row.suppressed = row.completed < k
    hidden = [r for r in rows if r.suppressed]
    shown = [r for r in rows if not r.suppressed]
    if len(hidden) == 1 and shown:
        min(shown, key=lambda r: (r.completed, r.key)).suppressed = True
    return rows


@dataclass
class Dashboard:
    total: Row
    by_group: list[Row]
    by_organisation: list[Row]
    other_sources: dict[str, int]  # completed responses without invitation: open link, import
    completed_total: int
    started_total: int
    organisations_completed: int
    report_ready: bool
    days_left: int | None
    reminders: dict[str, int]
    next_reminder: dt.datetime | None
    emails: dict[str, int]
    failed: list[dict[str, Any]] = field(default_factory=list)


def dashboard(wave: Wave, structure: Structure, language: str) -> Dashboard:
    """Response figures per stakeholder group and organisation (never per person). A fixed number of
    queries, whatever the number of invitations."""
    invitations = Invitation.objects.filter(wave=wave)
    counts = {
        "invited": Count("pk"),
        "started": Count("pk", filter=Q(started=True)),
        "completed": Count("pk", filter=Q(completed=True)),
    }
    by_group = [
        Row(
            key=r["group"],
            label=structure.group_label(r["group"], language) if r["group"] else "",
            invited=r["invited"],
            started=r["started"],
            completed=r["completed"],
        )
        for r in cast(Any, invitations.values("group").annotate(**counts).order_by("group"))
    ]
    by_org = [
        Row(
            key=r["organisation"],
            label=r["organisation"],
            invited=r["invited"],
            started=r["started"],
            completed=r["completed"],
        )
        for r in cast(Any, invitations.values("organisation").annotate(**counts).order_by("organisation"))
    ]
    total = Row(
        key="",
        label="",
        invited=sum(r.invited for r in by_group),
        started=sum(r.started for r in by_group),
        completed=sum(r.completed for r in by_group),
    )
    suppress_small(by_group, wave.k)
    suppress_small(by_org, wave.k)
    other = dict(
        Response.objects.filter(wave=wave, status=ResponseStatus.COMPLETED)
        .exclude(source=ResponseSource.INVITATION)
        .values_list("source")
        .annotate(n=Count("pk"))
    )
    # every response of any source was started (a personal link's too), so started ≥ completed
    totals = Response.objects.filter(wave=wave).aggregate(
        started=Count("pk"), completed=Count("pk", filter=Q(status=ResponseStatus.COMPLETED))
    )
    completed_total, started_total = totals["completed"], totals["started"]
    organisations = sum(1 for r in by_org if r.completed)
    reminder_counts = dict(
        invitations.filter(first_sent_at__isnull=False).values_list("reminders_sent").annotate(n=Count("pk"))
    )
    next_due = None
    pending = (
        invitations.filter(
            completed=False, first_sent_at__isnull=False, reminders_sent__lt=reminders.MAX_REMINDERS
        )
        .order_by("last_sent_at")
        .values("first_sent_at", "last_sent_at", "reminders_sent")
        .first()
    )
    if pending and wave.state == WaveState.OPEN:
        next_due = reminders.next_due_at(
            reminders.InvitationState(
                first_sent_at=pending["first_sent_at"],
                last_sent_at=pending["last_sent_at"],
                reminders_sent=pending["reminders_sent"],
                completed=False,
            ),
            interval_days=wave.reminder_days,
        )
    emails = dict(
        InvitationMessage.objects.filter(invitation__wave=wave, email__isnull=False)
        .values_list("email__status")
        .annotate(n=Count("pk"))
    )
    failed: list[dict[str, Any]] = list(
        cast(
            Any,
            InvitationMessage.objects.filter(
                invitation__wave=wave, email__status__in=[EmailStatus.FAILED, EmailStatus.UNCERTAIN]
            )
            .values("invitation__email", "invitation__organisation", "kind", "email__last_error")
            .order_by("invitation__email")[:100],
        )
    )
    days_left = None
    if wave.state in (WaveState.CONCEPT, WaveState.OPEN):
        days_left = max((wave.ends_on - timezone.localdate()).days, 0)
    return Dashboard(
        total=total,
        by_group=by_group,
        by_organisation=by_org,
        other_sources={str(k): v for k, v in other.items()},
        completed_total=completed_total,
        started_total=started_total,
        organisations_completed=organisations,
        report_ready=report_minimum_met(completed_total, organisations),
        days_left=days_left,
        reminders={str(k): v for k, v in reminder_counts.items()},
        next_reminder=next_due,
        emails={str(k): v for k, v in emails.items()},
        failed=failed,
    )


@dataclass
class ResponseLine:
    """A line of the report's response table. ``invited`` is None for answers without an invitation
    (open link, import), which get a line of their own."""

    key: str
    label: str
    invited: int | None
    completed: int
    suppressed: bool = False

    @property
    def rate(self) -> float | None:
        if self.suppressed or not self.invited:
            return None
        return self.completed / self.invited * 100


def response_lines(wave: Wave, structure: Structure, language: str) -> list[ResponseLine]:
    """The report's response table: each completed response counted once. Personal links per the
    group they were invited in (invitees without a preset group chose theirs in the survey: one line);
    open-link and imported answers each on a line of their own; answers of respondents removed from
    the list after answering on one more line. Group lines with fewer than k answers are suppressed
    (:func:`suppress_small`). Three queries."""
    from django.utils.translation import gettext as _

    rows = [
        Row(
            key=r["group"],
            label=structure.group_label(r["group"], language) if r["group"] else _("chosen in the survey"),
            invited=r["invited"],
            completed=r["completed"],
        )
        for r in cast(
            Any,
            Invitation.objects.filter(wave=wave)
            .values("group")
            .annotate(invited=Count("pk"), completed=Count("pk", filter=Q(completed=True)))
            .order_by("group"),
        )
    ]
    suppress_small(rows, wave.k)
    lines = [ResponseLine(r.key, r.label, r.invited, r.completed, r.suppressed) for r in rows]
    by_source = dict(
        Response.objects.filter(wave=wave, status=ResponseStatus.COMPLETED)
        .values_list("source")
        .annotate(n=Count("pk"))
    )
    removed = by_source.get(ResponseSource.INVITATION, 0) - sum(r.completed for r in rows)
    if removed > 0:
        lines.append(ResponseLine("removed", _("personal link, since removed from the list"), None, removed))
    if by_source.get(ResponseSource.OPEN_LINK):
        lines.append(ResponseLine("open_link", _("open link"), None, by_source[ResponseSource.OPEN_LINK]))
    if by_source.get(ResponseSource.IMPORT):
        lines.append(ResponseLine("import", _("imported"), None, by_source[ResponseSource.IMPORT]))
    return lines


# --- answers as the engine's input -------------------------------------------------------------


def completed_responses(wave: Wave) -> QuerySet[Response]:
    return Response.objects.filter(wave=wave, status=ResponseStatus.COMPLETED).order_by("pk")


def response_set(wave: Wave) -> ResponseSet:
    """The wave's completed answers as the engine's ResponseSet (two queries). Respondent ids are
    positions ("R1", …), never database keys."""
    spec = spec_of(wave.instrument)
    responses = list(completed_responses(wave).values_list("pk", "group"))
    index = {pk: i for i, (pk, _g) in enumerate(responses)}
    answers: list[dict[str, int | None]] = [{} for _ in responses]
    for response_id, code, value in Answer.objects.filter(
        response__wave=wave, response__status=ResponseStatus.COMPLETED
    ).values_list("response_id", "item__code", "value"):
        answers[index[response_id]][code] = value
    return responses_from_records(
        instrument=spec,
        records=((f"R{i + 1}", group, answers[i]) for i, (_pk, group) in enumerate(responses)),
    )


def benchmark_headlines(
    *, instrument_code: str | None = None, exclude_challenge_id: int | None = None
) -> list[tuple[str, str, str, str, float]]:
    """Every earlier challenge's headline per dimension that benchmarks read: the stored historic
    scores and the headlines of the installation's reported waves (two queries). Rows of
    (instrument code, dimension code, challenge label, domain code, headline); a reported wave's
    challenge label is ``wave:<id>``. Only ``instrument_code`` when given; never the waves of
    ``exclude_challenge_id``."""
    historic = BenchmarkHeadline.objects.all()
    reported = Wave.objects.filter(state=WaveState.GERAPPORTEERD)
    if instrument_code is not None:
        historic = historic.filter(instrument_code=instrument_code)
        reported = reported.filter(instrument__code=instrument_code)
    if exclude_challenge_id is not None:
        reported = reported.exclude(challenge_id=exclude_challenge_id)
    rows: list[tuple[str, str, str, str, float]] = [
        (code, dim, label, dom or "", float(headline))
        for code, dim, label, dom, headline in historic.order_by("pk").values_list(
            "instrument_code", "dimension_code", "challenge_label", "domain_code", "headline"
        )
    ]
    for wave_id, code, dim, dom, headline in (
        WaveHeadline.objects.filter(wave__in=reported, headline__isnull=False)
        .order_by("pk")
        .values_list(
            "wave_id", "wave__instrument__code", "dimension_code", "wave__challenge__domain__code", "headline"
        )
    ):
        if headline is not None:
            rows.append((code, dim, f"wave:{wave_id}", dom or "", float(headline)))
    return rows


def benchmark_for(wave: Wave) -> tuple[dict[str, list[float]], int, str]:
    """Earlier challenges' headline scores per dimension (:func:`benchmark_headlines`: the
    installation's reported waves of other challenges, their headlines stored when reported,
    :class:`WaveHeadline`, plus stored historic scores); by the challenge's domain when that gives
    ≥ 20. Two queries; it writes nothing (waves reported before headlines were stored get them from
    ``veerkracht store_wave_headlines``). Returns (benchmark, number of challenges, "domain" | "all")."""
    domain = wave.challenge.domain.code if wave.challenge.domain_id else ""
    rows = [
        (dim, label, dom, headline)
        for _code, dim, label, dom, headline in benchmark_headlines(
            instrument_code=wave.instrument.code, exclude_challenge_id=wave.challenge_id
        )
    ]
    in_domain = [r for r in rows if domain and r[2] == domain]
    chosen, basis = rows, "all"
    if len({r[1] for r in in_domain}) >= MIN_BENCHMARK:
        chosen, basis = in_domain, "domain"
    bench: dict[str, list[float]] = defaultdict(list)
    for dim, _label, _dom, headline in chosen:
        bench[dim].append(float(headline))
    return dict(bench), len({r[1] for r in chosen}), basis


def wave_scores(
    wave: Wave,
    *,
    with_benchmark: bool = True,
    benchmark: dict[str, list[float]] | None = None,
) -> WaveResult:
    """The engine's WaveResult for the wave's completed answers (k of the wave). ``benchmark`` when
    the caller has it already (else looked up when ``with_benchmark``)."""
    spec = spec_of(wave.instrument)
    if benchmark is None and with_benchmark:
        benchmark = benchmark_for(wave)[0]
    return score_wave(instrument=spec, responses=response_set(wave), k=wave.k, benchmark=benchmark or None)


def facets_of(wave: Wave, structure: Structure) -> FacetProfile | None:
    codes = [c.value for _pk, c in structure.facets]
    if not codes:
        return None
    responses = list(completed_responses(wave).values_list("pk", "group"))
    index = {pk: i for i, (pk, _g) in enumerate(responses)}
    alloc = np.full((len(responses), len(codes)), np.nan)
    position = {pk: j for j, (pk, _c) in enumerate(structure.facets)}
    for response_id, option_id, points in FacetAnswer.objects.filter(
        response__wave=wave, response__status=ResponseStatus.COMPLETED
    ).values_list("response_id", "option_id", "points"):
        alloc[index[response_id], position[option_id]] = points
    answered = ~np.all(np.isnan(alloc), axis=1)
    groups = [g or "onbekend" for (_pk, g), ok in zip(responses, answered, strict=True) if ok]
    return facet_profile(groups=groups, allocations=alloc[answered], k=wave.k, facets=codes)


def open_comments(wave: Wave, structure: Structure, minimum: int) -> dict[str, dict[str, list[str]]]:
    """Open answers per question and group, only for groups with at least ``minimum`` comments on
    that question (docs/monitor/instrument.md); the texts are shuffled out of submission order (sorted)."""
    per: dict[tuple[str, str], list[str]] = defaultdict(list)
    codes = {q.pk: q.code for q in structure.open_questions}
    for question_id, group, text in OpenAnswer.objects.filter(
        response__wave=wave, response__status=ResponseStatus.COMPLETED
    ).values_list("question_id", "response__group", "text"):
        per[(codes[question_id], group or "onbekend")].append(text)
    out: dict[str, dict[str, list[str]]] = defaultdict(dict)
    for (question, group), texts in sorted(per.items()):
        if len(texts) >= minimum:
            out[question][group] = sorted(texts)
    return dict(out)


def latest_reported_wave(challenge: Challenge) -> Wave | None:
    """The challenge's reported wave with the highest number, or None."""
    return (
        Wave.objects.filter(challenge=challenge, state=WaveState.GERAPPORTEERD)
        .select_related("instrument")
        .order_by("-number")
        .first()
    )


def waves_without_headlines() -> QuerySet[Wave]:
    """Reported waves whose headlines were never stored (reported before they were)."""
    return Wave.objects.filter(state=WaveState.GERAPPORTEERD, headlines__isnull=True)
