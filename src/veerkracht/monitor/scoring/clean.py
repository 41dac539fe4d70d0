"""Rule 1 (clean) and rule 2 (recode): answers files into a :class:`ResponseSet`.

A blank cell or a missing code is missing (NaN). Anything else that is not an integer within
``min..max`` is invalid: with ``invalid="error"`` the whole file is refused with every problem named
(:class:`AnswersError`); with ``invalid="missing"`` such values become missing and are counted.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from veerkracht.monitor.scoring.spec import InstrumentSpec

UNKNOWN_GROUP = "onbekend"
STRAIGHTLINING_MIN_ITEMS = 8
InvalidMode = Literal["error", "missing"]
_INTEGER = re.compile(r"^[+-]?\d+(\.0*)?$")


@dataclass(frozen=True)
class Problem:
    """One problem in an answers file. ``row`` is the line number in the file (header = 1)."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class AnswersError(ValueError):
    """A bad answers (or benchmark) file; ``problems`` names every offending row and column."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__(self.summary())

    def summary(self, limit: int = 20) -> str:
        lines = [str(p) for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"... and {len(self.problems) - limit} more problems")
        return "\n".join(lines)


@dataclass(frozen=True)
class ResponseSet:
    """The answers of one wave, cleaned.

    ``values`` is a float array (respondents × items, in ``instrument.item_codes`` order) of raw,
    not yet recoded answers with NaN for missing. ``groups`` are stakeholder group names (a blank
    group is ``onbekend``).
    """

    respondents: tuple[str, ...]
    groups: tuple[str, ...]
    values: np.ndarray

    def __post_init__(self) -> None:
        if self.values.ndim != 2 or self.values.shape[0] != len(self.respondents):
            raise ValueError("values must have one row per respondent")
        if len(self.groups) != len(self.respondents):
            raise ValueError("groups must have one entry per respondent")


@dataclass(frozen=True)
class CleanedAnswers:
    responses: ResponseSet
    invalid_as_missing: int


def parse_value(text: str, *, instrument: InstrumentSpec) -> tuple[float | None, bool]:
    """(value or None for missing, valid?) of one cell."""
    text = text.strip()
    if text == "":
        return None, True
    if not _INTEGER.match(text):
        return None, False
    digits = text.split(".")[0]
    if len(digits.lstrip("+-").lstrip("0")) > 18:  # far off any scale (and too long to convert)
        return None, False
    value = int(digits)
    if value in instrument.scale.missing:
        return None, True
    if instrument.scale.min <= value <= instrument.scale.max:
        return float(value), True
    return None, False


def _shown(cell: str, limit: int = 40) -> str:
    """A cell as quoted in a message, shortened when long."""
    text = cell.strip()
    return repr(text) if len(text) <= limit else repr(text[:limit]) + f"… ({len(text)} characters)"


def clean_answers(
    *,
    instrument: InstrumentSpec,
    header: Sequence[str],
    rows: Iterable[tuple[int, Sequence[str]]],
    invalid: InvalidMode = "error",
) -> CleanedAnswers:
    """Clean ``rows`` ((line number, cells) pairs) of a table with ``header``.

    Raises :class:`AnswersError` naming every missing column, duplicate or blank respondent id,
    ragged row and (with ``invalid="error"``) every invalid value.
    """
    problems: list[Problem] = []
    header = [h.strip() for h in header]
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        if name in positions and (name in instrument.item_codes or name in ("respondent", "group")):
            problems.append(Problem(f"the column {name!r} appears twice in the header", row=1, column=name))
        positions.setdefault(name, index)
    for name in ("respondent", "group", *instrument.item_codes):
        if name not in positions:
            problems.append(Problem("this column is missing from the header", row=1, column=name))
    if problems:
        raise AnswersError(problems)
    item_positions = [positions[code] for code in instrument.item_codes]
    respondents: list[str] = []
    groups: list[str] = []
    matrix: list[list[float]] = []
    seen: dict[str, int] = {}
    invalid_count = 0
    nan = float("nan")
    for line, cells in rows:
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(Problem(f"has {len(cells)} fields, the header has {len(header)}", row=line))
            continue
        respondent = cells[positions["respondent"]].strip()
        if not respondent:
            problems.append(Problem("the respondent id is blank", row=line, column="respondent"))
        elif respondent in seen:
            problems.append(
                Problem(
                    f"respondent {respondent!r} also appears in row {seen[respondent]}",
                    row=line,
                    column="respondent",
                )
            )
        else:
            seen[respondent] = line
        group = cells[positions["group"]].strip() or UNKNOWN_GROUP
        row_values: list[float] = []
        for code, position in zip(instrument.item_codes, item_positions, strict=True):
            value, ok = parse_value(cells[position], instrument=instrument)
            if not ok:
                if invalid == "missing":
                    invalid_count += 1
                else:
                    scale = instrument.scale
                    problems.append(
                        Problem(
                            f"{_shown(cells[position])} is not an integer from {scale.min} to {scale.max} "
                            f"nor a missing code",
                            row=line,
                            column=code,
                        )
                    )
            row_values.append(nan if value is None else value)
        respondents.append(respondent)
        groups.append(group)
        matrix.append(row_values)
    if problems:
        raise AnswersError(problems)
    values = np.array(matrix, dtype=np.float64).reshape(len(matrix), len(instrument.item_codes))
    return CleanedAnswers(
        responses=ResponseSet(respondents=tuple(respondents), groups=tuple(groups), values=values),
        invalid_as_missing=invalid_count,
    )


def read_answers_csv(
    data: bytes | str, *, instrument: InstrumentSpec, invalid: InvalidMode = "error"
) -> CleanedAnswers:
    """Clean a UTF-8, comma-separated answers file (``respondent,group,<item codes>``)."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise AnswersError([Problem(f"the file is not UTF-8 (byte {exc.start})")]) from exc
    else:
        text = data.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise AnswersError([Problem("the file is empty; a header row is needed", row=1)]) from None
    except csv.Error as exc:
        raise AnswersError([Problem(f"not a CSV file: {exc}", row=1)]) from exc

    def numbered() -> Iterable[tuple[int, list[str]]]:
        start = reader.line_num + 1
        try:
            for cells in reader:
                yield start, cells
                start = reader.line_num + 1
        except csv.Error as exc:
            raise AnswersError([Problem(f"not a CSV file: {exc}", row=reader.line_num)]) from exc

    return clean_answers(instrument=instrument, header=header, rows=numbered(), invalid=invalid)


