# ruff: noqa: E501 - SVG markup reads best one element a line
"""Server-side SVG charts of the report (pure: no Django). Every chart is drawn from numbers the
report already shows in a table beside it; nothing is computed here but positions."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

GREY = "#5c5c5c"
LIGHT = "#d9d9d9"
BAND = "#c8d6e5"
PREVIOUS = "#8a5a00"
FONT = "Noto Sans, sans-serif"  # the product's font, also in the PDF (where the page's CSS does not reach)


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def _text_width(text: str, size: float) -> float:
    """A generous estimate of the width of ``text`` at ``size`` px in a sans-serif font (0.6 em a
    character), so that labels are given room instead of being clipped at the chart's edge."""
    return len(text) * size * 0.6


def _two_lines(text: str, limit: int = 18) -> list[str]:
    """Split a long label at the space nearest its middle (one line when short or without spaces)."""
    if len(text) <= limit or " " not in text:
        return [text]
    middle = len(text) / 2
    cut = min((i for i, c in enumerate(text) if c == " "), key=lambda i: abs(i - middle))
    return [text[:cut], text[cut + 1 :]]


@dataclass(frozen=True)
class Axis:
    label: str
    score: float | None  # 0-100
    band: tuple[float, float] | None = None  # benchmark P25-P75 on 0-100
    previous: float | None = None


def radar(axes: Sequence[Axis], *, title: str, colour: str, size: int = 360) -> str:
    """A radar (spider) chart on 0-100 with the benchmark band and the previous wave."""
    n = len(axes)
    if n < 3:
        return ""
    cx = cy = size / 2
    r = size / 2 - 70

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        return cx + r * value / 100 * math.cos(angle), cy + r * value / 100 * math.sin(angle)

    lo_x, hi_x = 0.0, float(size)  # widened below so that no axis label is cut off
    parts = ["", f"<title>{escape(title)}</title>"]
    for ring in (25, 50, 75, 100):
        pts = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in (point(i, ring) for i in range(n)))
        parts.append(f'<polygon points="{pts}" fill="none" stroke="{LIGHT}" stroke-width="1"/>')
    for i, axis in enumerate(axes):
        x, y = point(i, 100)
        parts.append(
            f'<line x1="{_fmt(cx)}" y1="{_fmt(cy)}" x2="{_fmt(x)}" y2="{_fmt(y)}" stroke="{LIGHT}"/>'
        )
        lx, ly = point(i, 118)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        lines = _two_lines(axis.label)
        w = max(_text_width(line, 11) for line in lines)
        left_edge = lx - (w / 2 if anchor == "middle" else (0 if anchor == "start" else w))
        lo_x, hi_x = min(lo_x, left_edge - 4), max(hi_x, left_edge + w + 4)
        y0 = ly - (6 if len(lines) > 1 and ly < cy else 0)
        spans = "".join(
            f'<tspan x="{_fmt(lx)}" y="{_fmt(y0 + 13 * k)}">{escape(line)}</tspan>'
            for k, line in enumerate(lines)
        )
        parts.append(f'<text font-size="11" text-anchor="{anchor}" fill="#222">{spans}</text>')
    if all(a.band is not None for a in axes):
        outer = [point(i, a.band[1]) for i, a in enumerate(axes) if a.band]
        inner = [point(i, a.band[0]) for i, a in enumerate(axes) if a.band]
        path = "M" + " L".join(f"{_fmt(x)},{_fmt(y)}" for x, y in outer) + " Z "
        path += "M" + " L".join(f"{_fmt(x)},{_fmt(y)}" for x, y in reversed(inner)) + " Z"
        parts.append(f'<path d="{path}" fill="{BAND}" fill-opacity="0.6" fill-rule="evenodd" stroke="none"/>')
    if all(a.previous is not None for a in axes):
        pts = " ".join(
            f"{_fmt(x)},{_fmt(y)}" for x, y in (point(i, a.previous or 0) for i, a in enumerate(axes))
        )
        parts.append(
            f'<polygon points="{pts}" fill="none" stroke="{PREVIOUS}" stroke-width="2" stroke-dasharray="5 3"/>'
        )
    scored = [(i, a.score) for i, a in enumerate(axes) if a.score is not None]
    if len(scored) == n:
        pts = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in (point(i, s or 0) for i, s in scored))
        parts.append(
            f'<polygon points="{pts}" fill="{colour}" fill-opacity="0.25" stroke="{colour}" stroke-width="2.5"/>'
        )
    for i, score in scored:
        x, y = point(i, score or 0)
        parts.append(f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="3.5" fill="{colour}"/>')
    parts.append("</svg>")
    width = hi_x - lo_x
    parts[0] = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{_fmt(lo_x)} 0 {_fmt(width)} {size}" '
        f'width="{_fmt(width)}" height="{size}" role="img" aria-label="{_attr(title)}" class="vk-chart" font-family="{FONT}">'
    )
    return "".join(parts)


@dataclass(frozen=True)
class Bar:
    label: str
    score: float | None  # 0-100
    low: float | None = None
    high: float | None = None
    note: str = ""  # e.g. the classification


