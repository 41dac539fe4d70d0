"""The open data sets: what each one holds, read through the parts' own public selectors.

Each data set is what the public pages show, never more (rich text as plain text, as in the agenda's
own export):

* ``innovatieagendas`` — the published agendas (the public agenda page's heading);
* ``opgaven`` — the public challenges: published, on a published agenda (the public challenge page);
* ``lessen`` — the lessons shared with everyone (the learning community's public list);
* ``besluiten`` — every municipality's decision log, redacted as on the public log page (a
  confidential entry keeps its number, time, digest and hash; its content is left out);
* ``benchmark`` — the monitor's benchmark, aggregated per instrument, domain and dimension; a cell
  is published only when at least ``fieldwork.selectors.REPORT_MIN_RESPONDENTS`` earlier challenges
  contribute to it.

Every set but the benchmark (aggregated over the installation) can be narrowed to one municipality:
its agendas and its regions' joint agendas, the challenges it leads, its lessons, its decision log.

Rows are read in chunks of :data:`CHUNK` (keyset on the primary key), so a download of any size holds
one chunk in memory and runs a number of queries that grows with the chunks, not with the rows.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from veerkracht.agenda import selectors as agenda_selectors
from veerkracht.agenda.models import Stakeholder
from veerkracht.agenda.sanitise import plain_text
from veerkracht.community import selectors as community_selectors
from veerkracht.fieldwork import selectors as fieldwork_selectors
from veerkracht.governance import selectors as governance_selectors
from veerkracht.governance.models import DecisionChain
from veerkracht.organisations.models import Kind, Organisation

CHUNK = 500

LICENCE_ID = "CC0-1.0"
LICENCE_URL = "http://creativecommons.org/publicdomain/zero/1.0/deed.nl"
LICENCE_NAME = "Creative Commons Zero 1.0 (CC0 1.0)"


def absolute(path: str) -> str:
    """``path`` on this installation's public address (``SITE_URL``, never the request's host)."""
    return str(settings.SITE_URL).rstrip("/") + path


def chunked(queryset: QuerySet[Any], *, key: str = "pk", size: int | None = None) -> Iterator[Any]:
    """The rows of ``queryset`` in ``key`` order, ``size`` (:data:`CHUNK`) at a time: one query per
    chunk, plus the queryset's prefetches per chunk."""
    size = size or CHUNK
    last = None
    while True:
        page = queryset.order_by(key)
        if last is not None:
            page = page.filter(**{f"{key}__gt": last})
        batch = list(page[:size])
        yield from batch
        if len(batch) < size:
            return
        last = getattr(batch[-1], key)


@dataclass(frozen=True, slots=True)
class Dataset:
    slug: str
    title: Promise
    description: Promise
    columns: tuple[str, ...]
    rows: Callable[[Organisation | None], Iterator[dict[str, Any]]]
    modified: Callable[[], dt.date | None]
    per_municipality: bool = True


# --- innovation agendas ---------------------------------------------------------------------------


def _public_agendas() -> QuerySet[Any]:
    return agenda_selectors.public_agendas().annotate(
        public_challenges=Count("challenges", filter=agenda_selectors.public_q("challenges__"))
    )


def agenda_rows(municipality: Organisation | None = None) -> Iterator[dict[str, Any]]:
    agendas = _public_agendas()
    if municipality is not None:  # its own agendas and its regions' joint agendas
        agendas = agendas.filter(
            Q(municipality=municipality) | Q(region__in=municipality.regions.values("pk"))
        )
    for agenda in chunked(agendas):
        yield {
            "slug": agenda.slug,
            "title": agenda.title,
            "municipality": agenda.municipality.name if agenda.municipality_id else "",
            "region": agenda.region.name if agenda.region_id else "",
            "period_start": agenda.period_start.isoformat(),
            "period_end": agenda.period_end.isoformat(),
            "description": plain_text(agenda.description),
            "public_challenges": agenda.public_challenges,
            "url": absolute(reverse("agenda:public_agenda", args=[agenda.slug])),
        }


def _date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value is not None else None


def agenda_modified() -> dt.date | None:
    return _date(agenda_selectors.public_agendas().aggregate(at=Max("updated_at"))["at"])