def responses_from_records(
    *, instrument: InstrumentSpec, records: Iterable[tuple[str, str, Mapping[str, int | None]]]
) -> ResponseSet:
    """A :class:`ResponseSet` from stored answers: (respondent id, group, {item code: value}).

    Values that are missing codes, None or absent are missing. Stored answers were validated on
    entry; a value off the scale here is a programming error (ValueError).
    """
    codes = instrument.item_codes
    respondents, groups, matrix = [], [], []
    for respondent, group, answers in records:
        row = []
        for code in codes:
            value = answers.get(code)
            if value is None or value in instrument.scale.missing:
                row.append(np.nan)
            elif instrument.scale.min <= value <= instrument.scale.max:
                row.append(float(value))
            else:
                raise ValueError(f"{respondent}: {code}={value} is off the scale")
        respondents.append(respondent)
        groups.append(group.strip() or UNKNOWN_GROUP if group else UNKNOWN_GROUP)
        matrix.append(row)
    values = np.array(matrix, dtype=np.float64).reshape(len(matrix), len(codes))
    return ResponseSet(respondents=tuple(respondents), groups=tuple(groups), values=values)


def flag_straightlining(values: np.ndarray) -> np.ndarray:
    """Rule 1: respondents with at least 8 answered items whose raw answers are all identical."""
    answered = np.count_nonzero(~np.isnan(values), axis=1)
    if values.shape[1] == 0:
        return np.zeros(values.shape[0], dtype=bool)
    with np.errstate(invalid="ignore"):
        low = np.fmin.reduce(values, axis=1)
        high = np.fmax.reduce(values, axis=1)
    return (answered >= STRAIGHTLINING_MIN_ITEMS) & (low == high)


def recode(*, instrument: InstrumentSpec, values: np.ndarray) -> np.ndarray:
    """Rule 2: a copy of ``values`` with reverse-keyed items as min + max - x (NaN stays NaN)."""
    out = np.array(values, dtype=np.float64, copy=True)
    mask = instrument.reverse_mask()
    out[:, mask] = (instrument.scale.min + instrument.scale.max) - out[:, mask]
    return out
