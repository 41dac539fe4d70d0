"""Reading and validating an objectives document (see docs/governance/indicators.md).

Numbers are kept exactly as written: ``loads`` reads JSON numbers with a fraction or exponent as
``Decimal`` and integers as ``int``. Each indicator's values are scaled once, here, to integers over a
common denominator, so that the engine computes every comparison exactly with integer arithmetic.
"""

from __future__ import annotations

import json
import math
import operator
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

Number = int | Decimal

DEFAULT_TOLERANCE = Fraction(1, 10)
DEFAULT_WEIGHT = Fraction(1)
MAX_TOLERANCE = Fraction(1, 2)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z", re.ASCII)
_FLOAT_MAX = Decimal(sys.float_info.max)
_FLOAT_MAX_INT = int(sys.float_info.max)
# A nonzero value smaller than this in magnitude is refused: exact arithmetic on it would need
# integers of unbounded size, and no measurement is that small.
_MIN_EXPONENT = -300


class DocumentError(ValueError):
    """A malformed objectives document. ``problems`` names every problem found, one per item."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


@dataclass(slots=True)  # not frozen: a frozen dataclass is markedly slower to build
class Indicator:
    code: str
    name: str
    unit: str
    baseline_date: date
    baseline: Number
    target_date: date
    target: Number
    tolerance: Fraction
    weight: Fraction
    # the measurements, sorted by date: their dates and values
    dates: tuple[date, ...]
    values: tuple[Number, ...]
    # exact integer form: every value v is scaled[v] / scale
    scale: int = field(repr=False)
    scaled_baseline: int = field(repr=False)
    scaled_target: int = field(repr=False)
    days: tuple[int, ...] = field(repr=False)
    scaled_values: tuple[int, ...] = field(repr=False)

    @property
    def measurements(self) -> tuple[tuple[date, Number], ...]:
        return tuple(zip(self.dates, self.values, strict=True))


@dataclass(frozen=True, slots=True)
class Objective:
    code: str
    name: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True, slots=True)
class Document:
    as_of: date
    objectives: tuple[Objective, ...]


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a finite number")


_DECIMALS: dict[str, Decimal] = {}
_DECIMALS_MAX = 100_000
#: value -> (numerator, denominator); equal values give equal ratios whatever their type or form.
_RATIOS: dict[Number, tuple[int, int]] = {}


def _decimal(text: str) -> Decimal:
    """``Decimal(text)``, shared for equal texts: a board's figures repeat (one decimal, a few hundred
    distinct values), and one object per distinct text also lets later steps cache per value."""
    found = _DECIMALS.get(text)
    if found is None:
        if len(_DECIMALS) >= _DECIMALS_MAX:
            _DECIMALS.clear()
        found = _DECIMALS[text] = Decimal(text)
    return found


def loads(text: str | bytes) -> Any:
    """JSON text to Python objects, numbers exact (``int`` or ``Decimal``); ``NaN``/``Infinity``
    (which are not JSON) are refused. Raises ``DocumentError`` when the text is not JSON."""
    try:
        return json.loads(text, parse_float=_decimal, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
        raise DocumentError([f"not valid JSON ({exc})"]) from exc


def parse_date(value: Any) -> date:
    """An ISO date ``YYYY-MM-DD`` (exactly that form). Raises ``ValueError``."""
    if not isinstance(value, str) or not _DATE.match(value):
        raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a valid date") from None


def exact_number(value: Any) -> Number:
    """A finite number as an exact ``int`` or ``Decimal``. A ``float`` is read as the shortest decimal
    that prints as it (``0.1`` is one tenth). Raises ``ValueError`` (``TypeError`` for non-numbers)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise TypeError(f"{value!r} is not a number")
    if isinstance(value, int):
        if abs(value) > _FLOAT_MAX_INT:
            raise ValueError(f"{value} is too large (not a finite double-precision number)")
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} is not a finite number")
        value = Decimal(repr(value))
    if not value.is_finite():
        raise ValueError(f"{value} is not a finite number")
    if value and (abs(value) > _FLOAT_MAX or value.adjusted() < _MIN_EXPONENT):
        raise ValueError(f"{value} is outside the range of double-precision numbers")
    return value


_FRACTIONS: dict[Number, Fraction] = {}
_CHECKED: set[tuple[int, int]] = set()


