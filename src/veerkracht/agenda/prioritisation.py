"""Prioritisation arithmetic: pure Python, no Django, exact fractions.

Each scorer gives a challenge a score from 1 to 5 on each criterion. With the agenda's weights
``w`` (non-negative integers, not all zero):

* a scorer's weighted score is ``sum(w[c] * score[c]) / sum(w)``;
* the challenge's weighted score is the mean of its scorers' weighted scores (which equals the
  weighted sum of the per-criterion means, shown as the explanation);
* the spread is the range between the highest and the lowest scorer's weighted score (0 with one
  scorer): a large spread says the partners do not agree yet.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

CRITERIA: tuple[str, ...] = ("urgency", "impact", "feasibility", "innovation")
MIN_SCORE = 1
MAX_SCORE = 5
MAX_WEIGHT = 10


@dataclass(frozen=True)
class Weights:
    urgency: int = 1
    impact: int = 1
    feasibility: int = 1
    innovation: int = 1

    def __post_init__(self) -> None:
        for criterion in CRITERIA:
            value = getattr(self, criterion)
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_WEIGHT:
                raise ValueError(f"weight {criterion} must be an integer from 0 to {MAX_WEIGHT}")
        if self.total == 0:
            raise ValueError("at least one weight must be positive")

    @property
    def total(self) -> int:
        return sum(getattr(self, c) for c in CRITERIA)

    def of(self, criterion: str) -> int:
        return int(getattr(self, criterion))


@dataclass(frozen=True)
class Sheet:
    """One scorer's scores for one challenge."""

    scorer: Hashable
    scores: Mapping[str, int]

    def __post_init__(self) -> None:
        for criterion in CRITERIA:
            value = self.scores.get(criterion)
            if not isinstance(value, int) or isinstance(value, bool) or not MIN_SCORE <= value <= MAX_SCORE:
                raise ValueError(f"score {criterion} must be an integer from {MIN_SCORE} to {MAX_SCORE}")


@dataclass(frozen=True)
class Line:
    """How one criterion contributes: mean score × weight / total weight."""

    criterion: str
    mean: Fraction
    weight: int
    total_weight: int
    contribution: Fraction


@dataclass(frozen=True)
class Result:
    weighted: Fraction | None
    spread: Fraction | None
    per_scorer: tuple[tuple[Hashable, Fraction], ...]
    lines: tuple[Line, ...]

    @property
    def scorer_count(self) -> int:
        return len(self.per_scorer)


def scorer_total(scores: Mapping[str, int], weights: Weights) -> Fraction:
    """One scorer's weighted score."""
    return Fraction(sum(weights.of(c) * scores[c] for c in CRITERIA), weights.total)


def evaluate(sheets: Sequence[Sheet], weights: Weights) -> Result:
    """The weighted score, spread and explanation of one challenge. No sheets: no score."""
    if not sheets:
        return Result(weighted=None, spread=None, per_scorer=(), lines=())
    per_scorer = tuple((sheet.scorer, scorer_total(sheet.scores, weights)) for sheet in sheets)
    totals = [total for _, total in per_scorer]
    weighted = sum(totals, Fraction(0)) / len(totals)
    lines = []
    for criterion in CRITERIA:
        mean = Fraction(sum(sheet.scores[criterion] for sheet in sheets), len(sheets))
        weight = weights.of(criterion)
        lines.append(
            Line(
                criterion=criterion,
                mean=mean,
                weight=weight,
                total_weight=weights.total,
                contribution=mean * weight / weights.total,
            )
        )
    return Result(
        weighted=weighted,
        spread=max(totals) - min(totals),
        per_scorer=per_scorer,
        lines=tuple(lines),
    )


def rank(results: Mapping[Hashable, Result], order: Iterable[Hashable] | None = None) -> list[Hashable]:
    """Keys from the highest weighted score down; ties: smaller spread first, then the given order.
    Challenges without scores come last."""
    keys = list(order) if order is not None else list(results)
    position = {key: i for i, key in enumerate(keys)}

    def sort_key(key: Hashable) -> tuple[int, Fraction, Fraction, int]:
        result = results[key]
        if result.weighted is None:
            return (1, Fraction(0), Fraction(0), position[key])
        return (0, -result.weighted, result.spread or Fraction(0), position[key])

    return sorted(keys, key=sort_key)
