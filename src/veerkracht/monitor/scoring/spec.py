"""The instrument as the scoring rules see it: scale, dimensions and items (no texts needed).

``instrument_from_document`` reads the instrument's JSON form (docs/monitor/scoring.md;
``veerkracht export_instrument`` writes it) and ``validate_instrument_document`` names every problem
of such a document.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

RESERVED_COLUMNS = ("respondent", "group")
MAX_SCALE_SPAN = 100


class InstrumentDocumentError(ValueError):
    """An instrument document is not valid; ``problems`` names every problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ScaleSpec:
    min: int
    max: int
    missing: tuple[int, ...] = ()

    @property
    def options(self) -> int:
        """A = max - min + 1, the number of answer options."""
        return self.max - self.min + 1

    @property
    def span(self) -> int:
        return self.max - self.min

    def to_0_100(self, value: Any) -> Any:
        """(value - min) / (max - min) * 100; works on floats and numpy arrays."""
        return (value - self.min) / self.span * 100.0

    def points_0_100(self, points: float) -> float:
        """A distance on the 0-100 scale expressed in scale points (12.5 -> 0.5 on 5 points)."""
        return points / 100.0 * self.span


@dataclass(frozen=True)
class ItemSpec:
    code: str
    reverse: bool = False
    text: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DimensionSpec:
    code: str
    items: tuple[ItemSpec, ...]
    name: Mapping[str, str] = field(default_factory=dict)

    @property
    def min_valid(self) -> int:
        """ceil(0.6 * J), computed in integers: ceil(3J/5)."""
        return -(-3 * len(self.items) // 5)


@dataclass(frozen=True)
class InstrumentSpec:
    code: str
    version: int
    scale: ScaleSpec
    dimensions: tuple[DimensionSpec, ...]

    @property
    def item_codes(self) -> tuple[str, ...]:
        return tuple(item.code for dim in self.dimensions for item in dim.items)

    @property
    def dimension_codes(self) -> tuple[str, ...]:
        return tuple(dim.code for dim in self.dimensions)

    def columns(self, dimension: DimensionSpec) -> np.ndarray:
        """Column indices (into the item-ordered answer matrix) of a dimension's items."""
        position = {code: i for i, code in enumerate(self.item_codes)}
        return np.array([position[item.code] for item in dimension.items], dtype=np.intp)

    def reverse_mask(self) -> np.ndarray:
        return np.array([item.reverse for dim in self.dimensions for item in dim.items], dtype=bool)

    def to_document(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "version": self.version,
            "scale": {"min": self.scale.min, "max": self.scale.max, "missing": list(self.scale.missing)},
            "dimensions": [
                {
                    "code": dim.code,
                    "name": dict(dim.name),
                    "items": [
                        {"code": item.code, "reverse": item.reverse, "text": dict(item.text)}
                        for item in dim.items
                    ],
                }
                for dim in self.dimensions
            ],
        }


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_code(value: Any) -> bool:
    return isinstance(value, str) and value.strip() == value and value != "" and "," not in value


def _check_texts(where: str, texts: Any, problems: list[str]) -> None:
    if not isinstance(texts, dict):
        problems.append(f"{where}: must be an object with the texts 'nl' and 'en'")
        return
    for language in ("nl", "en"):
        text = texts.get(language)
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: the {language!r} text is missing or empty")


def validate_instrument_document(doc: Any, *, require_texts: bool = False) -> list[str]:
    """Every problem of an instrument document (empty list: valid).

    Checks: code and a positive integer version; an integer scale with min < max (at most
    101 options); missing codes integers outside min..max; at least one dimension; unique
    dimension codes; at least 2 items per dimension; item codes unique across the instrument and
    not ``respondent``/``group``; ``reverse`` a boolean; with ``require_texts`` also the nl/en names
    and texts.
    """
    problems: list[str] = []
    if not isinstance(doc, dict):
        return ["the instrument must be a JSON object"]
    if not _is_code(doc.get("code")):
        problems.append("code: must be a non-empty string without surrounding spaces or commas")
    version: Any = doc.get("version")
    if not _is_int(version) or version < 1:
        problems.append("version: must be a positive integer")
    scale = doc.get("scale")
    lo: Any
    hi: Any
    if not isinstance(scale, dict):
        problems.append("scale: must be an object with min, max and missing")
        lo = hi = None
    else:
        lo, hi = scale.get("min"), scale.get("max")
        if not _is_int(lo) or not _is_int(hi):
            problems.append("scale: min and max must be integers")
            lo = hi = None
        elif lo >= hi:
            problems.append(f"scale: min ({lo}) must be smaller than max ({hi})")
        elif hi - lo > MAX_SCALE_SPAN:
            problems.append(f"scale: at most {MAX_SCALE_SPAN + 1} answer options")
        missing = scale.get("missing", [])
        if not isinstance(missing, list):
            problems.append("scale.missing: must be a list of integers")
        else:
            for mcode in missing:
                if not _is_int(mcode):
                    problems.append(f"scale.missing: {mcode!r} is not an integer")
                elif lo is not None and hi is not None and lo <= mcode <= hi:
                    problems.append(f"scale.missing: {mcode} lies inside the scale {lo}..{hi}")
            if len({c for c in missing if _is_int(c)}) != len([c for c in missing if _is_int(c)]):
                problems.append("scale.missing: codes must be unique")
        labels = scale.get("labels")
        if labels is not None and require_texts:
            _check_labels(labels, lo, hi, missing if isinstance(missing, list) else [], problems)
    dimensions = doc.get("dimensions")
    if not isinstance(dimensions, list) or not dimensions:
        problems.append("dimensions: must be a non-empty list")
        return problems
    seen_dims: set[str] = set()
    seen_items: set[str] = set()
    for d_index, dim in enumerate(dimensions, start=1):
        if not isinstance(dim, dict):
            problems.append(f"dimension {d_index}: must be an object")
            continue
        code: Any = dim.get("code")
        where = f"dimension {code}" if isinstance(code, str) and code else f"dimension {d_index}"
        if not _is_code(code):
            problems.append(f"{where}: code must be a non-empty string without surrounding spaces or commas")
        elif code in seen_dims:
            problems.append(f"{where}: the code is used twice")
        else:
            seen_dims.add(code)
        if require_texts or "name" in dim:
            _check_texts(f"{where}: name", dim.get("name"), problems)
        items = dim.get("items")
        if not isinstance(items, list):
            problems.append(f"{where}: items must be a list")
            continue
        if len(items) < 2:
            problems.append(f"{where}: needs at least 2 items, has {len(items)}")
        for i_index, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                problems.append(f"{where}, item {i_index}: must be an object")
                continue
            icode: Any = item.get("code")
            iwhere = f"item {icode}" if isinstance(icode, str) and icode else f"{where}, item {i_index}"
            if not _is_code(icode):
                problems.append(
                    f"{iwhere}: code must be a non-empty string without surrounding spaces or commas"
                )
            elif icode in RESERVED_COLUMNS:
                problems.append(f"{iwhere}: the code is reserved for a column of the answers file")
            elif icode in seen_items:
                problems.append(f"{iwhere}: the code is used twice")
            else:
                seen_items.add(icode)
            if not isinstance(item.get("reverse", False), bool):
                problems.append(f"{iwhere}: reverse must be true or false")
            if require_texts or "text" in item:
                _check_texts(f"{iwhere}: text", item.get("text"), problems)
            if "short_form" in item and not isinstance(item["short_form"], bool):
                problems.append(f"{iwhere}: short_form must be true or false")
    return problems


def _check_labels(labels: Any, lo: Any, hi: Any, missing: list[Any], problems: list[str]) -> None:
    if not isinstance(labels, list):
        problems.append("scale.labels: must be a list of {value, nl, en}")
        return
    values = []
    for label in labels:
        if not isinstance(label, dict) or not _is_int(label.get("value")):
            problems.append(f"scale.labels: {label!r} needs an integer value")
            continue
        values.append(label["value"])
        _check_texts(f"scale.labels {label['value']}", {k: label.get(k) for k in ("nl", "en")}, problems)
    if len(set(values)) != len(values):
        problems.append("scale.labels: a value is labelled twice")
    if _is_int(lo) and _is_int(hi):
        allowed = set(range(lo, hi + 1)) | {m for m in missing if _is_int(m)}
        for value in sorted(set(values) - allowed):
            problems.append(f"scale.labels: {value} is neither on the scale nor a missing code")


def instrument_from_document(doc: Any) -> InstrumentSpec:
    """The :class:`InstrumentSpec` of a valid document; raises :class:`InstrumentDocumentError`."""
    problems = validate_instrument_document(doc)
    if problems:
        raise InstrumentDocumentError(problems)
    scale = doc["scale"]
    return InstrumentSpec(
        code=doc["code"],
        version=doc["version"],
        scale=ScaleSpec(min=scale["min"], max=scale["max"], missing=tuple(scale.get("missing", []))),
        dimensions=tuple(
            DimensionSpec(
                code=dim["code"],
                name=dict(dim.get("name") or {}),
                items=tuple(
                    ItemSpec(
                        code=item["code"],
                        reverse=item.get("reverse", False),
                        text=dict(item.get("text") or {}),
                    )
                    for item in dim["items"]
                ),
            )
            for dim in doc["dimensions"]
        ),
    )


def cutoff(scale: ScaleSpec, score_0_100: float) -> float:
    """A 0-100 cut-off expressed on the answer scale (68.75 -> 3.75 on 1..5)."""
    return scale.min + score_0_100 / 100.0 * scale.span


__all__ = [
    "DimensionSpec",
    "InstrumentDocumentError",
    "InstrumentSpec",
    "ItemSpec",
    "ScaleSpec",
    "cutoff",
    "instrument_from_document",
    "validate_instrument_document",
]