def _at(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


class _Reader:
    """Collects every problem of a document instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def problem(self, where: str, text: str) -> None:
        self.problems.append(f"{where}: {text}" if where else text)

    def obj(self, value: Any, where: str) -> Mapping[str, Any] | None:
        if not isinstance(value, dict):
            self.problem(where, "must be an object")
            return None
        return value

    def field(self, parent: Mapping[str, Any], key: str, where: str) -> Any:
        if key not in parent:
            self.problem(where, f"the field {key!r} is missing")
            return None
        return parent[key]

    def text(self, parent: Mapping[str, Any], key: str, where: str, *, non_empty: bool = False) -> str | None:
        if key not in parent:
            self.problem(where, f"the field {key!r} is missing")
            return None
        value = parent[key]
        if not isinstance(value, str):
            self.problem(_at(where, key), "must be a string")
            return None
        if non_empty and not value.strip():
            self.problem(_at(where, key), "must not be empty")
            return None
        return value

    def read_date(self, parent: Mapping[str, Any], key: str, where: str) -> date | None:
        if key not in parent:
            self.problem(where, f"the field {key!r} is missing")
            return None
        try:
            return parse_date(parent[key])
        except ValueError as exc:
            self.problem(_at(where, key), str(exc))
            return None

    def number(self, parent: Mapping[str, Any], key: str, where: str) -> Number | None:
        if key not in parent:
            self.problem(where, f"the field {key!r} is missing")
            return None
        try:
            return exact_number(parent[key])
        except (TypeError, ValueError) as exc:
            self.problem(_at(where, key), str(exc))
            return None

    def point(self, value: Any, where: str) -> tuple[date | None, Number | None] | None:
        point = self.obj(value, where)
        if point is None:
            return None
        return self.read_date(point, "date", where), self.number(point, "value", where)

    def optional_fraction(
        self, parent: Mapping[str, Any], key: str, where: str, default: Fraction
    ) -> Fraction | None:
        value = parent.get(key)
        if value is None:
            return default
        if type(value) in _FAST_KINDS and value in _FRACTIONS:
            return _FRACTIONS[value]
        try:
            exact = Fraction(exact_number(value))
            if len(_FRACTIONS) < 1000:
                _FRACTIONS[value] = exact
            return exact
        except (TypeError, ValueError) as exc:
            self.problem(_at(where, key), str(exc))
            return None


def _ratio(value: Number) -> tuple[int, int]:
    return (0, 1) if not value else value.as_integer_ratio()


# Parsed dates by their text: measurement dates repeat across indicators (month ends, release dates).
_DATES: dict[str, date] = {}
_ORDINALS: dict[str, int] = {}
_DATES_MAX = 100_000
_FAST_KINDS = {int, Decimal}
_DATE_OF = operator.itemgetter("date")
_VALUE_OF = operator.itemgetter("value")
_FIRST = operator.itemgetter(0)
_SECOND = operator.itemgetter(1)


def _fast_measurements(raw: list[Any]) -> tuple[list[date], list[int], list[Number]] | None:
    """Dates, their ordinals and values of well-formed measurements, quickly (no Python-level work per
    point in the common case); None when a point needs the careful reader (which names the problem)."""
    try:
        texts = list(map(_DATE_OF, raw))
        values = list(map(_VALUE_OF, raw))
        ordinals = list(map(_ORDINALS.get, texts))
    except (KeyError, TypeError, IndexError):
        return None
    if None in ordinals:
        for text in texts:
            if type(text) is not str:
                return None
            if text not in _ORDINALS:
                try:
                    day = parse_date(text)
                except ValueError:
                    return None
                if len(_DATES) >= _DATES_MAX:
                    _DATES.clear()
                    _ORDINALS.clear()
                _DATES[text], _ORDINALS[text] = day, day.toordinal()
        ordinals = list(map(_ORDINALS.get, texts))
    kinds = set(map(type, values))
    if not kinds <= _FAST_KINDS:
        return None
    if Decimal in kinds:
        decimals = values if len(kinds) == 1 else [v for v in values if type(v) is Decimal]
        if not all(map(Decimal.is_finite, decimals)):
            return None
        exponents = list(map(Decimal.adjusted, decimals))
        if min(exponents) < _MIN_EXPONENT or max(exponents) > 307:
            return None
    if int in kinds:
        integers = values if len(kinds) == 1 else [v for v in values if type(v) is int]
        if min(integers) < -_FLOAT_MAX_INT or max(integers) > _FLOAT_MAX_INT:
            return None
    return list(map(_DATES.__getitem__, texts)), ordinals, values  # type: ignore[return-value]


def _careful_measurements(
    r: _Reader, raw: list[Any], where: str
) -> tuple[list[date], list[int], list[Number]]:
    dates: list[date] = []
    values: list[Number] = []
    for k, raw_point in enumerate(raw):
        point = r.point(raw_point, f"{where}.measurements[{k}]")
        if point is not None and point[0] is not None and point[1] is not None:
            dates.append(point[0])
            values.append(point[1])
    return dates, [d.toordinal() for d in dates], values


def _fraction(value: Any, default: Fraction) -> Fraction | None:
    """A tolerance or weight from the cache of those seen (None: not cached, read it carefully)."""
    if value is None:
        return default
    if type(value) in _FAST_KINDS:
        return _FRACTIONS.get(value)
    return None


def _fast_indicator(ind: Any) -> Indicator | None:
    """A well-formed indicator, quickly; None when anything needs the careful reader."""
    try:
        code, name, unit = ind["code"], ind["name"], ind["unit"]
        baseline, target, raw = ind["baseline"], ind["target"], ind["measurements"]
    except (KeyError, TypeError, IndexError):
        return None
    if type(code) is not str or not code.strip() or type(name) is not str or type(unit) is not str:
        return None
    if type(raw) is not list:
        return None
    tolerance = _fraction(ind.get("tolerance"), DEFAULT_TOLERANCE)
    weight = _fraction(ind.get("weight"), DEFAULT_WEIGHT)
    if tolerance is None or weight is None:
        return None
    # _fraction's answers live as long as the module (constants, or entries _FRACTIONS never drops), so
    # their identity can stand for "already checked".
    if (id(tolerance), id(weight)) not in _CHECKED:
        if not 0 < tolerance <= MAX_TOLERANCE or not weight > 0:
            return None
        _CHECKED.add((id(tolerance), id(weight)))
    points = _fast_measurements([baseline, target, *raw])
    if points is None:
        return None
    dates, ordinals, values = points
    origin = ordinals[0]
    if values[0] == values[1] or ordinals[1] <= origin:
        return None
    days = list(map(origin.__rsub__, ordinals[2:]))
    if days and (min(days) < 0 or len(set(days)) != len(days)):
        return None
    return _build(code, name, unit, tolerance, weight, dates, days, values)


def _build(
    code: str,
    name: str,
    unit: str,
    tolerance: Fraction,
    weight: Fraction,
    dates: list[date],
    days: list[int],
    values: list[Number],
) -> Indicator:
    """An indicator from checked parts: ``dates``/``values`` hold baseline, target, measurements;
    ``days`` the measurements' days since the baseline date."""
    if days != sorted(days):
        order = sorted(range(len(days)), key=days.__getitem__)
        days = [days[k] for k in order]
        dates = dates[:2] + [dates[k + 2] for k in order]
        values = values[:2] + [values[k + 2] for k in order]
    cached = list(map(_RATIOS.get, values))
    if None not in cached:
        ratios: list[tuple[int, int]] = cached  # type: ignore[assignment]
    else:
        if len(_RATIOS) >= _DECIMALS_MAX:
            _RATIOS.clear()
        for v in values:
            if v not in _RATIOS:
                _RATIOS[v] = v.as_integer_ratio()
        ratios = list(map(_RATIOS.__getitem__, values))
    numerators = list(map(_FIRST, ratios))
    denominators = list(map(_SECOND, ratios))
    scale = math.lcm(*denominators)
    scaled = (
        numerators
        if scale == 1
        else list(map(operator.mul, numerators, map(scale.__floordiv__, denominators)))
    )
    return Indicator(
        code=code,
        name=name,
        unit=unit,
        baseline_date=dates[0],
        baseline=values[0],
        target_date=dates[1],
        target=values[1],
        tolerance=tolerance,
        weight=weight,
        dates=tuple(dates[2:]),
        values=tuple(values[2:]),
        scale=scale,
        scaled_baseline=scaled[0],
        scaled_target=scaled[1],
        days=tuple(days),
        scaled_values=tuple(scaled[2:]),
    )


def _indicator(r: _Reader, raw: Any, where: str) -> Indicator | None:
    fast = _fast_indicator(raw)
    if fast is not None:
        return fast
    ind = r.obj(raw, where)
    if ind is None:
        return None
    before = len(r.problems)
    code = r.text(ind, "code", where, non_empty=True)
    name = r.text(ind, "name", where)
    unit = r.text(ind, "unit", where)
    baseline = r.point(ind["baseline"], f"{where}.baseline") if "baseline" in ind else None
    if "baseline" not in ind:
        r.problem(where, "the field 'baseline' is missing")
    target = r.point(ind["target"], f"{where}.target") if "target" in ind else None
    if "target" not in ind:
        r.problem(where, "the field 'target' is missing")
    tolerance = r.optional_fraction(ind, "tolerance", where, DEFAULT_TOLERANCE)
    if tolerance is not None and not 0 < tolerance <= MAX_TOLERANCE:
        r.problem(f"{where}.tolerance", f"must be more than 0 and at most 0.5 (is {ind['tolerance']})")
    weight = r.optional_fraction(ind, "weight", where, DEFAULT_WEIGHT)
    if weight is not None and not weight > 0:
        r.problem(f"{where}.weight", f"must be more than 0 (is {ind['weight']})")
    raw_measurements = r.field(ind, "measurements", where)
    dates: list[date] = []
    ordinals: list[int] = []
    values: list[Number] = []
    if raw_measurements is not None and not isinstance(raw_measurements, list):
        r.problem(f"{where}.measurements", "must be a list")
    elif raw_measurements is not None:
        quick = _fast_measurements(raw_measurements)
        dates, ordinals, values = quick or _careful_measurements(r, raw_measurements, where)

    b_date, b_value = baseline if baseline is not None else (None, None)
    t_date, t_value = target if target is not None else (None, None)
    if b_value is not None and t_value is not None and b_value == t_value:
        r.problem(
            f"{where}.target.value", "equals the baseline value: the target must differ from the baseline"
        )
    if b_date is not None and t_date is not None and t_date <= b_date:
        r.problem(f"{where}.target.date", "must be after the baseline date")
    origin = b_date.toordinal() if b_date is not None else None
    if ordinals and ((origin is not None and min(ordinals) < origin) or len(set(ordinals)) != len(ordinals)):
        seen: set[date] = set()
        for k, m_date in enumerate(dates):
            if b_date is not None and m_date < b_date:
                r.problem(f"{where}.measurements[{k}].date", f"{m_date} is before the baseline date {b_date}")
            if m_date in seen:
                r.problem(f"{where}.measurements[{k}].date", f"a second measurement on {m_date}")
            seen.add(m_date)

    if len(r.problems) > before:
        return None
    assert code is not None and name is not None and unit is not None  # noqa: S101 - no problem found
    assert b_date is not None and b_value is not None and t_date is not None and t_value is not None
    assert tolerance is not None and weight is not None and origin is not None
    return _build(
        code,
        name,
        unit,
        tolerance,
        weight,
        [b_date, t_date, *dates],
        [o - origin for o in ordinals],
        [b_value, t_value, *values],
    )


def _objective(r: _Reader, raw: Any, where: str) -> Objective | None:
    obj = r.obj(raw, where)
    if obj is None:
        return None
    before = len(r.problems)
    code = r.text(obj, "code", where, non_empty=True)
    name = r.text(obj, "name", where)
    raw_indicators = r.field(obj, "indicators", where)
    indicators: list[Indicator] = []
    if raw_indicators is not None and not isinstance(raw_indicators, list):
        r.problem(f"{where}.indicators", "must be a list")
    elif raw_indicators is not None:
        if not raw_indicators:
            r.problem(f"{where}.indicators", "an objective needs at least one indicator")
        codes: set[str] = set()
        for k, raw_indicator in enumerate(raw_indicators):
            here = f"{where}.indicators[{k}]"
            ind_code = raw_indicator.get("code") if isinstance(raw_indicator, dict) else None
            if isinstance(ind_code, str):
                if ind_code in codes:
                    r.problem(
                        f"{here}.code", f"the indicator code {ind_code!r} is used twice in this objective"
                    )
                codes.add(ind_code)
            indicator = _indicator(r, raw_indicator, here)
            if indicator is not None:
                indicators.append(indicator)
    if len(r.problems) > before:
        return None
    assert code is not None and name is not None  # noqa: S101 - no problem found
    return Objective(code=code, name=name, indicators=tuple(indicators))


def parse_document(raw: Any) -> Document:
    """Validate an objectives document (as read by ``loads``) and return it in exact form.

    Raises ``DocumentError`` naming every problem when it is malformed."""
    r = _Reader()
    top = r.obj(raw, "the document")
    if top is None:
        raise DocumentError(r.problems)
    as_of = r.read_date(top, "as_of", "")
    raw_objectives = r.field(top, "objectives", "")
    objectives: list[Objective] = []
    if raw_objectives is not None and not isinstance(raw_objectives, list):
        r.problem("objectives", "must be a list")
    elif raw_objectives is not None:
        codes: set[str] = set()
        for k, raw_objective in enumerate(raw_objectives):
            where = f"objectives[{k}]"
            obj_code = raw_objective.get("code") if isinstance(raw_objective, dict) else None
            if isinstance(obj_code, str):
                if obj_code in codes:
                    r.problem(f"{where}.code", f"the objective code {obj_code!r} is used twice")
                codes.add(obj_code)
            objective = _objective(r, raw_objective, where)
            if objective is not None:
                objectives.append(objective)
    if r.problems:
        raise DocumentError(r.problems)
    assert as_of is not None  # noqa: S101 - no problem found
    return Document(as_of=as_of, objectives=tuple(objectives))
