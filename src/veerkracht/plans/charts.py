"""The plan's figures as SVG for the page, from a layout any renderer can reuse (pure: no Django).

:func:`gantt_layout` and :func:`map_layout` turn a document's :class:`~veerkracht.plans.document.Gantt`
and :class:`~veerkracht.plans.document.Map` into coordinates (in points of an abstract canvas whose size
the layout gives); :func:`gantt_svg` and :func:`map_svg` draw those as accessible SVG. A DOCX or PDF
renderer draws the same layout in its own way. Labels for the axes and titles are passed in by the
caller (already translated).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

from veerkracht.plans.document import Gantt, Map

# --- Gantt chart ---------------------------------------------------------------------------------

GANTT_LEFT = 230.0  # the label column
GANTT_PLOT = 600.0  # the time axis
GANTT_TOP = 30.0  # room for the month labels
GANTT_ROW = 26.0
GANTT_BAR = 16.0
GANTT_RIGHT = 10.0
GANTT_BOTTOM = 10.0


@dataclass(frozen=True)
class GanttRow:
    label: str
    group: str
    x: float  # left of the bar (or the milestone's centre)
    y: float  # top of the bar
    width: float  # 0 for a milestone
    height: float
    milestone: bool
    start: str
    end: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str  # "YYYY-MM"


@dataclass(frozen=True)
class GanttLayout:
    width: float
    height: float
    left: float
    top: float
    plot_width: float
    rows: tuple[GanttRow, ...]
    ticks: tuple[Tick, ...]
    first: str  # ISO date at x = left
    last: str  # ISO date at x = left + plot_width


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value[:10])


def _month_starts(first: dt.date, last: dt.date) -> list[dt.date]:
    out = []
    current = dt.date(first.year, first.month, 1)
    if current < first:
        current = dt.date(current.year + (current.month == 12), current.month % 12 + 1, 1)
    while current <= last:
        out.append(current)
        current = dt.date(current.year + (current.month == 12), current.month % 12 + 1, 1)
    return out


def gantt_layout(gantt: Gantt) -> GanttLayout:
    """Rows top to bottom in the chart's order; x proportional to the date between the earliest start
    and the latest end (a chart of one day spans one day); ticks at the first of each month, thinned to
    at most 12."""
    bars = [b for b in gantt.bars if b.start and b.end]
    if not bars:
        return GanttLayout(
            GANTT_LEFT + GANTT_PLOT + GANTT_RIGHT,
            GANTT_TOP + GANTT_BOTTOM,
            GANTT_LEFT,
            GANTT_TOP,
            GANTT_PLOT,
            (),
            (),
            "",
            "",
        )
    first = min(min(_date(b.start), _date(b.end)) for b in bars)
    last = max(max(_date(b.start), _date(b.end)) for b in bars)
    span = max((last - first).days, 1)

    def x_of(day: dt.date) -> float:
        return GANTT_LEFT + (day - first).days / span * GANTT_PLOT

    rows = []
    for i, bar in enumerate(bars):
        start, end = sorted((_date(bar.start), _date(bar.end)))
        y = GANTT_TOP + i * GANTT_ROW + (GANTT_ROW - GANTT_BAR) / 2
        milestone = bar.milestone or start == end
        rows.append(
            GanttRow(
                label=bar.label,
                group=bar.group,
                x=x_of(start),
                y=y,
                width=0.0 if milestone else max(x_of(end) - x_of(start), 1.0),
                height=GANTT_BAR,
                milestone=milestone,
                start=start.isoformat(),
                end=end.isoformat(),
            )
        )
    months = _month_starts(first, last)
    step = max(1, -(-len(months) // 12))
    ticks = tuple(Tick(x_of(m), f"{m.year}-{m.month:02d}") for m in months[::step])
    height = GANTT_TOP + len(rows) * GANTT_ROW + GANTT_BOTTOM
    return GanttLayout(
        width=GANTT_LEFT + GANTT_PLOT + GANTT_RIGHT,
        height=height,
        left=GANTT_LEFT,
        top=GANTT_TOP,
        plot_width=GANTT_PLOT,
        rows=tuple(rows),
        ticks=ticks,
        first=first.isoformat(),
        last=last.isoformat(),
    )


def _short(text: str, length: int = 34) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def gantt_svg(gantt: Gantt, *, title: str, description: str, svg_id: str, colour: str = "#1d5b79") -> str:
    layout = gantt_layout(gantt)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {layout.width:g} {layout.height:g}" '
        f'role="img" '
        f'aria-labelledby="{svg_id}-title {svg_id}-desc" class="vk-plan-chart" id="{svg_id}">',
        f'<title id="{svg_id}-title">{escape(title)}</title>',
        f'<desc id="{svg_id}-desc">{escape(description)}</desc>',
    ]
    bottom = layout.height - GANTT_BOTTOM
    for tick in layout.ticks:
        out.append(
            f'<line x1="{tick.x:.1f}" y1="{layout.top - 4:g}" x2="{tick.x:.1f}" y2="{bottom:g}" '
            f'stroke="#c9d1d6" stroke-width="1"/>'
            f'<text x="{tick.x:.1f}" y="{layout.top - 10:g}" font-size="11" text-anchor="middle" '
            f'fill="#1b1f23">{escape(tick.label)}</text>'
        )
    for row in layout.rows:
        cy = row.y + row.height / 2
        out.append(
            f'<text x="{layout.left - 8:g}" y="{cy + 4:.1f}" font-size="12" text-anchor="end" fill="#1b1f23">'
            f"{escape(_short(row.label))}</text>"
        )
        if row.milestone:
            h = row.height / 2
            out.append(
                f'<path d="M {row.x:.1f} {row.y:.1f} l {h:g} {h:g} l {-h:g} {h:g} l {-h:g} {-h:g} z" '
                f'fill="#a3441c"/>'
            )
        else:
            out.append(
                f'<rect x="{row.x:.1f}" y="{row.y:.1f}" width="{row.width:.1f}" height="{row.height:g}" '
                f'rx="3" fill="{escape(colour)}"/>'
            )
    out.append("</svg>")
    return "".join(out)


# --- stakeholder map -----------------------------------------------------------------------------

MAP_LEFT = 60.0
MAP_TOP = 10.0
MAP_SIZE = 420.0
MAP_BOTTOM = 50.0
MAP_RIGHT = 10.0
MAP_SPREAD = 22.0  # distance between points that share a place
MAP_RADIUS = 9.0


@dataclass(frozen=True)
class MapPoint:
    number: int  # 1-based, in the map's order (the table beside the map repeats it)
    label: str
    group: str
    cx: float
    cy: float


@dataclass(frozen=True)
class MapLayout:
    width: float
    height: float
    left: float
    top: float
    size: float  # the plot is a square of this side
    grid: tuple[float, ...]  # the fractions where the grid lines (low/medium/high borders) fall
    points: tuple[MapPoint, ...]


def map_layout(stakeholder_map: Map) -> MapLayout:
    """Interest to the right, influence upwards, both 0..1 on a square; points at the same place are
    spread on a row around it (and rows above and below when there are more than fit), so none hides
    another. Positions stay inside the square."""
    places: dict[tuple[float, float], list[int]] = {}
    for i, point in enumerate(stakeholder_map.points):
        places.setdefault((point.x, point.y), []).append(i)
    per_row = max(1, int(MAP_SIZE / 3 // MAP_SPREAD))
    centres: dict[int, tuple[float, float]] = {}
    for (x, y), members in places.items():
        bx = MAP_LEFT + min(max(x, 0.0), 1.0) * MAP_SIZE
        by = MAP_TOP + (1 - min(max(y, 0.0), 1.0)) * MAP_SIZE
        rows = -(-len(members) // per_row)
        for k, index in enumerate(members):
            row, col = divmod(k, per_row)
            in_row = min(per_row, len(members) - row * per_row)
            cx = bx + (col - (in_row - 1) / 2) * MAP_SPREAD
            cy = by + (row - (rows - 1) / 2) * MAP_SPREAD
            cx = min(max(cx, MAP_LEFT + MAP_RADIUS), MAP_LEFT + MAP_SIZE - MAP_RADIUS)
            cy = min(max(cy, MAP_TOP + MAP_RADIUS), MAP_TOP + MAP_SIZE - MAP_RADIUS)
            centres[index] = (cx, cy)
    points = tuple(
        MapPoint(i + 1, p.label, p.group, centres[i][0], centres[i][1])
        for i, p in enumerate(stakeholder_map.points)
    )
    return MapLayout(
        width=MAP_LEFT + MAP_SIZE + MAP_RIGHT,
        height=MAP_TOP + MAP_SIZE + MAP_BOTTOM,
        left=MAP_LEFT,
        top=MAP_TOP,
        size=MAP_SIZE,
        grid=(1 / 3, 2 / 3),
        points=points,
    )


def map_svg(stakeholder_map: Map, *, title: str, description: str, svg_id: str) -> str:
    layout = map_layout(stakeholder_map)
    left, top, size = layout.left, layout.top, layout.size
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {layout.width:g} {layout.height:g}" '
        f'role="img" '
        f'aria-labelledby="{svg_id}-title {svg_id}-desc" class="vk-plan-chart vk-plan-map" id="{svg_id}">',
        f'<title id="{svg_id}-title">{escape(title)}</title>',
        f'<desc id="{svg_id}-desc">{escape(description)}</desc>',
        f'<rect x="{left:g}" y="{top:g}" width="{size:g}" height="{size:g}" fill="#f4f7f9" '
        f'stroke="#5f6b73"/>',
        f'<rect x="{left + size * 2 / 3:.1f}" y="{top:g}" width="{size / 3:.1f}" height="{size / 3:.1f}" '
        f'fill="#e8f0f4"/>',
    ]
    for fraction in layout.grid:
        out.append(
            f'<line x1="{left + fraction * size:.1f}" y1="{top:g}" x2="{left + fraction * size:.1f}" '
            f'y2="{top + size:g}" stroke="#c9d1d6"/>'
            f'<line x1="{left:g}" y1="{top + fraction * size:.1f}" x2="{left + size:g}" '
            f'y2="{top + fraction * size:.1f}" stroke="#c9d1d6"/>'
        )
    for point in layout.points:
        out.append(
            f'<circle cx="{point.cx:.1f}" cy="{point.cy:.1f}" r="{MAP_RADIUS:g}" fill="#1d5b79"/>'
            f'<text x="{point.cx:.1f}" y="{point.cy + 4:.1f}" font-size="11" fill="#fff" '
            f'text-anchor="middle">'
            f"{point.number}</text>"
        )
    out.append(
        f'<text x="{left + size / 2:g}" y="{top + size + 30:g}" font-size="14" font-weight="bold" '
        f'text-anchor="middle" fill="#1b1f23">{escape(stakeholder_map.x_label)} →</text>'
    )
    cy = top + size / 2
    out.append(
        f'<text x="24" y="{cy:g}" font-size="14" font-weight="bold" text-anchor="middle" fill="#1b1f23" '
        f'transform="rotate(-90 24 {cy:g})">{escape(stakeholder_map.y_label)} →</text>'
    )
    out.append("</svg>")
    return "".join(out)
