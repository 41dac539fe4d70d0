"""A deterministic layout: rustworkx's Fruchterman-Reingold spring layout with a fixed seed, on a
graph whose nodes are added in id order, scaled into the unit square and rounded, so the same
organisations, ties and seed always give the same positions."""

from __future__ import annotations

from collections.abc import Sequence

import rustworkx as rx

from .model import Measures, NodeMeasure


def positions(graph: rx.PyGraph, *, seed: int, iterations: int = 50) -> list[tuple[float, float]]:
    n = graph.num_nodes()
    if n == 0:
        return []
    if n == 1:
        return [(0.5, 0.5)]
    raw = rx.spring_layout(graph, seed=seed, num_iter=iterations, weight_fn=lambda w: float(w))
    xs = [float(raw[i][0]) for i in range(n)]
    ys = [float(raw[i][1]) for i in range(n)]
    return _unit(xs, ys)


def _unit(xs: Sequence[float], ys: Sequence[float]) -> list[tuple[float, float]]:
    lo_x, hi_x, lo_y, hi_y = min(xs), max(xs), min(ys), max(ys)
    span = max(hi_x - lo_x, hi_y - lo_y) or 1.0
    off_x = (span - (hi_x - lo_x)) / 2
    off_y = (span - (hi_y - lo_y)) / 2
    return [
        (round((x - lo_x + off_x) / span, 4), round((y - lo_y + off_y) / span, 4))
        for x, y in zip(xs, ys, strict=True)
    ]


def layout(measures: Measures, *, seed: int = 13) -> Measures:
    """The same measures with positions computed anew (for measures computed without a layout)."""
    index = {node.id: i for i, node in enumerate(measures.nodes)}
    graph = rx.PyGraph(multigraph=False)
    graph.add_nodes_from([node.id for node in measures.nodes])
    graph.add_edges_from([(index[a], index[b], w) for a, b, w in measures.edges])
    xy = positions(graph, seed=seed)
    measures.nodes = [
        NodeMeasure(**{**node.__dict__, "x": xy[i][0], "y": xy[i][1]})
        for i, node in enumerate(measures.nodes)
    ]
    return measures
