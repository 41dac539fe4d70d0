"""The measures of a partner network.

* degree: how many other organisations an organisation is tied to;
* weighted degree: the sum of the weights of those ties (shared teams, challenges, pledges);
* betweenness: the share of shortest paths between two other organisations that pass through this
  one (normalised to 0..1 as 2/((n-1)(n-2)) times the count; ties count as steps, weights do not) —
  the brokers; exact (Brandes' algorithm) unless ``sample`` is given;
* components: groups of organisations connected to each other; numbered 1.. from the largest;
* density: the share of possible ties that exist, 2m/(n(n-1)) (0 for fewer than two organisations);
* per year: the density of the ties that arose in that year among the organisations that took part
  that year, the change from the previous year, and the number of separate groups that year.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

import rustworkx as rx

from .layout import positions
from .model import Measures, NodeMeasure, Org, Tie, YearDensity

Progress = Callable[[int], None]


def density(n: int, m: int) -> float:
    """2m / (n(n-1)); 0 for fewer than two nodes."""
    return 0.0 if n < 2 else 2 * m / (n * (n - 1))


def merge_ties(ties: Iterable[Tie], known: set[int] | None = None) -> dict[tuple[int, int], float]:
    """Sum the weights per pair (a < b); ties to oneself and to unknown organisations are dropped."""
    merged: dict[tuple[int, int], float] = defaultdict(float)
    for tie in ties:
        if tie.a == tie.b or (known is not None and (tie.a not in known or tie.b not in known)):
            continue
        key = (tie.a, tie.b) if tie.a < tie.b else (tie.b, tie.a)
        merged[key] += tie.weight
    return dict(merged)


def _count_components(nodes: set[int], pairs: Iterable[tuple[int, int]]) -> int:
    """Connected groups among ``nodes`` joined by ``pairs`` (union-find)."""
    parent = {v: v for v in nodes}

    def find(v: int) -> int:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for a, b in pairs:
        parent[find(a)] = find(b)
    return len({find(v) for v in nodes})


def density_by_year(ties: Iterable[Tie], known: set[int] | None = None) -> list[YearDensity]:
    """Per year (ties without a year are left out): organisations with a tie that arose that year,
    the number of distinct pairs tied that year, their density, and the change from the previous
    listed year."""
    per_year: dict[int, list[Tie]] = defaultdict(list)
    for tie in ties:
        if tie.year is not None:
            per_year[tie.year].append(tie)
    out: list[YearDensity] = []
    previous: float | None = None
    for year in sorted(per_year):
        pairs = merge_ties(per_year[year], known)
        nodes = {x for pair in pairs for x in pair}
        d = density(len(nodes), len(pairs))
        out.append(
            YearDensity(
                year=year,
                organisations=len(nodes),
                ties=len(pairs),
                density=d,
                change=None if previous is None else d - previous,
                components=_count_components(nodes, pairs),
            )
        )
        previous = d
    return out


def _sampled_betweenness(
    graph: rx.PyGraph, sample: int, seed: int, step: Callable[[int, int], None] | None = None
) -> list[float]:
    """Brandes' accumulation from ``sample`` sources drawn with ``seed``, scaled by n/sample
    (the estimator networkx uses for ``k``); normalised like the exact one."""
    n = graph.num_nodes()
    rng = random.Random(seed)
    sources = rng.sample(range(n), min(sample, n))
    adjacency = [list(graph.neighbors(v)) for v in range(n)]
    score = [0.0] * n
    for done, s in enumerate(sources):
        if step is not None:
            step(done, len(sources))
        order: list[int] = []
        preds: list[list[int]] = [[] for _ in range(n)]
        sigma = [0.0] * n
        dist = [-1] * n
        sigma[s], dist[s] = 1.0, 0
        queue = [s]
        head = 0
        while head < len(queue):
            v = queue[head]
            head += 1
            order.append(v)
            for w in adjacency[v]:
                if dist[w] < 0:
                    dist[w] = dist[v] + 1
                    queue.append(w)
                if dist[w] == dist[v] + 1:
                    sigma[w] += sigma[v]
                    preds[w].append(v)
        delta = [0.0] * n
        for w in reversed(order):
            for v in preds[w]:
                delta[v] += sigma[v] / sigma[w] * (1 + delta[w])
            if w != s:
                score[w] += delta[w]
    # each unordered pair is seen from both ends in the exact sum, so halve; scale to n sources
    scale = n / len(sources) if sources else 0.0
    norm = 2 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    return [x * scale / 2 * norm for x in score]


def compute(
    orgs: Sequence[Org],
    ties: Iterable[Tie],
    *,
    sample: int | None = None,
    seed: int = 13,
    with_layout: bool = True,
    progress: Progress | None = None,
) -> Measures:
    """All measures of the network of ``orgs`` tied by ``ties``. Organisations are ordered by id,
    so the result (and the seeded layout) depends only on the input, not on its order."""

    def report(pct: int) -> None:
        if progress is not None:
            progress(pct)

    ties = list(ties)
    ordered = sorted(orgs, key=lambda o: o.id)
    index = {o.id: i for i, o in enumerate(ordered)}
    merged = merge_ties(ties, set(index))
    edges = sorted(merged.items())
    graph = rx.PyGraph(multigraph=False)
    graph.add_nodes_from([o.id for o in ordered])
    graph.add_edges_from([(index[a], index[b], w) for (a, b), w in edges])
    n = len(ordered)
    report(10)

    degree = [graph.degree(i) for i in range(n)]
    weighted = [0.0] * n
    for (a, b), w in edges:
        weighted[index[a]] += w
        weighted[index[b]] += w
    parts = sorted(
        (sorted(c) for c in rx.connected_components(graph)), key=lambda c: (-len(c), ordered[c[0]].id)
    )
    component = [0] * n
    for number, members in enumerate(parts, start=1):
        for i in members:
            component[i] = number
    report(20)

    if n < 3:
        between = [0.0] * n
    elif sample is None or sample >= n:
        result = rx.graph_betweenness_centrality(graph, normalized=True)
        between = [float(result[i]) for i in range(n)]
    else:
        between = _sampled_betweenness(graph, sample, seed, lambda i, k: report(20 + 60 * i // k))
    report(80)

    xy = positions(graph, seed=seed) if with_layout else [(0.0, 0.0)] * n
    report(95)

    nodes = [
        NodeMeasure(
            id=o.id,
            name=o.name,
            kind=o.kind,
            degree=degree[i],
            weighted_degree=weighted[i],
            betweenness=round(between[i], 9),
            component=component[i],
            x=xy[i][0],
            y=xy[i][1],
        )
        for i, o in enumerate(ordered)
    ]
    measures = Measures(
        nodes=nodes,
        edges=[(a, b, w) for (a, b), w in edges],
        density=density(n, len(edges)),
        components=len(parts),
        betweenness_method="exact" if sample is None or sample >= n else "sampled",
        betweenness_sample=None if sample is None or sample >= n else sample,
        seed=seed,
        years=density_by_year(ties, set(index)),
    )
    report(100)
    return measures
