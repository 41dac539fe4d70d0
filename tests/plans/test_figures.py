"""The pure layout of the Gantt chart and the stakeholder map, against coordinates worked out by hand,
and the two drawers painting the same layout."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from veerkracht.plans import figures
from veerkracht.plans.document import Bar, Gantt, Map, Point

SVG = "{http://www.w3.org/2000/svg}"


def test_gantt_bars_and_month_ticks_at_known_coordinates():
    # width 600: labels take round(600/3) = 200, the plot runs from 208 to 592 (384 units).
    # Dates: 2027-01-01 .. the first of the month after 2027-03-31 = 2027-04-01: 90 days, 384/90 per day.
    gantt = Gantt(
        "Planning",
        (
            Bar("Voorbereiding", "2027-01-01", "2027-01-31"),
            Bar("Besluit", "2027-02-15", "2027-02-15", milestone=True),
            Bar("Uitvoering", "2027-02-01", "2027-03-31"),
        ),
    )
    layout = figures.gantt_layout(gantt, 600)
    day = 384 / 90
    assert (layout.plot_left, layout.plot_right) == (208, 592)
    assert str(layout.first) == "2027-01-01" and str(layout.last) == "2027-04-01"
    first, milestone, second = layout.rows
    assert first.x == pytest.approx(208) and first.w == pytest.approx(31 * day)  # 31 days inclusive
    assert milestone.milestone and milestone.w == 0 and milestone.x == pytest.approx(208 + 45 * day)
    assert second.x == pytest.approx(208 + 31 * day) and second.w == pytest.approx(59 * day)
    assert second.x + second.w == pytest.approx(592)
    assert [r.y for r in layout.rows] == [34, 58, 82]  # the axis, then one row of 24 each
    assert [t.x for t in layout.ticks] == pytest.approx([208, 208 + 31 * day, 208 + 59 * day, 592])
    assert [t.label for t in layout.ticks] == ["jan", "feb", "mrt", ""]
    assert [t.year for t in layout.ticks] == ["2027", "", "", ""]
    assert layout.figure.height == 34 + 3 * 24 + 8


def test_gantt_ticks_by_quarter_when_months_stand_close_and_years_on_january():
    # 24 months over a plot of 600 - 208 - 8 = 384 units: 16 per month < 28, so every third is labelled
    gantt = Gantt("Lang", (Bar("Programma", "2026-11-20", "2028-10-03"),))
    layout = figures.gantt_layout(gantt, 600, language="en")
    labelled = [t.label for t in layout.ticks if t.label]
    assert labelled == ["Nov", "Feb", "May", "Aug", "Nov", "Feb", "May", "Aug"]
    assert [t.year for t in layout.ticks if t.year] == ["2026", "2027", "2028"]
    assert len(layout.ticks) == 24 + 1


def test_an_empty_gantt_and_a_long_label():
    assert figures.gantt_layout(Gantt("Leeg", ()), 600).rows == ()
    text = figures.fit("Een heel lange naam van een activiteit in de wijk", 60)
    assert text.endswith("…") and len(text) == int(60 / (11 * 0.6))


def test_map_points_at_known_coordinates():
    # width 434: left 34, pad 8 → a square plot of 392; x = 34 + interest × 392, y = 8 + (1 − influence) × 392
    stakeholders = Map(
        "Kaart",
        (
            Point("Woonstichting", 0.75, 0.5, "partners"),
            Point("Bewoners", 0.0, 1.0, "inwoners"),
            Point("Buiten de schaal", 1.4, -0.2, "partners"),
        ),
    )
    layout = figures.map_layout(stakeholders, 434)
    assert layout.size == 392
    assert [(p.x, p.y) for p in layout.points] == [(34 + 294, 8 + 196), (34, 8), (34 + 392, 8 + 392)]
    assert layout.groups == ("partners", "inwoners")
    assert [p.shape for p in layout.points] == ["circle", "square", "circle"]
    assert layout.figure.height == 8 + 392 + 30 + 2 * 18 + 8


def test_svg_is_accessible_and_draws_every_bar():
    gantt = Gantt("Planning", (Bar("A", "2027-01-01", "2027-01-31"), Bar("B", "2027-02-01", "2027-02-28")))
    layout = figures.gantt_layout(gantt, 600)
    svg = figures.to_svg(
        layout.figure, title="Planning & mijlpalen", description="Twee activiteiten", colour="#123456"
    )
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-labelledby") == "figuur-title figuur-desc"
    assert root.find(f"{SVG}title").text == "Planning & mijlpalen"
    assert root.find(f"{SVG}desc").text == "Twee activiteiten"
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == "#123456"]
    assert len(bars) == 2
    assert float(bars[1].get("x")) == pytest.approx(layout.rows[1].x, abs=0.01)


def test_png_paints_the_bars_in_the_colour_where_the_layout_puts_them():
    gantt = Gantt("Planning", (Bar("A", "2027-01-01", "2027-01-31"), Bar("B", "2027-02-01", "2027-03-31")))
    layout = figures.gantt_layout(gantt, 600)
    image = Image.open(io.BytesIO(figures.to_png(layout.figure, colour="#ff0000", scale=2))).convert("RGB")
    assert image.size == (1200, round(layout.figure.height * 2))
    row = layout.rows[1]
    inside = (round((row.x + row.w / 2) * 2), round((row.y + 12) * 2))
    assert image.getpixel(inside) == (255, 0, 0)
    outside = (round((row.x - 10) * 2), round((row.y + 12) * 2))  # left of the second bar: no bar there
    assert image.getpixel(outside) != (255, 0, 0)


def test_the_data_beside_a_figure():
    stakeholders = Map("Kaart", (Point("Woonstichting", 0.85, 1.2, "partners"),))
    assert figures.map_table(stakeholders, "nl").rows == (("Woonstichting", "partners", "0,85", "1,00"),)
    assert figures.map_table(stakeholders, "en").numeric == (False, False, True, True)
    gantt = figures.gantt_table(
        Gantt("P", (Bar("Besluit", "2027-02-15", "2027-02-15", "sturing", True),)), "en"
    )
    assert gantt.rows == (("Besluit (milestone)", "sturing", "2027-02-15", "2027-02-15"),)


# --- from the page's former chart module: what still applies to the one layout ------------------------


def test_gantt_rows_in_order_and_proportional_to_the_dates():
    gantt = Gantt(
        "M",
        (
            Bar("A", "2026-01-01", "2026-01-10"),  # days 0..9 inclusive: 10 days
            Bar("B", "2026-01-11", "2026-01-31"),  # days 10..30: 21 days
            Bar("C", "2026-01-11", "2026-01-11", milestone=True),
        ),
    )
    layout = figures.gantt_layout(gantt, 600)
    a, b, c = layout.rows
    day = (layout.plot_right - layout.plot_left) / 31  # January only: 31 days on the axis
    assert a.x == pytest.approx(layout.plot_left) and a.w == pytest.approx(10 * day)
    assert b.x == pytest.approx(layout.plot_left + 10 * day) and b.w == pytest.approx(21 * day)
    assert b.x + b.w == pytest.approx(layout.plot_right)
    assert c.milestone and c.w == 0 and c.x == pytest.approx(b.x)
    assert [r.y for r in layout.rows] == sorted(r.y for r in layout.rows)  # top to bottom, in order
    assert len({r.y for r in layout.rows}) == 3


def test_empty_gantt_has_no_rows_or_ticks():
    layout = figures.gantt_layout(Gantt("M", ()))
    assert layout.rows == () and layout.ticks == ()


def test_map_points_stay_inside_the_square():
    points = (Point("Far", 1.7, -0.4), Point("Low", 1 / 6, 1 / 6), Point("High", 5 / 6, 5 / 6))
    layout = figures.map_layout(Map("Map", points), 520)
    for p in layout.points:
        assert layout.left <= p.x <= layout.left + layout.size
        assert layout.top <= p.y <= layout.top + layout.size
    far, low, high = layout.points
    assert far.x == pytest.approx(layout.left + layout.size) and far.y == pytest.approx(
        layout.top + layout.size
    )
    assert low.x == pytest.approx(layout.left + layout.size / 6)
    assert low.y == pytest.approx(layout.top + layout.size * 5 / 6)  # low influence: near the bottom
    assert high.x > layout.left + layout.size / 2 and high.y < layout.top + layout.size / 2


def test_map_points_at_one_place_do_not_cover_each_other():
    # seven at the same high/high place (as the generation puts "high" at 5/6), one low/low alone
    points = tuple(Point(f"P{i}", 5 / 6, 5 / 6) for i in range(7)) + (Point("Low", 1 / 6, 1 / 6),)
    layout = figures.map_layout(Map("Map", points), 520)
    size, left, top = layout.size, layout.left, layout.top
    low = layout.points[-1]
    assert low.x == pytest.approx(left + size / 6) and low.y == pytest.approx(
        top + size * 5 / 6
    )  # alone: kept
    high = layout.points[:7]
    for i, p in enumerate(high):
        for q in high[i + 1 :]:
            assert (p.x - q.x) ** 2 + (p.y - q.y) ** 2 >= figures.MAP_MARKER**2 - 1e-9
    for p in layout.points:  # inside the square
        assert left <= p.x <= left + size and top <= p.y <= top + size
    centre_x, centre_y = left + size * 5 / 6, top + size / 6
    assert sum(p.x for p in high) / 7 == pytest.approx(centre_x)  # spread around their place
    assert all(p.y == pytest.approx(centre_y) for p in high)  # one row: 7 fit in a third of the plot
    # in the top-right third, as the place says
    assert all(p.x > left + size * 2 / 3 - figures.MAP_SPREAD and p.y < top + size / 3 for p in high)
    # crowded at an edge: still inside
    corner = figures.map_layout(Map("Map", tuple(Point(f"C{i}", 1.0, 1.0) for i in range(30))), 520)
    for p in corner.points:
        assert left + figures.MAP_MARKER / 2 - 1e-9 <= p.x <= left + size - figures.MAP_MARKER / 2 + 1e-9


def test_svgs_escape_labels_and_are_accessible():
    svg = figures.to_svg(
        figures.map_layout(
            Map("M", (Point("<b>&", 0.5, 0.5),), x_label="interest", y_label="influence")
        ).figure,
        title="T <x>",
        description="D",
        colour="#123456",
        ident="m",
    )
    assert "<b>" not in svg and "T &lt;x&gt;" in svg and 'role="img"' in svg
    assert 'aria-labelledby="m-title m-desc"' in svg
    gantt = figures.to_svg(
        figures.gantt_layout(Gantt("G", (Bar("<i>", "2026-01-01", "2026-03-01"),))).figure,
        title="G",
        description="D",
        colour="#123456",
        ident="g",
    )
    assert "<i>" not in gantt and "&lt;i&gt;" in gantt


def test_safe_colour_keeps_only_hex_colours():
    assert figures.safe_colour("#0B5394") == "#0B5394"
    assert figures.safe_colour('red" onload="x') == figures.DEFAULT_COLOUR
    assert figures.safe_colour("") == figures.DEFAULT_COLOUR