def bars(rows: Sequence[Bar], *, title: str, colour: str, width: int = 520) -> str:
    """Horizontal bars on 0-100 with the 95 % interval as a whisker and cut-off lines at 50 and 68.75."""
    left, right, row_h = 170, 60, 30
    left = max(left, round(max((_text_width(r.label, 11) for r in rows), default=0) + 14))
    width = max(width, left + right + 240)
    plot = width - left - right
    height = 30 + row_h * len(rows) + 10

    def x(value: float) -> float:
        return left + plot * max(0.0, min(100.0, value)) / 100

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{_attr(title)}" class="vk-chart" font-family="{FONT}">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in (0, 25, 50, 75, 100):
        parts.append(
            f'<line x1="{_fmt(x(tick))}" y1="20" x2="{_fmt(x(tick))}" y2="{height - 10}" stroke="{LIGHT}"/>'
            f'<text x="{_fmt(x(tick))}" y="14" font-size="10" text-anchor="middle" fill="{GREY}">{tick}</text>'
        )
    for cut in (50, 68.75):
        parts.append(
            f'<line x1="{_fmt(x(cut))}" y1="20" x2="{_fmt(x(cut))}" y2="{height - 10}" stroke="{GREY}" stroke-dasharray="3 3"/>'
        )
    for i, row in enumerate(rows):
        top = 26 + i * row_h
        parts.append(
            f'<text x="{left - 8}" y="{top + 15}" font-size="11" text-anchor="end" fill="#222">{escape(row.label)}</text>'
        )
        if row.score is None:
            parts.append(
                f'<text x="{left + 4}" y="{top + 15}" font-size="11" fill="{GREY}">{escape(row.note)}</text>'
            )
            continue
        parts.append(
            f'<rect x="{left}" y="{top + 4}" width="{_fmt(x(row.score) - left)}" height="16" fill="{colour}" fill-opacity="0.85"/>'
        )
        if row.low is not None and row.high is not None:
            y = top + 12
            parts.append(
                f'<line x1="{_fmt(x(row.low))}" y1="{y}" x2="{_fmt(x(row.high))}" y2="{y}" stroke="#111" stroke-width="1.5"/>'
                f'<line x1="{_fmt(x(row.low))}" y1="{y - 5}" x2="{_fmt(x(row.low))}" y2="{y + 5}" stroke="#111"/>'
                f'<line x1="{_fmt(x(row.high))}" y1="{y - 5}" x2="{_fmt(x(row.high))}" y2="{y + 5}" stroke="#111"/>'
            )
        parts.append(
            f'<text x="{width - right + 6}" y="{top + 15}" font-size="11" fill="#222">{row.score:.0f}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _cell_colour(value: float) -> str:
    """White (0) to a dark teal (100); dark cells get white text."""
    t = max(0.0, min(1.0, value / 100))
    r = round(255 + (29 - 255) * t)
    g = round(255 + (91 - 255) * t)
    b = round(255 + (121 - 255) * t)
    return f"#{r:02x}{g:02x}{b:02x}"


def heatmap(
    rows: Sequence[str], columns: Sequence[str], cells: Sequence[Sequence[float | str | None]], *, title: str
) -> str:
    """Dimensions × stakeholder groups; a cell is a 0-100 score, a text such as "< 5" (suppressed)
    or None (no respondents)."""
    left, top, cw, ch = 170, 110, 62, 28
    longest_column = max((_text_width(c, 10) for c in columns), default=0) * math.sqrt(0.5)  # at 45°
    left = max(left, round(max((_text_width(r, 11) for r in rows), default=0) + 14))
    top = max(top, round(longest_column + 16))
    width = left + cw * len(columns) + max(10, round(longest_column - cw / 2 + 10))
    height = top + ch * len(rows) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{_attr(title)}" class="vk-chart" font-family="{FONT}">',
        f"<title>{escape(title)}</title>",
    ]
    for j, column in enumerate(columns):
        cx = left + j * cw + cw / 2
        parts.append(
            f'<text transform="translate({_fmt(cx)},{top - 6}) rotate(-45)" font-size="10" fill="#222">{escape(column)}</text>'
        )
    for i, row in enumerate(rows):
        y = top + i * ch
        parts.append(
            f'<text x="{left - 8}" y="{y + 18}" font-size="11" text-anchor="end" fill="#222">{escape(row)}</text>'
        )
        for j, cell in enumerate(cells[i]):
            x = left + j * cw
            if isinstance(cell, (int, float)):
                fill, text = _cell_colour(float(cell)), f"{cell:.0f}"
                ink = "#fff" if cell >= 55 else "#111"
            else:
                fill, text, ink = "#f2f2f2", cell or "—", GREY
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cw - 2}" height="{ch - 2}" fill="{fill}"/>'
                f'<text x="{_fmt(x + cw / 2 - 1)}" y="{y + 18}" font-size="11" text-anchor="middle" fill="{ink}">{escape(text)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
