"""Dutch full-text search over the lessons a person may see, with ranking, highlighted fragments and
facet counts (domain, kind of evidence, municipality).

PostgreSQL matches the generated ``search_vector`` column (``dutch`` configuration, title weighted
above the text) with ``SearchQuery``, ranks with ``SearchRank`` and highlights with
``SearchHeadline``. SQLite matches the pre-stemmed FTS5 table, ranks with ``bm25`` (title weighted
10:1) and marks the words whose stem matches. Both give ``<mark>`` in HTML-escaped fragments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Count, F, FloatField, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.utils.safestring import SafeString, mark_safe

from veerkracht.agenda.models import Domain
from veerkracht.community import text
from veerkracht.community.models import EvidenceKind, Lesson
from veerkracht.community.selectors import visible_lessons

FTS_TABLE = "community_lesson_fts"
TITLE_WEIGHT = 10.0
BODY_WEIGHT = 1.0
PAGE_SIZE = 20


@dataclass(frozen=True)
class Facets:
    """Chosen facet values (empty: no filter)."""

    domain: str = ""  # Domain.code
    evidence: str = ""  # EvidenceKind value
    municipality: str = ""  # Organisation.slug

    @classmethod
    def from_query(cls, data: Any) -> Facets:
        return cls(
            domain=str(data.get("domein", ""))[:80],
            evidence=str(data.get("bewijs", ""))[:30],
            municipality=str(data.get("gemeente", ""))[:80],
        )


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    chosen: bool


@dataclass(frozen=True)
class Hit:
    lesson: Lesson
    rank: float
    fragment: SafeString


@dataclass
class SearchResult:
    query: str
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


# --- the sqlite index ------------------------------------------------------------------------------


def index_lesson(lesson: Lesson) -> None:
    """Keep the SQLite full-text table in step with ``lesson`` (nothing to do on PostgreSQL, whose
    column is generated)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [lesson.pk])  # noqa: S608
        cursor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, title, body) VALUES (%s, %s, %s)",  # noqa: S608
            [lesson.pk, text.stemmed(lesson.title), text.stemmed(f"{lesson.tried} {lesson.outcome}")],
        )


def unindex_lesson(pk: int) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [pk])  # noqa: S608


# --- matching and ranking ----------------------------------------------------------------------------


def _pg_query(stems_or_words: list[str], *, any_term: bool) -> SearchQuery | None:
    if not stems_or_words:
        return None
    query: SearchQuery | None = None
    for w in stems_or_words:
        part = SearchQuery(w, config="dutch", search_type="plain")
        query = part if query is None else (query | part if any_term else query & part)
    return query


def matching(lessons: QuerySet[Lesson], query: str, *, any_term: bool = False) -> QuerySet[Lesson]:
    """``lessons`` that match ``query``, annotated with ``rank`` (higher is better), ordered by it.
    With ``any_term`` one word suffices (for "similar" lessons); otherwise every word must occur."""
    if _is_postgres():
        pg_words = [w for w in text.words(query) if not any_term or w.lower() not in text.STOPWORDS]
        search = _pg_query(pg_words, any_term=any_term)
        if search is None:
            return lessons.none()
        vector = RawSQL("community_lesson.search_vector", [], output_field=SearchVectorField())
        return (
            lessons.annotate(search_vector=vector)
            .filter(search_vector=search)
            .annotate(rank=SearchRank(F("search_vector"), search))
            .order_by("-rank", "-created_at", "-pk")
        )
    stems = text.query_stems(query, drop_stopwords=any_term)
    match = text.fts5_match(stems, any_term=any_term)
    if not match:
        return lessons.none()
    # the table name is a constant; the user's words go in as a parameter
    score = RawSQL(  # noqa: S611
        f"SELECT -bm25({FTS_TABLE}, %s, %s) FROM {FTS_TABLE} "  # noqa: S608
        f"WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid = community_lesson.id",
        [TITLE_WEIGHT, BODY_WEIGHT, match],
        output_field=FloatField(),
    )
    ids = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [match])  # noqa: S608, S611
    return lessons.filter(pk__in=ids).annotate(rank=score).order_by("-rank", "-created_at", "-pk")


def _with_headline(lessons: QuerySet[Lesson], query: str) -> QuerySet[Lesson]:
    if not _is_postgres():
        return lessons
    search = _pg_query(text.words(query), any_term=True)
    if search is None:
        return lessons
    return lessons.annotate(
        headline=SearchHeadline(
            Concat("tried", Value(" "), "outcome", output_field=TextField()),
            search,
            config="dutch",
            start_sel=text.START_SEL,
            stop_sel=text.STOP_SEL,
            max_words=text.FRAGMENT_WORDS,
            min_words=text.FRAGMENT_WORDS // 2,
        ),
        title_headline=SearchHeadline(
            "title",
            search,
            config="dutch",
            start_sel=text.START_SEL,
            stop_sel=text.STOP_SEL,
            highlight_all=True,
        ),
    )


