"""The one writer of CSV and XLSX exports: every text cell that a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is prefixed with a quote, so
that it is shown as text. Numbers stay numbers (a negative number is not a formula)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_value(value: Any) -> Any:
    """``value`` for a spreadsheet cell: text that would start a formula gets a leading quote; numbers,
    booleans and None are returned as they are."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def safe_cell(value: Any) -> str:
    """A CSV cell: ``safe_value`` as text ("" for None)."""
    value = safe_value(value)
    return "" if value is None else str(value)


def csv_text(
    header: Sequence[Any] | None, rows: Iterable[Sequence[Any]], *, lineterminator: str = "\r\n"
) -> str:
    """A CSV document of ``header`` (when given) and ``rows``, every cell through :func:`safe_cell`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=lineterminator)
    if header is not None:
        writer.writerow([safe_cell(v) for v in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()


def sheet_append(sheet: Any, row: Sequence[Any]) -> None:
    """Append ``row`` to an openpyxl worksheet, every cell through :func:`safe_value` (a text starting
    with ``=`` would otherwise be stored as a live formula)."""
    sheet.append([safe_value(v) for v in row])
