"""The plan's figures: the Gantt chart of the planning and the stakeholder map, laid out once and drawn
twice (SVG for the PDF and the pages, PNG for the Word document).

:func:`gantt_layout` and :func:`map_layout` are pure arithmetic on :class:`~veerkracht.plans.document.Gantt`
and :class:`~veerkracht.plans.document.Map` (no Django): they place every bar, point, tick and label in
a coordinate system of ``width`` units wide, and give the result as a :class:`Figure`, a list of
primitive shapes. The drawers (:func:`to_svg`, :func:`to_png`) only paint those shapes, so the two
outputs cannot differ in what they show.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any, Literal

from veerkracht.plans.document import Gantt, Map, Table

#: The fill of a shape drawn in the document's (the municipality's) colour, given to the drawers.
THEME = "theme"
INK = "#1a1a1a"
GRID = "#c8c8c8"
MUTED = "#555555"
FONT_SIZE = 11.0
SMALL = 9.5
#: Width of a character as a share of the font size (generous for Noto Sans; used to fit labels).
CHAR_WIDTH = 0.6
#: The groups of a map, told apart by colour and by shape (never by colour alone).
PALETTE = ("#0b5394", "#b45f06", "#38761d", "#741b47", "#434343", "#7f6000")
MARKERS: tuple[Literal["circle", "square", "diamond", "triangle"], ...] = (
    "circle",
    "square",
    "diamond",
    "triangle",
)

MONTHS = {
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
QUADRANTS = {
    # (interest high?, influence high?) -> name; the usual power/interest grid
    "nl": {
        (False, True): "Tevreden houden",
        (True, True): "Nauw betrekken",
        (False, False): "Monitoren",
        (True, False): "Informeren",
    },
    "en": {
        (False, True): "Keep satisfied",
        (True, True): "Manage closely",
        (False, False): "Monitor",
        (True, False): "Keep informed",
    },
}


DEFAULT_COLOUR = "#1a1a1a"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def safe_colour(colour: str) -> str:
    """The municipality's colour when it is a ``#rrggbb`` value, else a dark grey (it goes into SVG and
    CSS)."""
    return colour if _COLOUR.match(colour or "") else DEFAULT_COLOUR


# --- shapes -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str = ""


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = GRID
    width: float = 1.0
    dashed: bool = False


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    size: float = FONT_SIZE
    anchor: Literal["start", "middle", "end"] = "start"
    fill: str = INK
    bold: bool = False


@dataclass(frozen=True)
class Marker:
    """A point of a map or a milestone: a small symbol centred on (x, y)."""

    x: float
    y: float
    size: float
    fill: str
    shape: Literal["circle", "square", "diamond", "triangle"] = "circle"


Shape = Rect | Line | Text | Marker


@dataclass(frozen=True)
class Figure:
    width: float
    height: float
    shapes: tuple[Shape, ...]


# --- Gantt --------------------------------------------------------------------------------------------

ROW = 24.0  # height of one bar's row
BAR = 14.0  # height of a bar
AXIS = 34.0  # room above the rows for the month ticks and the years
PAD = 8.0


@dataclass(frozen=True)
class GanttRow:
    label: str
    group: str
    x: float  # left edge of the bar (or the milestone's centre)
    y: float  # top of the row
    w: float  # 0 for a milestone
    milestone: bool


@dataclass(frozen=True)
class Tick:
    x: float
    label: str  # the month; empty when the months stand too close to label each
    year: str  # the year, on the first tick and on every January


@dataclass(frozen=True)
class GanttLayout:
    figure: Figure
    rows: tuple[GanttRow, ...]
    ticks: tuple[Tick, ...]
    first: dt.date | None  # the left edge of the time axis (a first of the month)
    last: dt.date | None  # the right edge (the first of the month after the last date)
    plot_left: float
    plot_right: float


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value[:10])


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def fit(text: str, room: float, size: float = FONT_SIZE) -> str:
    """``text`` shortened with an ellipsis so that it takes at most ``room`` units at ``size``."""
    most = max(1, int(room / (size * CHAR_WIDTH)))
    return text if len(text) <= most else text[: max(0, most - 1)].rstrip() + "…"


def gantt_layout(gantt: Gantt, width: float = 720.0, *, language: str = "nl") -> GanttLayout:
    """Lay out a Gantt chart ``width`` units wide.

    The time axis runs from the first of the month of the earliest start to the first of the month
    after the latest end; a bar covers its days inclusively (from the start of ``start`` to the end of
    ``end``); a milestone is a diamond at its ``start`` (the start of that day). Each month has a tick;
    months are labelled when at least 28 units apart, else every third (quarters); the year stands
    under the first tick and under every January. Labels left of the bars take at most a third of the
    width (shortened with an ellipsis).
    """
    months = MONTHS.get(language, MONTHS["en"])
    label_room = round(width / 3)
    plot_left = label_room + PAD
    plot_right = width - PAD
    bars = gantt.bars
    if not bars:
        return GanttLayout(Figure(width, AXIS, ()), (), (), None, None, plot_left, plot_right)
    starts = [_date(b.start) for b in bars]
    ends = [max(_date(b.end), s) for b, s in zip(bars, starts, strict=True)]
    first = min(starts).replace(day=1)
    last = _next_month(max(ends))
    span = (last - first).days
    scale = (plot_right - plot_left) / span

    def at(day: dt.date) -> float:
        return plot_left + (day - first).days * scale

    shapes: list[Shape] = []
    ticks: list[Tick] = []
    month = first
    count = 0
    while month < last:
        count += 1
        month = _next_month(month)
    every = 1 if (plot_right - plot_left) / count >= 28 else 3
    height = AXIS + ROW * len(bars) + PAD
    month, index = first, 0
    while month <= last:
        x = at(month)
        label = months[month.month - 1] if month < last and index % every == 0 else ""
        year = str(month.year) if month < last and (index == 0 or month.month == 1) else ""
        ticks.append(Tick(x=x, label=label, year=year))
        shapes.append(Line(x, AXIS - 4, x, height - PAD, stroke=GRID, width=0.75))
        if label:
            shapes.append(Text(x + 3, AXIS - 8, label, size=SMALL, fill=MUTED))
        if year:
            shapes.append(Text(x + 3, AXIS - 22, year, size=SMALL, fill=INK, bold=True))
        month, index = _next_month(month), index + 1
    rows: list[GanttRow] = []
    for n, (bar, start, end) in enumerate(zip(bars, starts, ends, strict=True)):
        top = AXIS + n * ROW
        middle = top + ROW / 2
        shapes.append(Text(PAD, middle + FONT_SIZE * 0.35, fit(bar.label, label_room - PAD), anchor="start"))
        if bar.milestone:
            x = at(start)
            rows.append(GanttRow(bar.label, bar.group, x, top, 0.0, True))
            shapes.append(Marker(x, middle, BAR, fill=INK, shape="diamond"))
        else:
            x = at(start)
            w = at(end + dt.timedelta(days=1)) - x
            rows.append(GanttRow(bar.label, bar.group, x, top, w, False))
            shapes.append(Rect(x, middle - BAR / 2, w, BAR, fill=THEME))
    shapes.append(Line(plot_left, AXIS - 4, plot_right, AXIS - 4, stroke=MUTED, width=1))
    return GanttLayout(
        figure=Figure(width, height, tuple(shapes)),
        rows=tuple(rows),
        ticks=tuple(ticks),
        first=first,
        last=last,
        plot_left=plot_left,
        plot_right=plot_right,
    )


# --- the stakeholder map --------------------------------------------------------------------------

MAP_LEFT = 34.0  # room for the vertical axis' name
MAP_TOP = 8.0
MAP_BOTTOM = 30.0  # room for the horizontal axis' name
LEGEND_ROW = 18.0
MAP_MARKER = 10.0
MAP_SPREAD = 14.0  # distance between the centres of points that share a place


@dataclass(frozen=True)
class MapPoint:
    label: str
    group: str
    x: float
    y: float
    shape: str
    colour: str


@dataclass(frozen=True)
class MapLayout:
    figure: Figure
    points: tuple[MapPoint, ...]
    left: float
    top: float
    size: float  # the plot is a square of this side
    groups: tuple[str, ...] = field(default_factory=tuple)


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, float(value)))


def _spread(
    places: list[tuple[float, float]], left: float, top: float, size: float
) -> list[tuple[float, float]]:
    """Points at exactly the same place are set side by side around it (in rows, when more than fit in
    a third of the plot), so that none hides another; a point alone keeps its place. Spread points
    stay inside the square."""
    shared: dict[tuple[float, float], list[int]] = {}
    for index, place in enumerate(places):
        shared.setdefault(place, []).append(index)
    out = list(places)
    per_row = max(1, int(size / 3 // MAP_SPREAD))
    low, high = MAP_MARKER / 2, size - MAP_MARKER / 2
    for (x, y), members in shared.items():
        if len(members) < 2:
            continue
        rows = -(-len(members) // per_row)
        for k, index in enumerate(members):
            row, col = divmod(k, per_row)
            in_row = min(per_row, len(members) - row * per_row)
            dx = (col - (in_row - 1) / 2) * MAP_SPREAD
            dy = (row - (rows - 1) / 2) * MAP_SPREAD
            px = left + min(max(x - left + dx, low), high)
            py = top + min(max(y - top + dy, low), high)
            out[index] = (px, py)
    return out


def map_layout(stakeholders: Map, width: float = 520.0, *, language: str = "nl") -> MapLayout:
    """Lay out a stakeholder map ``width`` units wide: a square plot, interest (x, 0..1) to the right,
    influence (y, 0..1) upwards, values outside 0..1 put on the edge. The four quadrants are named;
    groups get a colour and a marker shape each (in order of first appearance) and a legend below;
    points at exactly the same place are set side by side (:func:`_spread`); a point's label stands
    right of it, or left of it in the right quarter of the plot."""
    size = width - MAP_LEFT - PAD
    left, top = MAP_LEFT, MAP_TOP
    groups: list[str] = []
    for point in stakeholders.points:
        if point.group and point.group not in groups:
            groups.append(point.group)
    legend = LEGEND_ROW * len(groups) + (PAD if groups else 0)
    height = top + size + MAP_BOTTOM + legend
    shapes: list[Shape] = [Rect(left, top, size, size, fill="#ffffff", stroke=MUTED)]
    half = size / 2
    shapes.append(Line(left + half, top, left + half, top + size, stroke=GRID, dashed=True))
    shapes.append(Line(left, top + half, left + size, top + half, stroke=GRID, dashed=True))
    names = QUADRANTS.get(language, QUADRANTS["en"])
    for (interest, influence), name in names.items():
        qx = left + (half if interest else 0) + half / 2
        qy = top + (0 if influence else half) + 16
        shapes.append(Text(qx, qy, fit(name, half - 8, SMALL), size=SMALL, anchor="middle", fill=MUTED))
    x_name = stakeholders.x_label or ("Belang" if language == "nl" else "Interest")
    y_name = stakeholders.y_label or ("Invloed" if language == "nl" else "Influence")
    shapes.append(Text(left + half, top + size + 20, x_name, size=SMALL, anchor="middle"))
    shapes.append(Text(4, top + SMALL, fit(y_name, MAP_LEFT - 4, SMALL * 0.8), size=SMALL * 0.8))
    points: list[MapPoint] = []
    places = _spread(
        [(left + _clamp(p.x) * size, top + (1 - _clamp(p.y)) * size) for p in stakeholders.points],
        left,
        top,
        size,
    )
    for point, (x, y) in zip(stakeholders.points, places, strict=True):
        index = groups.index(point.group) if point.group else 0
        colour = PALETTE[index % len(PALETTE)]
        shape = MARKERS[index % len(MARKERS)]
        points.append(MapPoint(point.label, point.group, x, y, shape, colour))
        shapes.append(Marker(x, y, MAP_MARKER, fill=colour, shape=shape))
        room = size * 0.25 - 10
        if x > left + size * 0.75:
            shapes.append(Text(x - 8, y + 4, fit(point.label, room + size * 0.5, SMALL), SMALL, "end"))
        else:
            shapes.append(Text(x + 8, y + 4, fit(point.label, left + size - x - 10, SMALL), SMALL))
    for n, group in enumerate(groups):
        y = top + size + MAP_BOTTOM + PAD + n * LEGEND_ROW
        shapes.append(Marker(left + 6, y + 6, 10, fill=PALETTE[n % len(PALETTE)], shape=MARKERS[n % 4]))
        shapes.append(Text(left + 18, y + 10, fit(group, size - 20, SMALL), size=SMALL))
    return MapLayout(Figure(width, height, tuple(shapes)), tuple(points), left, top, size, tuple(groups))


# --- drawing: SVG ------------------------------------------------------------------------------------


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _marker_points(m: Marker) -> list[tuple[float, float]]:
    r = m.size / 2
    if m.shape == "diamond":
        return [(m.x, m.y - r), (m.x + r, m.y), (m.x, m.y + r), (m.x - r, m.y)]
    if m.shape == "triangle":
        return [(m.x, m.y - r), (m.x + r, m.y + r * 0.8), (m.x - r, m.y + r * 0.8)]
    return [(m.x - r * 0.85, m.y - r * 0.85), (m.x + r * 0.85, m.y + r * 0.85)]


def _svg_shape(shape: Shape, colour: str) -> str:
    if isinstance(shape, Rect):
        stroke = f' stroke="{shape.stroke}"' if shape.stroke else ""
        fill = colour if shape.fill == THEME else shape.fill
        return (
            f'<rect x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.w)}" height="{_n(shape.h)}" '
            f'fill="{fill}"{stroke}/>'
        )
    if isinstance(shape, Line):
        dash = ' stroke-dasharray="4 3"' if shape.dashed else ""
        return (
            f'<line x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" y2="{_n(shape.y2)}" '
            f'stroke="{shape.stroke}" stroke-width="{_n(shape.width)}"{dash}/>'
        )
    if isinstance(shape, Text):
        weight = ' font-weight="bold"' if shape.bold else ""
        return (
            f'<text x="{_n(shape.x)}" y="{_n(shape.y)}" font-size="{_n(shape.size)}" '
            f'text-anchor="{shape.anchor}" fill="{shape.fill}"{weight}>{escape(shape.text)}</text>'
        )
    if shape.shape == "circle":
        return f'<circle cx="{_n(shape.x)}" cy="{_n(shape.y)}" r="{_n(shape.size / 2)}" fill="{shape.fill}"/>'
    if shape.shape == "square":
        (x1, y1), (x2, y2) = _marker_points(shape)
        return (
            f'<rect x="{_n(x1)}" y="{_n(y1)}" width="{_n(x2 - x1)}" height="{_n(y2 - y1)}" '
            f'fill="{shape.fill}"/>'
        )
    points = " ".join(f"{_n(x)},{_n(y)}" for x, y in _marker_points(shape))
    return f'<polygon points="{points}" fill="{shape.fill}"/>'


def to_svg(figure: Figure, *, title: str, description: str, colour: str, ident: str = "figuur") -> str:
    """The figure as an accessible SVG element (``role="img"``, a title and a description, the
    drawing itself hidden from assistive technology: the table beside it carries the data)."""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {_n(figure.width)} '
        f'{_n(figure.height)}" width="{_n(figure.width)}" height="{_n(figure.height)}" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-family="Noto Sans, DejaVu Sans, sans-serif">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>'
        '<g aria-hidden="true">'
    )
    return head + "".join(_svg_shape(s, colour) for s in figure.shapes) + "</g></svg>"


# --- drawing: PNG ------------------------------------------------------------------------------------

_FONTS = Path(__file__).resolve().parent.parent / "static" / "vendor" / "fonts" / "noto-sans"


def _font(size: float, bold: bool):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    name = "noto-sans-latin-700-normal.woff2" if bold else "noto-sans-latin-400-normal.woff2"
    try:
        return ImageFont.truetype(str(_FONTS / name), round(size))
    except OSError:  # the font missing: Pillow's own
        return ImageFont.load_default(round(size))


def to_png(figure: Figure, *, colour: str, scale: float = 2.0) -> bytes:
    """The figure as a PNG image at ``scale`` pixels per unit (2: sharp in print at the page's width)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (round(figure.width * scale), round(figure.height * scale)), "#ffffff")
    draw = ImageDraw.Draw(image)
    fonts: dict[tuple[float, bool], Any] = {}
    for shape in figure.shapes:
        if isinstance(shape, Rect):
            fill = colour if shape.fill == THEME else shape.fill
            box = (shape.x * scale, shape.y * scale, (shape.x + shape.w) * scale, (shape.y + shape.h) * scale)
            draw.rectangle(box, fill=fill, outline=shape.stroke or None, width=round(scale))
        elif isinstance(shape, Line):
            start, end = (shape.x1 * scale, shape.y1 * scale), (shape.x2 * scale, shape.y2 * scale)
            if shape.dashed:
                _dashed(draw, start, end, shape.stroke, max(1, round(shape.width * scale)), scale)
            else:
                draw.line([start, end], fill=shape.stroke, width=max(1, round(shape.width * scale)))
        elif isinstance(shape, Text):
            key = (shape.size * scale, shape.bold)
            if key not in fonts:
                fonts[key] = _font(*key)
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}[shape.anchor]
            draw.text(
                (shape.x * scale, shape.y * scale),
                shape.text,
                fill=shape.fill,
                font=fonts[key],
                anchor=anchor,
            )
        elif shape.shape == "circle":
            r = shape.size / 2 * scale
            draw.ellipse(
                (shape.x * scale - r, shape.y * scale - r, shape.x * scale + r, shape.y * scale + r),
                fill=shape.fill,
            )
        elif shape.shape == "square":
            (x1, y1), (x2, y2) = _marker_points(shape)
            draw.rectangle((x1 * scale, y1 * scale, x2 * scale, y2 * scale), fill=shape.fill)
        else:
            draw.polygon([(x * scale, y * scale) for x, y in _marker_points(shape)], fill=shape.fill)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def _dashed(draw, start, end, fill: str, width: int, scale: float) -> None:  # type: ignore[no-untyped-def]
    (x1, y1), (x2, y2) = start, end
    length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
    if not length:
        return
    dash, gap = 4 * scale, 3 * scale
    at = 0.0
    while at < length:
        stop = min(length, at + dash)
        a, b = at / length, stop / length
        draw.line(
            [(x1 + (x2 - x1) * a, y1 + (y2 - y1) * a), (x1 + (x2 - x1) * b, y1 + (y2 - y1) * b)],
            fill=fill,
            width=width,
        )
        at = stop + gap