# --- challenges -----------------------------------------------------------------------------------


def _public_challenges() -> QuerySet[Any]:
    return agenda_selectors.challenges_visible_to(AnonymousUser()).prefetch_related(
        Prefetch("stakeholders", queryset=Stakeholder.objects.select_related("organisation"))
    )


def challenge_rows(municipality: Organisation | None = None) -> Iterator[dict[str, Any]]:
    challenges = _public_challenges()
    if municipality is not None:
        challenges = challenges.filter(lead_municipality=municipality)
    for challenge in chunked(challenges):
        yield {
            "slug": challenge.slug,
            "title": challenge.title,
            "agenda": challenge.agenda.slug,
            "agenda_title": challenge.agenda.title,
            "lead_municipality": challenge.lead_municipality.name,
            "domain": challenge.domain.code,
            "status": challenge.status,
            "problem": plain_text(challenge.problem),
            "ambition": plain_text(challenge.ambition),
            "partners": sorted({s.organisation.name for s in challenge.stakeholders.all()}),
            "url": absolute(reverse("agenda:public_challenge", args=[challenge.slug])),
        }


def challenge_modified() -> dt.date | None:
    return _date(
        agenda_selectors.challenges_visible_to(AnonymousUser()).aggregate(at=Max("updated_at"))["at"]
    )


# --- lessons --------------------------------------------------------------------------------------


def _public_lessons() -> QuerySet[Any]:
    return community_selectors.with_details(community_selectors.visible_lessons(AnonymousUser()))


def lesson_rows(municipality: Organisation | None = None) -> Iterator[dict[str, Any]]:
    lessons = _public_lessons()
    if municipality is not None:
        lessons = lessons.filter(municipality=municipality)
    for lesson in chunked(lessons):
        yield {
            "id": lesson.pk,
            "title": lesson.title,
            "tried": lesson.tried,
            "outcome": lesson.outcome,
            "domain": lesson.domain.code,
            "municipality": lesson.municipality.name,
            "size_band": lesson.size_band,
            "neighbourhood_type": lesson.neighbourhood_type,
            "created_at": lesson.created_at.isoformat(),
            "evidence": [
                {"kind": e.kind, "url": e.url, "reference": e.reference, "description": e.description}
                for e in lesson.evidence.all()
            ],
            "url": absolute(reverse("community:lesson", args=[lesson.pk])),
        }


def lesson_modified() -> dt.date | None:
    return _date(community_selectors.visible_lessons(AnonymousUser()).aggregate(at=Max("updated_at"))["at"])


# --- decision logs --------------------------------------------------------------------------------


def _chains() -> QuerySet[DecisionChain]:
    return DecisionChain.objects.filter(length__gt=0).select_related("municipality")


def decision_rows(municipality: Organisation | None = None) -> Iterator[dict[str, Any]]:
    found = _chains() if municipality is None else _chains().filter(municipality=municipality)
    chains = sorted(found, key=lambda c: (c.municipality.name, c.municipality.slug))
    for log_chain in chains:
        municipality = log_chain.municipality
        decisions = governance_selectors.log_queryset(municipality)
        log_url = absolute(reverse("governance:decision_log", args=[municipality.slug]))
        for entry in governance_selectors.log_entries(chunked(decisions, key="seq")):
            yield {
                "municipality": municipality.slug,
                "municipality_name": municipality.name,
                "seq": entry.seq,
                "recorded_at": entry.recorded_at,
                "public": entry.public,
                "kind": entry.kind,
                "challenge": entry.challenge,
                "title": entry.title,
                "text": entry.text,
                "refs": entry.refs,
                "corrects": entry.corrects,
                "digest": entry.digest,
                "hash": entry.hash,
                "prev": entry.prev,
                "url": f"{log_url}#besluit-{entry.seq}",
            }


def decision_modified() -> dt.date | None:
    last = governance_selectors.latest_recorded_at()
    return dt.date.fromisoformat(last[:10]) if last else None


# --- the monitor's benchmark ----------------------------------------------------------------------

ALL_DOMAINS = ""


def minimum_challenges() -> int:
    """How many earlier challenges a benchmark cell needs before it is published: the monitor's report
    minimum (read when asked, so that the data set follows the monitor's rule)."""
    return int(fieldwork_selectors.REPORT_MIN_RESPONDENTS)


