"""Benchmark: networkx against rustworkx for the partner network's measures.

Two random graphs (seeded G(n, m)): a region (2,000 organisations, 20,000 edges) and the country
(20,000 organisations, 200,000 edges). Measured per library: building the graph, degree and weighted
degree, connected components, density, betweenness and the seeded spring layout.

Betweenness: exact on the region for both libraries. On the national graph rustworkx computes it
exactly (in parallel); networkx's exact run would take hours there, so networkx is timed with
``k`` sampled sources (fixed seed) and that time is scaled to the full count for comparison.

Run: PYTHONPATH=src /work/main/.venv/bin/python bench/network_bench.py [--quick]
"""

from __future__ import annotations

import random
import statistics
import sys
import time

import networkx as nx
import rustworkx as rx


def random_edges(n: int, m: int, seed: int) -> list[tuple[int, int, float]]:
    rng = random.Random(seed)
    seen: set[tuple[int, int]] = set()
    edges = []
    while len(edges) < m:
        a, b = rng.randrange(n), rng.randrange(n)
        if a == b:
            continue
        key = (min(a, b), max(a, b))
        if key in seen:
            continue
        seen.add(key)
        edges.append((key[0], key[1], float(rng.randint(1, 5))))
    return edges


def timed(fn, repeat: int = 1) -> tuple[float, object]:
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bench_networkx(n: int, edges, *, sample_k: int | None, layout: bool) -> dict[str, float]:
    out: dict[str, float] = {}
    t, g = timed(lambda: _nx_graph(n, edges))
    out["build"] = t
    out["degree"], _ = timed(lambda: (dict(g.degree()), dict(g.degree(weight="weight"))))
    out["components"], _ = timed(lambda: list(nx.connected_components(g)))
    out["density"], _ = timed(lambda: nx.density(g))
    if sample_k is None:
        out["betweenness"], _ = timed(lambda: nx.betweenness_centrality(g, normalized=True))
    else:
        t, _ = timed(lambda: nx.betweenness_centrality(g, k=sample_k, seed=13, normalized=True))
        out[f"betweenness (k={sample_k})"] = t
        out["betweenness (exact, extrapolated)"] = t * n / sample_k
    if layout:
        out["layout"], _ = timed(lambda: nx.spring_layout(g, seed=13, iterations=50))
    return out


def _nx_graph(n, edges):
    g = nx.Graph()
    g.add_nodes_from(range(n))
    g.add_weighted_edges_from(edges)
    return g


def _rx_graph(n, edges):
    g = rx.PyGraph(multigraph=False)
    g.add_nodes_from(range(n))
    g.add_edges_from(edges)
    return g


def bench_rustworkx(n: int, edges, *, layout: bool) -> dict[str, float]:
    out: dict[str, float] = {}
    t, g = timed(lambda: _rx_graph(n, edges))
    out["build"] = t

    def degrees():
        deg = [g.degree(i) for i in g.node_indices()]
        wdeg = [0.0] * n
        for a, b, w in g.weighted_edge_list():
            wdeg[a] += w
            wdeg[b] += w
        return deg, wdeg

    out["degree"], _ = timed(degrees)
    out["components"], _ = timed(lambda: rx.connected_components(g))
    out["density"], _ = timed(lambda: 2 * g.num_edges() / (n * (n - 1)))
    out["betweenness"], _ = timed(lambda: rx.betweenness_centrality(g, normalized=True))
    if layout:
        out["layout"], _ = timed(lambda: rx.spring_layout(g, seed=13, num_iter=50))
    return out


def main() -> None:
    quick = "--quick" in sys.argv
    sizes = [("region", 2_000, 20_000, None, True), ("national", 20_000, 200_000, 100, False)]
    if quick:
        sizes = sizes[:1]
    print(f"networkx {nx.__version__}, rustworkx {rx.__version__}")
    for name, n, m, k, layout in sizes:
        edges = random_edges(n, m, seed=13)
        r = bench_rustworkx(n, edges, layout=layout)
        x = bench_networkx(n, edges, sample_k=k, layout=layout)
        print(f"\n## {name}: {n} nodes, {m} edges")
        print("| step | networkx (s) | rustworkx (s) |")
        print("| --- | ---: | ---: |")
        for key in dict.fromkeys([*x, *r]):
            print(f"| {key} | {x.get(key, float('nan')):.3f} | {r.get(key, float('nan')):.3f} |")
        x_total = sum(v for kk, v in x.items() if "extrapolated" not in kk)
        print(f"| total | {x_total:.3f} | {sum(r.values()):.3f} |")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
