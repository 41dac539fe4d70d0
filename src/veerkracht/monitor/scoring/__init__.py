"""Innovatiemonitor scoring: every rule of docs/monitor/scoring.md as pure Python/numpy (no Django).

This package is the one implementation of the scoring rules. The report, the exports, the API and
``veerkracht score_responses`` all call it; nothing else computes monitor statistics.

Public API (stable; everything else is internal)::

    # The instrument (rules need scale, dimensions, items and reverse flags only)
    InstrumentSpec(code, version, scale: ScaleSpec, dimensions: tuple[DimensionSpec, ...])
    ScaleSpec(min, max, missing=())          .options (A), .span, .to_0_100(x)
    DimensionSpec(code, items: tuple[ItemSpec, ...], name={})   .min_valid = ceil(0.6·J)
    ItemSpec(code, reverse=False, text={})
    instrument_from_document(doc) -> InstrumentSpec       # instrument JSON; InstrumentDocumentError
    validate_instrument_document(doc, *, require_texts=False) -> list[str]   # every problem

    # Rule 1-2: answers
    read_answers_csv(data: bytes | str, *, instrument, invalid="error"|"missing") -> CleanedAnswers
    clean_answers(*, instrument, header, rows: Iterable[(line, cells)], invalid) -> CleanedAnswers
    responses_from_records(*, instrument, records: Iterable[(respondent, group, {item: int|None})])
        -> ResponseSet                     # for stored answers (fieldwork)
    ResponseSet(respondents, groups, values: (N, I) float, NaN = missing, raw)
    AnswersError(problems: list[Problem]).summary(limit=20)   # every offending row/column
    flag_straightlining(values) -> bool (N,);  recode(*, instrument, values) -> values

    # Rules 1-10 for one wave
    score_wave(*, instrument, responses, k=5, benchmark: {dim: [headline, ...]} | None) -> WaveResult
    WaveResult.to_document() -> dict        # exactly the score_responses output document
    WaveResult.dimensions: tuple[DimensionResult]   (.estimate() -> Estimate for change)
    WaveResult.gaps: tuple[Gap];  .index;  .straightlining;  .total;  .scored
    respondent_scores(*, instrument, values) -> (N, D) array   # rule 3, for linked respondents

    # Many challenges at once (national benchmark; the same engine score_wave uses)
    score_challenges(*, instrument, values, challenge, group, n_challenges, group_names, k=5,
                     agreement=True) -> BatchScores    # (C, D[, G]) arrays
    wave_result(*, batch, challenge, respondents, benchmark=None, rows=None) -> WaveResult
    percentile_ranks(scores, reference) -> array       # rule 9, "mean" kind
    benchmark_position(score, reference) -> Benchmark | None   # None under 20 challenges

    # Rule 10: change between waves
    headline_change(*, first: Estimate, second: Estimate) -> Change(diff, se, df, ci95)
    reliable_change_index(*, first, second, sd, reliability) -> array;  is_reliable_change(rci)

    # Rule 8 building blocks
    welch_test(*, mean_a, var_a, n_a, mean_b, var_b, n_b) -> Welch(diff, t, df, p);  cohen_d(...)

    # Unscored module
    facet_profile(*, groups, allocations: (N, 4), k=5) -> FacetProfile

Values are unrounded floats on the answer scale unless a name says ``0_100``; ``None`` (NaN in the
batch arrays) means "not computable" or "suppressed". docs/adr/0003-monitor-scoring.md records how
the ambiguous parts of the rules are read.
"""

from veerkracht.monitor.scoring.clean import (
    UNKNOWN_GROUP,
    AnswersError,
    CleanedAnswers,
    Problem,
    ResponseSet,
    clean_answers,
    flag_straightlining,
    read_answers_csv,
    recode,
    responses_from_records,
)
from veerkracht.monitor.scoring.compare import (
    Benchmark,
    Change,
    Estimate,
    Welch,
    benchmark_position,
    cohen_d,
    headline_change,
    is_reliable_change,
    reliable_change_index,
    welch_test,
)
from veerkracht.monitor.scoring.engine import FLAGS, LABELS, BatchScores, percentile_ranks, score_challenges
from veerkracht.monitor.scoring.facets import FacetGroup, FacetProfile, facet_profile
from veerkracht.monitor.scoring.spec import (
    DimensionSpec,
    InstrumentDocumentError,
    InstrumentSpec,
    ItemSpec,
    ScaleSpec,
    instrument_from_document,
    validate_instrument_document,
)
from veerkracht.monitor.scoring.wave import (
    Balanced,
    DimensionResult,
    Gap,
    GroupResult,
    Pooled,
    WaveResult,
    respondent_scores,
    score_wave,
    wave_result,
)

__all__ = [
    "FLAGS",
    "LABELS",
    "UNKNOWN_GROUP",
    "AnswersError",
    "Balanced",
    "BatchScores",
    "Benchmark",
    "Change",
    "CleanedAnswers",
    "DimensionResult",
    "DimensionSpec",
    "Estimate",
    "FacetGroup",
    "FacetProfile",
    "Gap",
    "GroupResult",
    "InstrumentDocumentError",
    "InstrumentSpec",
    "ItemSpec",
    "Pooled",
    "Problem",
    "ResponseSet",
    "ScaleSpec",
    "WaveResult",
    "Welch",
    "benchmark_position",
    "clean_answers",
    "cohen_d",
    "facet_profile",
    "flag_straightlining",
    "headline_change",
    "instrument_from_document",
    "is_reliable_change",
    "percentile_ranks",
    "read_answers_csv",
    "recode",
    "reliable_change_index",
    "respondent_scores",
    "responses_from_records",
    "score_challenges",
    "score_wave",
    "validate_instrument_document",
    "wave_result",
    "welch_test",
]
