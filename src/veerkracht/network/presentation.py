"""From a finished job's stored measures to what the page shows: the SVG picture, the table rows
(brokers first), the density per year and the legend."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from veerkracht.network import graph
from veerkracht.network.graph.svg import kind_colours
from veerkracht.network.models import NetworkJob
from veerkracht.organisations.models import Kind


@dataclass(frozen=True)
class Row:
    name: str
    kind: str
    colour: str
    degree: int
    weighted_degree: float
    betweenness: float
    component: int


@dataclass(frozen=True)
class NetworkView:
    measures: graph.Measures
    svg: SafeString
    rows: list[Row]
    legend: list[tuple[str, str]]
    organisations: int
    ties: int
    groups: list[tuple[int, int]]  # (group number, organisations in it), largest first

    @property
    def brokers(self) -> list[Row]:
        """The organisations with the highest brokerage (the first rows), for the national page."""
        return [r for r in self.rows[:BROKERS] if r.betweenness > 0]


def kind_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Kind.choices}


CACHE_SECONDS = 24 * 3600
BROKERS = 20


def network_view(job: NetworkJob, *, title: str, picture_limit: int | None = None) -> NetworkView:
    """The page's view of a finished job, kept in the cache per job and language (a finished job's
    result never changes). With ``picture_limit``, a network of more organisations gets no picture."""
    stamp = job.finished_at.isoformat() if job.finished_at else ""
    digest = hashlib.sha256(f"{stamp}|{get_language()}|{title}|{picture_limit}".encode()).hexdigest()[:32]
    key = f"network:view:{job.pk}:{digest}"
    if job.pk is not None:
        cached = cache.get(key)
        if isinstance(cached, NetworkView):
            return cached
    view = _network_view(job, title=title, picture_limit=picture_limit)
    if job.pk is not None:
        cache.set(key, view, CACHE_SECONDS)
    return view


def _network_view(job: NetworkJob, *, title: str, picture_limit: int | None) -> NetworkView:
    measures = graph.Measures.from_json(job.result)
    labels = kind_labels()
    colours = kind_colours(list(labels))
    n, m = len(measures.nodes), len(measures.edges)
    description = _(
        "%(n)s organisations and %(m)s ties in %(c)s separate groups; density %(d)s. Each circle is an "
        "organisation, coloured by kind (see the legend) and larger with more ties; each line is a tie, "
        "thicker when organisations share more teams or challenges. The table below gives the same figures."
    ) % {"n": n, "m": m, "c": measures.components, "d": f"{measures.density:.3f}"}
    svg = (
        graph.render_svg(
            measures, title=title, description=description, kind_labels=labels, id_prefix="network"
        )
        if picture_limit is None or n <= picture_limit
        else ""
    )
    rows = sorted(
        (
            Row(
                node.name,
                labels.get(node.kind, node.kind),
                colours.get(node.kind, "#999999"),
                node.degree,
                node.weighted_degree,
                node.betweenness,
                node.component,
            )
            for node in measures.nodes
        ),
        key=lambda r: (-r.betweenness, -r.degree, r.name),
    )
    present = {node.kind for node in measures.nodes}
    legend = [(labels[k], colours[k]) for k in labels if k in present]
    # the SVG is built by the engine, which escapes every text it puts in
    sizes = Counter(node.component for node in measures.nodes)
    groups = sorted(sizes.items(), key=lambda item: (-item[1], item[0]))
    return NetworkView(measures, mark_safe(svg), rows, legend, n, m, groups)  # noqa: S308