def benchmark_rows(municipality: Organisation | None = None) -> Iterator[dict[str, Any]]:
    """Per instrument, domain and dimension: how many earlier challenges, their mean and median
    headline; and the same over all domains (``domain`` empty). Cells under the minimum are left out."""
    cells: dict[tuple[str, str, str], dict[str, float]] = defaultdict(dict)
    for code, dimension, label, domain, headline in fieldwork_selectors.benchmark_headlines():
        cells[(code, domain, dimension)][label] = headline
        cells[(code, ALL_DOMAINS, dimension)][label] = headline
    minimum = minimum_challenges()
    for (code, domain, dimension), by_label in sorted(cells.items()):
        values = list(by_label.values())
        if len(values) < minimum:
            continue
        yield {
            "instrument": code,
            "domain": domain,
            "dimension": dimension,
            "challenges": len(values),
            "mean": round(statistics.fmean(values), 2),
            "median": round(statistics.median(values), 2),
        }


def benchmark_modified() -> dt.date | None:
    return None  # computed on every download


# --- the catalogue --------------------------------------------------------------------------------

DATASETS: tuple[Dataset, ...] = (
    Dataset(
        slug="innovatieagendas",
        title=_("Innovation agendas"),
        description=_(
            "The published innovation agendas: title, municipality or region, period, description and "
            "the number of public challenges."
        ),
        columns=(
            "slug",
            "title",
            "municipality",
            "region",
            "period_start",
            "period_end",
            "description",
            "public_challenges",
            "url",
        ),
        rows=agenda_rows,
        modified=agenda_modified,
    ),
    Dataset(
        slug="opgaven",
        title=_("Public challenges"),
        description=_(
            "The public challenges of the published agendas: title, agenda, lead municipality, domain, "
            "status, problem, ambition and partners."
        ),
        columns=(
            "slug",
            "title",
            "agenda",
            "agenda_title",
            "lead_municipality",
            "domain",
            "status",
            "problem",
            "ambition",
            "partners",
            "url",
        ),
        rows=challenge_rows,
        modified=challenge_modified,
    ),
    Dataset(
        slug="lessen",
        title=_("Lessons of the learning community"),
        description=_(
            "The lessons shared with everyone: what was tried, what came of it, domain, municipality "
            "and the evidence."
        ),
        columns=(
            "id",
            "title",
            "tried",
            "outcome",
            "domain",
            "municipality",
            "size_band",
            "neighbourhood_type",
            "created_at",
            "evidence",
            "url",
        ),
        rows=lesson_rows,
        modified=lesson_modified,
    ),
    Dataset(
        slug="besluiten",
        title=_("Decision logs"),
        description=_(
            "Every municipality's public decision log, entry by entry. Confidential entries keep their "
            "number, time, digest and hash; their content is left out, as on the public log page."
        ),
        columns=(
            "municipality",
            "municipality_name",
            "seq",
            "recorded_at",
            "public",
            "kind",
            "challenge",
            "title",
            "text",
            "refs",
            "corrects",
            "digest",
            "hash",
            "prev",
            "url",
        ),
        rows=decision_rows,
        modified=decision_modified,
    ),
    Dataset(
        slug="benchmark",
        title=_("Monitor benchmark per domain"),
        description=_(
            "The monitor's benchmark: per instrument, domain and dimension the number of earlier "
            "challenges and the mean and median of their headline scores, also over all domains (domain "
            "empty). A cell is only published when enough challenges contribute to it."
        ),
        columns=("instrument", "domain", "dimension", "challenges", "mean", "median"),
        rows=benchmark_rows,
        modified=benchmark_modified,
        per_municipality=False,
    ),
)

BY_SLUG = {dataset.slug: dataset for dataset in DATASETS}


def dataset_or_none(slug: str) -> Dataset | None:
    return BY_SLUG.get(slug)


def municipality_or_none(slug: str) -> Organisation | None:
    """The municipality with ``slug`` (None for another kind of organisation or an unknown slug)."""
    return Organisation.objects.filter(slug=slug, kind=Kind.GEMEENTE).first()
