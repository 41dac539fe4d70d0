"""The network engine on tiny graphs whose answers are worked out by hand."""

from __future__ import annotations

import pytest

from veerkracht.network.graph import Measures, Org, Tie, compute, density, density_by_year, render_svg


def _orgs(n: int, kind: str = "bedrijf") -> list[Org]:
    return [Org(i, f"Org {i}", kind) for i in range(1, n + 1)]


def _by_id(m: Measures) -> dict[int, object]:
    return {node.id: node for node in m.nodes}


def test_path_of_five():
    # 1-2-3-4-5. Pairs through 2: (1,3),(1,4),(1,5) = 3; through 3: (1,4),(1,5),(2,4),(2,5) = 4;
    # normalised by (n-1)(n-2)/2 = 6 → 0.5, 0.6667, 0.5. Density 4 / 10.
    m = compute(_orgs(5), [Tie(1, 2), Tie(2, 3), Tie(3, 4), Tie(4, 5)])
    nodes = _by_id(m)
    assert [nodes[i].betweenness for i in range(1, 6)] == pytest.approx([0, 0.5, 4 / 6, 0.5, 0])
    assert [nodes[i].degree for i in range(1, 6)] == [1, 2, 2, 2, 1]
    assert m.density == pytest.approx(0.4)
    assert m.components == 1 and m.betweenness_method == "exact"


def test_star_centre_brokers_every_pair():
    # centre 1 with leaves 2..5: every one of the 6 leaf pairs passes through 1 → 6/6 = 1.
    m = compute(_orgs(5), [Tie(1, i) for i in range(2, 6)])
    nodes = _by_id(m)
    assert nodes[1].betweenness == pytest.approx(1.0)
    assert all(nodes[i].betweenness == 0 for i in range(2, 6))
    assert nodes[1].degree == 4 and m.density == pytest.approx(4 / 10)


def test_two_components_and_a_loner_weights_add_up():
    # 1-2-3 (path, two ties 1-2: a team and a challenge) and 4-5; 6 alone.
    ties = [Tie(1, 2, 1.0, source="team"), Tie(2, 1, 1.0, source="stakeholder"), Tie(2, 3), Tie(4, 5)]
    m = compute(_orgs(6), ties)
    nodes = _by_id(m)
    assert m.components == 3
    assert [nodes[i].component for i in range(1, 7)] == [1, 1, 1, 2, 2, 3]
    assert nodes[1].weighted_degree == 2.0 and nodes[1].degree == 1
    assert nodes[2].weighted_degree == 3.0
    # only pair (1,3) passes through 2, out of (5*4)/2 = 10 → 0.1
    assert nodes[2].betweenness == pytest.approx(0.1)
    assert m.density == pytest.approx(3 / 15)
    assert m.edges == [(1, 2, 2.0), (2, 3, 1.0), (4, 5, 1.0)]


def test_density_edge_cases():
    assert density(0, 0) == 0 and density(1, 0) == 0 and density(2, 1) == 1
    m = compute(_orgs(1), [])
    assert m.density == 0 and m.nodes[0].betweenness == 0


def test_density_per_year_and_change():
    # 2024: 1-2, 2-3 among {1,2,3}: 2/3. 2025: 1-2 only: 1. 2026: 1-2,3-4 among {1..4}: 2/6.
    ties = [
        Tie(1, 2, year=2024),
        Tie(2, 3, year=2024),
        Tie(1, 2, year=2025),
        Tie(1, 2, year=2026),
        Tie(3, 4, year=2026),
    ]
    years = density_by_year(ties)
    assert [(y.year, y.organisations, y.ties) for y in years] == [(2024, 3, 2), (2025, 2, 1), (2026, 4, 2)]
    assert [y.density for y in years] == pytest.approx([2 / 3, 1.0, 1 / 3])
    assert years[0].change is None
    assert years[1].change == pytest.approx(1 / 3) and years[2].change == pytest.approx(-2 / 3)


def test_sampled_betweenness_with_every_source_equals_exact():
    ties = [Tie(1, 2), Tie(2, 3), Tie(3, 4), Tie(4, 5), Tie(2, 5)]
    exact = compute(_orgs(5), ties)
    # sample=n-1 draws 4 of 5 sources: an estimate, flagged as sampled, with its k and seed
    sampled = compute(_orgs(5), ties, sample=4, seed=3)
    assert sampled.betweenness_method == "sampled" and sampled.betweenness_sample == 4 and sampled.seed == 3
    assert compute(_orgs(5), ties, sample=4, seed=3).to_json() == sampled.to_json()
    # with sample >= n every source is used: exact
    assert compute(_orgs(5), ties, sample=5).to_json() == exact.to_json()


def test_result_does_not_depend_on_input_order_and_survives_json():
    ties = [Tie(1, 2, 2.0, 2025), Tie(2, 3, 1.0, 2024), Tie(3, 4, 1.0, 2026), Tie(1, 4)]
    a = compute(_orgs(5), ties)
    b = compute(list(reversed(_orgs(5))), list(reversed(ties)))
    assert a.to_json() == b.to_json()
    assert Measures.from_json(a.to_json()).to_json() == a.to_json()


def _svg(m: Measures) -> str:
    return render_svg(
        m,
        title="Netwerk <test>",
        description="Twee & drie",
        kind_labels={"bedrijf": "bedrijf", "gemeente": "gemeente"},
    )


def test_layout_is_deterministic_and_the_svg_is_accessible():
    orgs = [*_orgs(6), Org(7, 'Gemeente "Zeven"', "gemeente")]
    ties = [Tie(1, 2), Tie(2, 3), Tie(3, 4), Tie(4, 5), Tie(5, 6), Tie(6, 7), Tie(7, 1), Tie(1, 4)]
    first = _svg(compute(orgs, ties, seed=5))
    assert first == _svg(compute(orgs, ties, seed=5))
    assert first != _svg(compute(orgs, ties, seed=6))
    assert 'role="img"' in first and 'aria-labelledby="network-title network-desc"' in first
    assert '<title id="network-title">Netwerk &lt;test&gt;</title>' in first
    assert "Twee &amp; drie" in first and "Gemeente &quot;Zeven&quot;" in first
    assert "style=" not in first
    assert first.count("<circle") == 7 + 2  # organisations and the legend's two kinds
    assert first.count("<line") == 8
    assert 'fill="#0072B2"' in first and 'fill="#E69F00"' in first  # bedrijf, gemeente
