"""The chart's geometry, against coordinates computed by hand for a tiny example.

Plot area: x from 60 to 620 (560 wide), y from 20 to 300 (280 high). Baseline 0 on day 0, target 100
on day 100, tolerance 0.1: the outer band reaches ±20 around the plan, so y runs from −20 to 120 and
y(v) = 20 + 280 · (120 − v) / 140 = 20 + 2 · (120 − v)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from veerkracht.governance.charts import ChartInput, render

NS = {"s": "http://www.w3.org/2000/svg"}


def chart(**extra):
    data = {
        "title": "I1 <Eenzaamheid> & zo",
        "description": "Op koers",
        "baseline": 0.0,
        "target": 100.0,
        "t1": 100,
        "tolerance": 0.1,
        "measurements": [(50, 40.0)],
        "point_labels": ["1 mei: 40 %"],
        "ident": "c1",
    }
    data.update(extra)
    return ET.fromstring(render(ChartInput(**data)))


def test_coordinates_without_trend():
    svg = chart()
    # x(t) = 60 + 5.6 t
    point = svg.find("s:circle", NS)
    assert (point.get("cx"), point.get("cy")) == ("340", "180")  # day 50, value 40
    assert svg.find("s:polyline[@class='vk-chart__planned']", NS).get("points") == "60,260 620,60"
    inner = svg.find("s:polygon[@class='vk-chart__band-inner']", NS).get("points")
    outer = svg.find("s:polygon[@class='vk-chart__band-outer']", NS).get("points")
    assert inner == "60,240 620,40 620,80 60,280"  # plan ± 10
    assert outer == "60,220 620,20 620,100 60,300"  # plan ± 20
    assert svg.find("s:polygon[@class='vk-chart__target']", NS).get("points") == "620,53 627,60 620,67 613,60"
    assert svg.find("s:line[@class='vk-chart__trend']", NS) is None


def test_trend_to_a_far_forecast_is_cut_at_twice_the_target_day():
    # slope 0.4 per day from 0: forecast day 250, shown up to day 200; x(t) = 60 + 2.8 t
    svg = chart(trend=(0.4, 0.0), forecast_day=250)
    trend = svg.find("s:line[@class='vk-chart__trend']", NS)
    assert [trend.get(k) for k in ("x1", "y1", "x2", "y2")] == ["60", "260", "620", "100"]  # (200, 80)
    assert trend.get("stroke-dasharray")
    assert svg.find("s:polyline[@class='vk-chart__planned']", NS).get("points") == "60,260 340,60 620,60"
    point = svg.find("s:circle", NS)
    assert (point.get("cx"), point.get("cy")) == ("200", "180")


def test_accessible_and_escaped():
    text = render(ChartInput(title="a <b> & c", description="d", baseline=0, target=1, t1=10, tolerance=0.1))
    assert "<b>" not in text and "a &lt;b&gt; &amp; c" in text
    svg = chart()
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "c1-title c1-desc"
    assert svg.find("s:title", NS).get("id") == "c1-title"
    assert svg.find("s:title", NS).text == "I1 <Eenzaamheid> & zo"
    assert svg.find("s:desc", NS).get("id") == "c1-desc"
    assert svg.find("s:circle/s:title", NS).text == "1 mei: 40 %"
    assert not re.search(
        r"\sstyle=",
        render(ChartInput(title="t", description="d", baseline=0, target=1, t1=10, tolerance=0.1)),
    )


def test_the_axis_labels_at_the_ends_are_anchored_inward():
    """A tick at the target date sits on the picture's right edge (x = 620 of 640): its label ends
    there instead of being centred across the edge; a tick in the middle stays centred."""
    svg = chart(x_ticks=[(0, "jan 2026"), (50, "mrt 2026"), (100, "nov 2029")])
    labels = {
        t.text: (t.get("x"), t.get("text-anchor")) for t in svg.iter("{http://www.w3.org/2000/svg}text")
    }
    assert labels["nov 2029"] == ("620", "end")
    assert labels["mrt 2026"] == ("340", "middle")