def fragment_of(lesson: Lesson, query: str) -> SafeString:
    """The highlighted fragment of a lesson found for ``query`` (escaped HTML)."""
    headline = getattr(lesson, "headline", None)
    if headline is not None:
        return mark_safe(text.marked_to_html(headline))  # noqa: S308 - escaped in marked_to_html
    return mark_safe(text.highlight(f"{lesson.tried} {lesson.outcome}", text.query_stems(query)))  # noqa: S308


def title_of(lesson: Lesson, query: str) -> SafeString:
    headline = getattr(lesson, "title_headline", None)
    if headline is not None:
        return mark_safe(text.marked_to_html(headline))  # noqa: S308
    return mark_safe(text.highlight(lesson.title, text.query_stems(query), size=1000))  # noqa: S308


# --- facets ---------------------------------------------------------------------------------------


def _apply_facets(lessons: QuerySet[Lesson], facets: Facets) -> QuerySet[Lesson]:
    if facets.domain:
        lessons = lessons.filter(domain__code=facets.domain)
    if facets.evidence:
        lessons = lessons.filter(pk__in=Lesson.objects.filter(evidence__kind=facets.evidence).values("pk"))
    if facets.municipality:
        lessons = lessons.filter(municipality__slug=facets.municipality)
    return lessons


def _facet_counts(lessons: QuerySet[Lesson], facets: Facets) -> tuple[dict[str, list[FacetValue]], int]:
    """Counts per facet value over ``lessons`` (already matched and filtered), and their total: two
    queries. Every lesson has one domain and one municipality, so one grouping by both gives both
    facets and the total (each query re-reads every match: fewer queries is the saving that counts
    on 100,000 lessons, see bench/RESULTS-community.md).

    Grouped on ``lessons`` itself, not on ``pk__in`` a subquery of it: the match is raw SQL naming
    ``community_lesson``, which inside a subquery would point at the outer query's row (a correlated
    subquery per lesson)."""
    base = lessons.order_by()
    by_domain: dict[str, dict[str, Any]] = {}
    by_muni: dict[str, dict[str, Any]] = {}
    for row in base.values(
        "domain__code", "domain__name_nl", "domain__name_en", "municipality__slug", "municipality__name"
    ).annotate(n=Count("pk")):
        d = by_domain.setdefault(row["domain__code"], {**row, "n": 0})
        d["n"] += row["n"]
        m = by_muni.setdefault(row["municipality__slug"], {**row, "n": 0})
        m["n"] += row["n"]
    domains = sorted(by_domain.values(), key=lambda d: (-d["n"], d["domain__code"]))
    munis = sorted(by_muni.values(), key=lambda m: (-m["n"], m["municipality__name"]))
    total = sum(d["n"] for d in domains)
    kinds = (
        base.filter(evidence__isnull=False)
        .values("evidence__kind")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "evidence__kind")
    )
    labels = dict(EvidenceKind.choices)
    return {
        "domain": [
            FacetValue(
                d["domain__code"],
                str(Domain(name_nl=d["domain__name_nl"], name_en=d["domain__name_en"]).name),
                d["n"],
                d["domain__code"] == facets.domain,
            )
            for d in domains
        ],
        "evidence": [
            FacetValue(
                k["evidence__kind"],
                str(labels.get(k["evidence__kind"], "")),
                k["n"],
                k["evidence__kind"] == facets.evidence,
            )
            for k in kinds
        ],
        "municipality": [
            FacetValue(
                m["municipality__slug"],
                m["municipality__name"],
                m["n"],
                m["municipality__slug"] == facets.municipality,
            )
            for m in munis
        ],
    }, total


def search_lessons(
    user: Any, query: str, facets: Facets | None = None, *, limit: int = PAGE_SIZE, offset: int = 0
) -> SearchResult:
    """The lessons ``user`` may see that match ``query`` (all of them, newest first, for an empty
    query), best first, with rank and highlighted fragment, and the facet counts."""
    facets = facets or Facets()
    query = (query or "").strip()[:200]
    lessons = visible_lessons(user)
    if query:
        lessons = matching(lessons, query)
    lessons = _apply_facets(lessons, facets)
    counts, total = _facet_counts(lessons, facets)
    page = _with_headline(lessons, query) if query else lessons
    page = page.select_related("domain", "municipality", "challenge")[offset : offset + limit]
    hits = [
        Hit(
            lesson=lesson,
            rank=float(getattr(lesson, "rank", 0.0) or 0.0),
            fragment=fragment_of(lesson, query) if query else mark_safe(text.highlight(lesson.tried, [])),  # noqa: S308
        )
        for lesson in page
    ]
    for hit in hits:
        hit.lesson.title_html = title_of(hit.lesson, query) if query else None  # type: ignore[attr-defined]
    return SearchResult(query=query, hits=hits, total=total, facets=counts)