# --- descriptions ----------------------------------------------------------------------------------


def gantt_description(gantt: Gantt, language: str = "nl") -> str:
    """A sentence for the figure's description (alt text): what it shows and its span."""
    if not gantt.bars:
        return "Geen mijlpalen." if language == "nl" else "No milestones."
    first = min(b.start for b in gantt.bars)[:10]
    last = max(b.end for b in gantt.bars)[:10]
    milestones = sum(1 for b in gantt.bars if b.milestone)
    activities = len(gantt.bars) - milestones
    if language == "nl":
        return (
            f"Gantt-diagram met {activities} {'activiteit' if activities == 1 else 'activiteiten'} en "
            f"{milestones} {'mijlpaal' if milestones == 1 else 'mijlpalen'}, van {first} tot {last}. "
            "De tabel bij de figuur geeft dezelfde gegevens."
        )
    return (
        f"Gantt chart with {activities} {'activity' if activities == 1 else 'activities'} and "
        f"{milestones} {'milestone' if milestones == 1 else 'milestones'}, from {first} to {last}. "
        "The table with the figure gives the same data."
    )


def map_description(stakeholders: Map, language: str = "nl") -> str:
    names = ", ".join(p.label for p in stakeholders.points[:12])
    more = len(stakeholders.points) - 12
    if language == "nl":
        text = f"Stakeholderkaart van {len(stakeholders.points)} partijen naar belang en invloed: {names}"
        return text + (f" en {more} andere." if more > 0 else ".")
    text = f"Stakeholder map of {len(stakeholders.points)} parties by interest and influence: {names}"
    return text + (f" and {more} others." if more > 0 else ".")


