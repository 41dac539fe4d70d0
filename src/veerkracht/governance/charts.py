"""An indicator's chart as server-side SVG (no script): a pure function from numbers to SVG text.

Time is in days since the baseline (day 0); the target is on day ``t1``. What is drawn:

* the tolerance bands, shaded: planned ± 2·tol·|D| (outer, lighter) and planned ± tol·|D| (inner);
* the planned course as a solid line: baseline to target, then level;
* the trend (Theil–Sen, from the engine) as a dashed line from day 0 to the forecast day (or to the
  chart's end when the forecast is later, or when there is none);
* the measurements as points, each with its own ``<title>``;
* the target as a diamond.

The x axis runs from day 0 to the latest of the target day, the last measurement and the forecast day
(the forecast counts up to twice the target day, so a far forecast does not flatten the chart). The
y axis runs from the lowest to the highest value drawn. Colours meet a 3:1 contrast against white for
lines and points, 4.5:1 for text; the bands are decoration (the table holds the data).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape

WIDTH = 640
HEIGHT = 340
LEFT, RIGHT, TOP, BOTTOM = 60, 20, 20, 40
PLOT_W = WIDTH - LEFT - RIGHT  # 560
PLOT_H = HEIGHT - TOP - BOTTOM  # 280

TEXT = "#1a1a1a"
AXIS = "#595959"
PLANNED = "#1f4e79"
TREND = "#8a3b00"
POINT = "#000000"
TARGET = "#006a32"
BAND_OUTER = "#eef3f8"
BAND_INNER = "#d4e3f1"


@dataclass(frozen=True)
class ChartInput:
    title: str
    description: str
    baseline: float
    target: float
    t1: int
    tolerance: float
    measurements: Sequence[tuple[int, float]] = ()
    # the engine's trend: value = intercept + slope_per_day · t
    trend: tuple[float, float] | None = None  # (slope per day, intercept)
    forecast_day: int | None = None
    x_ticks: Sequence[tuple[int, str]] = ()
    point_labels: Sequence[str] = ()  # one per measurement, for its <title>
    legend: dict[str, str] = field(default_factory=dict)
    ident: str = "chart"


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class Scale:
    def __init__(self, t_end: float, lo: float, hi: float) -> None:
        self.t_end = t_end
        self.lo = lo
        self.hi = hi if hi > lo else lo + 1

    def x(self, t: float) -> float:
        return LEFT + PLOT_W * t / self.t_end

    def y(self, v: float) -> float:
        return TOP + PLOT_H * (self.hi - v) / (self.hi - self.lo)


def planned(data: ChartInput, t: float) -> float:
    share = min(max(t / data.t1, 0.0), 1.0)
    return data.baseline + (data.target - data.baseline) * share


def geometry(data: ChartInput) -> Scale:
    """The chart's scale: x from day 0 to the last day shown, y from the lowest to the highest value."""
    t_end = float(data.t1)
    if data.measurements:
        t_end = max(t_end, max(t for t, _ in data.measurements))
    if data.forecast_day is not None:
        t_end = max(t_end, min(data.forecast_day, 2 * data.t1))
    band = 2 * data.tolerance * abs(data.target - data.baseline)
    values = [data.baseline - band, data.baseline + band, data.target - band, data.target + band]
    values += [v for _, v in data.measurements]
    if data.trend is not None:
        values += [y for _, y in trend_ends(data, t_end)]
    return Scale(t_end, min(values), max(values))


def trend_ends(data: ChartInput, t_end: float) -> list[tuple[float, float]]:
    if data.trend is None:
        return []
    slope, intercept = data.trend
    last = t_end if data.forecast_day is None else min(float(data.forecast_day), t_end)
    return [(0.0, intercept), (last, intercept + slope * last)]


def _band(data: ChartInput, scale: Scale, k: float) -> str:
    half = k * data.tolerance * abs(data.target - data.baseline)
    days = [0.0, float(data.t1)] + ([scale.t_end] if scale.t_end > data.t1 else [])
    upper = [(t, planned(data, t) + half) for t in days]
    lower = [(t, planned(data, t) - half) for t in reversed(days)]
    return " ".join(f"{_n(scale.x(t))},{_n(scale.y(v))}" for t, v in upper + lower)


