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
from django.db.models import F, FloatField, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from django.utils.safestring import SafeString, mark_safe

from veerkracht.agenda.models import Domain
from veerkracht.community import text
from veerkracht.community.models import EvidenceKind, EvidenceLink, Lesson
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
        # each word once: a title repeated in the problem would otherwise add its terms twice
        pg_words = list(
            dict.fromkeys(
                w.lower() for w in text.words(query) if not any_term or w.lower() not in text.STOPWORDS
            )
        )
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


def _one_pass_sql(lessons: QuerySet[Lesson], query: str, limit: int, offset: int) -> tuple[str, list[Any]]:
    """One statement over the visible, matching, facet-filtered ``lessons``: the matches (id, domain,
    municipality, date, rank) are read once into a materialised CTE, from which the domain and
    municipality facets, the evidence facet (the evidence of the matched ids only), the total and the
    ids of the requested page are taken. Rows: ``(tag, key, label, label_en, count or id, rank)``.

    PostgreSQL: ``lessons`` is already matched through the GIN index on ``search_vector`` and annotated
    with ``ts_rank`` (which reads each match's vector from the heap once). SQLite: the FTS5 table is
    matched once and joined to the visible lessons, ranked by its ``bm25``."""
    cols = ["pk", "domain_id", "municipality_id", "created_at"]
    base = lessons.order_by()
    params: list[Any]
    prefix = ""
    if query and _is_postgres():
        inner, inner_params = base.values(*cols, "rank").query.sql_with_params()
        params = list(inner_params)
    elif query:
        match = text.fts5_match(text.query_stems(query), any_term=False)
        visible, visible_params = base.values(*cols).query.sql_with_params()
        # the table name is a constant; the user's words go in as a parameter
        prefix = f"v (id, domain_id, municipality_id, created_at) AS ({visible}), "
        inner = (
            "SELECT v.id, v.domain_id, v.municipality_id, v.created_at, f.score FROM v JOIN ("  # noqa: S608
            f"SELECT rowid AS id, -bm25({FTS_TABLE}, %s, %s) AS score FROM {FTS_TABLE} "
            f"WHERE {FTS_TABLE} MATCH %s) f ON f.id = v.id"
        )
        params = [*visible_params, TITLE_WEIGHT, BODY_WEIGHT, match]
    else:
        visible, visible_params = base.values(*cols).query.sql_with_params()
        prefix = f"v (id, domain_id, municipality_id, created_at) AS ({visible}), "
        inner = "SELECT id, domain_id, municipality_id, created_at, 0.0 FROM v"
        params = list(visible_params)
    domain = Domain._meta.db_table
    organisation = Lesson._meta.get_field("municipality").related_model._meta.db_table  # type: ignore[union-attr]
    evidence = EvidenceLink._meta.db_table
    sql = (
        f"WITH {prefix}m (id, domain_id, municipality_id, created_at, score) AS MATERIALIZED ({inner}), "  # noqa: S608
        "page AS (SELECT id, score FROM m ORDER BY score DESC, created_at DESC, id DESC LIMIT %s OFFSET %s) "
        f"SELECT 'd', d.code, d.name_nl, d.name_en, c.n, CAST(NULL AS REAL) FROM "
        f"(SELECT domain_id, COUNT(*) AS n FROM m GROUP BY domain_id) c "
        f"JOIN {domain} d ON d.id = c.domain_id "
        f"UNION ALL SELECT 'm', o.slug, o.name, NULL, c.n, NULL FROM "
        f"(SELECT municipality_id, COUNT(*) AS n FROM m GROUP BY municipality_id) c "
        f"JOIN {organisation} o ON o.id = c.municipality_id "
        f"UNION ALL SELECT 'e', k.kind, NULL, NULL, COUNT(*), NULL FROM (SELECT DISTINCT e.kind, e.lesson_id "
        f"FROM {evidence} e WHERE e.lesson_id IN (SELECT id FROM m)) k GROUP BY k.kind "
        "UNION ALL SELECT 'p', NULL, NULL, NULL, page.id, page.score FROM page"
    )
    return sql, [*params, limit, offset]


def _facets_of(rows: list[tuple[Any, ...]], facets: Facets) -> tuple[dict[str, list[FacetValue]], int]:
    domains = sorted((r for r in rows if r[0] == "d"), key=lambda r: (-r[4], r[1]))
    munis = sorted((r for r in rows if r[0] == "m"), key=lambda r: (-r[4], r[2]))
    kinds = sorted((r for r in rows if r[0] == "e"), key=lambda r: (-r[4], r[1]))
    labels = dict(EvidenceKind.choices)
    return {
        "domain": [
            FacetValue(r[1], str(Domain(name_nl=r[2], name_en=r[3]).name), int(r[4]), r[1] == facets.domain)
            for r in domains
        ],
        "evidence": [
            FacetValue(r[1], str(labels.get(r[1], "")), int(r[4]), r[1] == facets.evidence) for r in kinds
        ],
        "municipality": [FacetValue(r[1], r[2], int(r[4]), r[1] == facets.municipality) for r in munis],
    }, sum(int(r[4]) for r in domains)


def search_lessons(
    user: Any, query: str, facets: Facets | None = None, *, limit: int = PAGE_SIZE, offset: int = 0
) -> SearchResult:
    """The lessons ``user`` may see that match ``query`` (all of them, newest first, for an empty
    query), best first, with rank and highlighted fragment, and the facet counts. Two queries: the
    matches read once for the facets, the total and the page's ids (:func:`_one_pass_sql`), then the
    page's lessons, with ``ts_headline`` on PostgreSQL computed for those only."""
    facets = facets or Facets()
    query = (query or "").strip()[:200]
    lessons = visible_lessons(user)
    if query:
        if _is_postgres():
            lessons = matching(lessons, query)
            if lessons.query.is_empty():
                return SearchResult(query=query, hits=[], total=0, facets=_facets_of([], facets)[0])
        elif not text.fts5_match(text.query_stems(query), any_term=False):
            return SearchResult(query=query, hits=[], total=0, facets=_facets_of([], facets)[0])
    lessons = _apply_facets(lessons, facets)
    sql, params = _one_pass_sql(lessons, query, limit, offset)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    counts, total = _facets_of(rows, facets)
    ranks = {int(r[4]): float(r[5] or 0.0) for r in rows if r[0] == "p"}
    page = Lesson.objects.filter(pk__in=list(ranks))
    page = _with_headline(page, query) if query else page
    found = sorted(
        page.select_related("domain", "municipality", "challenge"),
        key=lambda lesson: (-ranks[lesson.pk], -lesson.created_at.timestamp(), -lesson.pk),
    )
    hits = [
        Hit(
            lesson=lesson,
            rank=ranks[lesson.pk],
            fragment=fragment_of(lesson, query) if query else mark_safe(text.highlight(lesson.tried, [])),  # noqa: S308
        )
        for lesson in found
    ]
    for hit in hits:
        hit.lesson.title_html = title_of(hit.lesson, query) if query else None  # type: ignore[attr-defined]
    return SearchResult(query=query, hits=hits, total=total, facets=counts)