# --- the data beside a figure ------------------------------------------------------------------------

_TABLE_WORDS = {
    "nl": {
        "activity": "Activiteit",
        "group": "Onderdeel",
        "start": "Start",
        "end": "Einde",
        "milestone": "mijlpaal",
        "party": "Partij",
        "interest": "Belang (0–1)",
        "influence": "Invloed (0–1)",
        "gantt": "Gegevens bij de figuur: {caption}",
        "map": "Gegevens bij de figuur: {caption}",
    },
    "en": {
        "activity": "Activity",
        "group": "Part",
        "start": "Start",
        "end": "End",
        "milestone": "milestone",
        "party": "Party",
        "interest": "Interest (0–1)",
        "influence": "Influence (0–1)",
        "gantt": "Data of the figure: {caption}",
        "map": "Data of the figure: {caption}",
    },
}


def gantt_table(gantt: Gantt, language: str = "nl") -> Table:
    """The Gantt chart's data as a table, for beside the figure (a chart is never the only carrier)."""
    words = _TABLE_WORDS.get(language, _TABLE_WORDS["en"])
    rows = tuple(
        (
            bar.label + (f" ({words['milestone']})" if bar.milestone else ""),
            bar.group,
            bar.start[:10],
            bar.end[:10],
        )
        for bar in gantt.bars
    )
    return Table(
        caption=words["gantt"].format(caption=gantt.caption),
        header=(words["activity"], words["group"], words["start"], words["end"]),
        rows=rows,
        numeric=(False, False, False, False),
    )


def _decimal(value: float, language: str) -> str:
    text = f"{_clamp(value):.2f}"
    return text.replace(".", ",") if language == "nl" else text


def map_table(stakeholders: Map, language: str = "nl") -> Table:
    words = _TABLE_WORDS.get(language, _TABLE_WORDS["en"])
    rows = tuple(
        (point.label, point.group, _decimal(point.x, language), _decimal(point.y, language))
        for point in stakeholders.points
    )
    return Table(
        caption=words["map"].format(caption=stakeholders.caption),
        header=(words["party"], words["group"], words["interest"], words["influence"]),
        rows=rows,
        numeric=(False, False, True, True),
    )
