"""Reads of the fieldwork: waves a person may manage, the live dashboard, and the answers of a wave
as the monitor engine's input. Every statistic comes from ``veerkracht.monitor.scoring``."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from veerkracht.agenda import selectors as agenda_selectors
from veerkracht.agenda.models import Challenge
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

REPORT_MIN_RESPONDENTS = 10
REPORT_MIN_ORGANISATIONS = 3
MIN_BENCHMARK = 20


def _base() -> QuerySet[Wave]:
    return Wave.objects.select_related(
        "challenge__agenda", "challenge__lead_municipality", "challenge__regisseur", "instrument", "previous"
    )


def managed_challenges(user: Any) -> QuerySet[Challenge]:
    """Challenges whose waves ``user`` manages: the ones they direct or whose agenda they coordinate."""
    if not getattr(user, "is_authenticated", False):
        return Challenge.objects.none()
    if getattr(user, "is_superuser", False):
        return Challenge.objects.all()
    access = agenda_selectors.access_of(user)
    return Challenge.objects.filter(Q(agenda_id__in=access.coordinated) | Q(regisseur=user))


def waves_for(user: Any) -> QuerySet[Wave]:
    """Waves ``user`` manages, with their response counts (one query)."""
    return (
        _base()
        .filter(challenge__in=managed_challenges(user))
        .annotate(
            n_invited=Count("invitations", distinct=True),
            n_completed=Count(
                "responses", filter=Q(responses__status=ResponseStatus.COMPLETED), distinct=True
            ),
        )
        .order_by("challenge__title", "number")
    )


def wave_or_404(user: Any, pk: int) -> Wave:
    """The wave if ``user`` takes part in its challenge (views check the finer permission); else 404
    — also for people of another municipality — whether or not it exists."""
    wave = _base().filter(pk=pk).first()
    if wave is None or not agenda_selectors.is_challenge_participant(user, wave.challenge):
        raise Http404
    return wave


# --- dashboard ----------------------------------------------------------------------------------


@dataclass
class Row:
    key: str
    label: str
    invited: int = 0
    started: int = 0
    completed: int = 0

    @property
    def rate(self) -> float | None:
        return self.completed / self.invited * 100 if self.invited else None


@dataclass
class Dashboard:
    total: Row
    by_group: list[Row]
    by_organisation: list[Row]
    other_sources: dict[str, int]  # completed responses without invitation: open link, import
    completed_total: int
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
    other = dict(
        Response.objects.filter(wave=wave, status=ResponseStatus.COMPLETED)
        .exclude(source=ResponseSource.INVITATION)
        .values_list("source")
        .annotate(n=Count("pk"))
    )
    completed_total = Response.objects.filter(wave=wave, status=ResponseStatus.COMPLETED).count()
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
        organisations_completed=organisations,
        report_ready=completed_total >= REPORT_MIN_RESPONDENTS and organisations >= REPORT_MIN_ORGANISATIONS,
        days_left=days_left,
        reminders={str(k): v for k, v in reminder_counts.items()},
        next_reminder=next_due,
        emails={str(k): v for k, v in emails.items()},
        failed=failed,
    )


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


def benchmark_for(wave: Wave) -> tuple[dict[str, list[float]], int, str]:
    """Earlier challenges' headline scores per dimension: the installation's reported waves of other
    challenges (their headlines stored when reported, :class:`WaveHeadline`) plus stored historic
    scores; by the challenge's domain when that gives ≥ 20. Two queries; it writes nothing (waves
    reported before headlines were stored get them from ``veerkracht store_wave_headlines``).
    Returns (benchmark, number of challenges, "domain" | "all")."""
    code = wave.instrument.code
    domain = wave.challenge.domain.code if wave.challenge.domain_id else ""
    rows: list[tuple[str, str, str, float]] = list(
        BenchmarkHeadline.objects.filter(instrument_code=code).values_list(
            "dimension_code", "challenge_label", "domain_code", "headline"
        )
    )
    reported = Wave.objects.filter(state=WaveState.GERAPPORTEERD, instrument__code=code).exclude(
        challenge_id=wave.challenge_id
    )
    for wave_id, dimension, dom, headline in WaveHeadline.objects.filter(
        wave__in=reported, headline__isnull=False
    ).values_list("wave_id", "dimension_code", "wave__challenge__domain__code", "headline"):
        if headline is not None:
            rows.append((dimension, f"wave:{wave_id}", dom or "", float(headline)))
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
    that question (INSTRUMENT.md); the texts are shuffled out of submission order (sorted)."""
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
