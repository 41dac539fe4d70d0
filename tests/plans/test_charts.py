"""The figures' layout (pure): the Gantt chart's and the stakeholder map's coordinates."""

from __future__ import annotations

from itertools import combinations

from veerkracht.plans import charts
from veerkracht.plans.document import Bar, Gantt, Map, Point


def test_gantt_layout_puts_dates_proportionally() -> None:
    gantt = Gantt(
        "M",
        (
            Bar("A", "2026-01-01", "2026-01-11"),  # days 0..10
            Bar("B", "2026-01-06", "2026-01-21"),  # days 5..20 (the last day)
            Bar("C", "2026-01-11", "2026-01-11", milestone=True),
        ),
    )
    layout = charts.gantt_layout(gantt)
    a, b, c = layout.rows
    plot = charts.GANTT_PLOT
    assert a.x == charts.GANTT_LEFT and abs(a.width - plot / 2) < 1e-9
    assert (
        abs(b.x - (charts.GANTT_LEFT + plot / 4)) < 1e-9
        and abs(b.x + b.width - (charts.GANTT_LEFT + plot)) < 1e-9
    )
    assert c.milestone and c.width == 0 and abs(c.x - (charts.GANTT_LEFT + plot / 2)) < 1e-9
    assert [r.y for r in layout.rows] == sorted(r.y for r in layout.rows)  # in order, top to bottom
    assert layout.first == "2026-01-01" and layout.last == "2026-01-21"
    # the only first of a month in the range is 1 January, at the left edge
    assert layout.ticks == (charts.Tick(charts.GANTT_LEFT, "2026-01"),)
    assert layout.height == charts.GANTT_TOP + 3 * charts.GANTT_ROW + charts.GANTT_BOTTOM


def test_gantt_ticks_are_thinned_to_twelve() -> None:
    layout = charts.gantt_layout(Gantt("M", (Bar("A", "2026-01-01", "2029-12-31"),)))
    assert 1 <= len(layout.ticks) <= 12
    assert layout.ticks[0].label == "2026-01"


def test_empty_gantt() -> None:
    layout = charts.gantt_layout(Gantt("M", ()))
    assert layout.rows == () and layout.ticks == ()


def test_map_layout_places_by_interest_and_influence_without_overlap() -> None:
    points = tuple(Point(f"P{i}", 5 / 6, 5 / 6) for i in range(7)) + (Point("Low", 1 / 6, 1 / 6),)
    layout = charts.map_layout(Map("Map", points))
    assert [p.number for p in layout.points] == list(range(1, 9))
    low = layout.points[-1]
    assert abs(low.cx - (charts.MAP_LEFT + charts.MAP_SIZE / 6)) < 1e-9
    assert abs(low.cy - (charts.MAP_TOP + charts.MAP_SIZE * 5 / 6)) < 1e-9  # low influence: near the bottom
    high = layout.points[:7]
    for p, q in combinations(high, 2):  # points at one place do not cover each other
        assert (p.cx - q.cx) ** 2 + (p.cy - q.cy) ** 2 >= (2 * charts.MAP_RADIUS) ** 2 - 1e-9
    for p in layout.points:  # inside the square
        assert charts.MAP_LEFT <= p.cx <= charts.MAP_LEFT + charts.MAP_SIZE
        assert charts.MAP_TOP <= p.cy <= charts.MAP_TOP + charts.MAP_SIZE
    # the high-high cluster sits in the top-right third
    assert all(p.cx > charts.MAP_LEFT + charts.MAP_SIZE * 2 / 3 - charts.MAP_SPREAD for p in high)


def test_svgs_escape_labels_and_are_accessible() -> None:
    svg = charts.map_svg(
        Map("M", (Point("<b>&", 0.5, 0.5),), x_label="interest", y_label="influence"),
        title="T <x>",
        description="D",
        svg_id="m",
    )
    assert (
        "<b>" not in svg
        and "T &lt;x&gt;" in svg
        and 'role="img"' in svg
        and 'aria-labelledby="m-title m-desc"' in svg
    )
    gantt = charts.gantt_svg(
        Gantt("G", (Bar("<i>", "2026-01-01", "2026-03-01"),)), title="G", description="D", svg_id="g"
    )
    assert "<i>" not in gantt and "&lt;i&gt;" in gantt
