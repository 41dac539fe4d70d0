"""Input and output of the network engine."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Org:
    """An organisation: a node of the graph."""

    id: int
    name: str
    kind: str


@dataclass(frozen=True)
class Tie:
    """One reason two organisations are connected (a shared team, a shared challenge, a pledge to the
    same challenge). ``weight`` counts how strong (1 per shared team or challenge); ``year`` is when
    the tie arose (None: unknown). Ties between the same two organisations add up."""

    a: int
    b: int
    weight: float = 1.0
    year: int | None = None
    source: str = ""


@dataclass(frozen=True)
class NodeMeasure:
    id: int
    name: str
    kind: str
    degree: int
    weighted_degree: float
    betweenness: float
    component: int
    x: float = 0.0
    y: float = 0.0


@dataclass(frozen=True)
class YearDensity:
    """The network of the ties that arose in one year, among the organisations that took part in it."""

    year: int
    organisations: int
    ties: int
    density: float
    change: float | None  # density minus the previous listed year's density; None for the first
    components: int = 0  # separate groups among that year's organisations (0 in older results)


@dataclass
class Measures:
    nodes: list[NodeMeasure]
    edges: list[tuple[int, int, float]]  # (a, b, summed weight), a < b, sorted
    density: float
    components: int
    betweenness_method: str  # "exact" or "sampled"
    betweenness_sample: int | None = None  # k sources when sampled
    seed: int | None = None
    years: list[YearDensity] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Measures:
        data = json.loads(text)
        return cls(
            nodes=[NodeMeasure(**n) for n in data["nodes"]],
            edges=[(int(a), int(b), float(w)) for a, b, w in data["edges"]],
            density=data["density"],
            components=data["components"],
            betweenness_method=data["betweenness_method"],
            betweenness_sample=data.get("betweenness_sample"),
            seed=data.get("seed"),
            years=[YearDensity(**y) for y in data.get("years", [])],
        )