def render(data: ChartInput, fmt: Callable[[float], str] = lambda v: _n(v)) -> str:
    """The chart as an ``<svg>`` element (text escaped; ``fmt`` formats the y axis' numbers)."""
    s = geometry(data)
    ident = escape(data.ident, quote=True)
    legend = {k: escape(v) for k, v in data.legend.items()}
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc" class="vk-chart" '
        f'font-family="sans-serif" font-size="12">',
        f'<title id="{ident}-title">{escape(data.title)}</title>',
        f'<desc id="{ident}-desc">{escape(data.description)}</desc>',
        f'<polygon class="vk-chart__band-outer" points="{_band(data, s, 2)}" fill="{BAND_OUTER}"/>',
        f'<polygon class="vk-chart__band-inner" points="{_band(data, s, 1)}" fill="{BAND_INNER}"/>',
    ]
    # axes and ticks
    bottom, right = TOP + PLOT_H, LEFT + PLOT_W
    out.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" stroke="{AXIS}"/>')
    out.append(f'<line x1="{LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{AXIS}"/>')
    for i in range(5):
        v = s.lo + (s.hi - s.lo) * i / 4
        y = _n(s.y(v))
        out.append(f'<line x1="{LEFT - 4}" y1="{y}" x2="{LEFT}" y2="{y}" stroke="{AXIS}"/>')
        out.append(
            f'<text x="{LEFT - 6}" y="{y}" text-anchor="end" dominant-baseline="middle" fill="{TEXT}">'
            f"{escape(fmt(v))}</text>"
        )
    for t, label in data.x_ticks:
        if 0 <= t <= s.t_end:
            x = _n(s.x(t))
            out.append(f'<line x1="{x}" y1="{bottom}" x2="{x}" y2="{bottom + 4}" stroke="{AXIS}"/>')
            # a label at either end of the axis is anchored inward, so it stays inside the picture
            position = s.x(t)
            anchor = "end" if position > WIDTH - 50 else "start" if position < LEFT - 10 else "middle"
            out.append(
                f'<text x="{x}" y="{bottom + 18}" text-anchor="{anchor}" fill="{TEXT}">{escape(label)}</text>'
            )
    # planned course
    course = [(0.0, data.baseline), (float(data.t1), data.target)]
    if s.t_end > data.t1:
        course.append((s.t_end, data.target))
    points = " ".join(f"{_n(s.x(t))},{_n(s.y(v))}" for t, v in course)
    out.append(
        f'<polyline class="vk-chart__planned" points="{points}" fill="none" stroke="{PLANNED}" '
        f'stroke-width="2"><title>{legend.get("planned", "")}</title></polyline>'
    )
    # trend
    ends = trend_ends(data, s.t_end)
    if ends:
        (t0, y0), (t9, y9) = ends
        out.append(
            f'<line class="vk-chart__trend" x1="{_n(s.x(t0))}" y1="{_n(s.y(y0))}" x2="{_n(s.x(t9))}" '
            f'y2="{_n(s.y(y9))}" stroke="{TREND}" stroke-width="2" stroke-dasharray="6 4">'
            f"<title>{legend.get('trend', '')}</title></line>"
        )
    # target
    tx, ty = s.x(data.t1), s.y(data.target)
    diamond = f"{_n(tx)},{_n(ty - 7)} {_n(tx + 7)},{_n(ty)} {_n(tx)},{_n(ty + 7)} {_n(tx - 7)},{_n(ty)}"
    out.append(
        f'<polygon class="vk-chart__target" points="{diamond}" fill="{TARGET}">'
        f"<title>{legend.get('target', '')}</title></polygon>"
    )
    # measurements
    for i, (t, v) in enumerate(data.measurements):
        label = escape(data.point_labels[i]) if i < len(data.point_labels) else ""
        out.append(
            f'<circle class="vk-chart__point" cx="{_n(s.x(t))}" cy="{_n(s.y(v))}" r="4" fill="{POINT}">'
            f"<title>{label}</title></circle>"
        )
    out.append("</svg>")
    return "\n".join(out)
