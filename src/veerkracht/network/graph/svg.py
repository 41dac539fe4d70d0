"""The network as an accessible SVG picture.

``role="img"`` with ``aria-labelledby`` pointing at its ``<title>`` and ``<desc>``; every colour is a
presentation attribute (``fill``/``stroke``), never a ``style`` (the site's Content-Security-Policy
allows no inline style). Organisations are circles coloured by kind (a legend names the kinds), sized
by degree; ties are lines, thicker for heavier ties. All text is escaped here."""

from __future__ import annotations

import math
from collections.abc import Mapping
from html import escape

from .model import Measures

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#7F6A00", "#000000")


def kind_colours(kinds: list[str]) -> dict[str, str]:
    """A colour per kind, in the given order (so a kind keeps its colour across pictures)."""
    return {kind: PALETTE[i % len(PALETTE)] for i, kind in enumerate(kinds)}


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def render_svg(
    measures: Measures,
    *,
    title: str,
    description: str,
    kind_labels: Mapping[str, str],
    id_prefix: str = "network",
    size: int = 640,
    max_edges: int = 4000,
    label_limit: int = 40,
) -> str:
    """The picture. ``kind_labels`` maps each kind to its label, in legend order; kinds not in it are
    drawn grey and listed last under their own code. At most ``max_edges`` ties are drawn (the
    heaviest; the description should say so when it matters); every organisation is drawn, with its
    name beside it when there are at most ``label_limit``."""
    kinds = list(kind_labels)
    for node in measures.nodes:
        if node.kind not in kind_labels and node.kind not in kinds:
            kinds.append(node.kind)
    colours = kind_colours(list(kind_labels))
    margin = 20
    legend_height = 22 * len(kinds) + 10
    inner = size - 2 * margin
    height = size + legend_height
    where = {node.id: (margin + node.x * inner, margin + node.y * inner) for node in measures.nodes}
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="vk-network" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {size} {height}" width="100%">',
        f'<title id="{title_id}">{escape(title)}</title>',
        f'<desc id="{desc_id}">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{size}" height="{height}" fill="#ffffff"/>',
    ]
    edges = sorted(measures.edges, key=lambda e: (-e[2], e[0], e[1]))[:max_edges]
    out.append('<g stroke="#8a8a8a" stroke-opacity="0.55">')
    for a, b, w in sorted(edges):
        (x1, y1), (x2, y2) = where[a], where[b]
        width = min(0.6 + 0.6 * (w - 1), 4.0)
        out.append(
            f'<line x1="{_fmt(x1)}" y1="{_fmt(y1)}" x2="{_fmt(x2)}" y2="{_fmt(y2)}" '
            f'stroke-width="{_fmt(width)}"/>'
        )
    out.append("</g>")
    out.append('<g stroke="#ffffff" stroke-width="1">')
    big = len(measures.nodes) > 300
    for node in measures.nodes:
        x, y = where[node.id]
        radius = (2.0 if big else 5.0) + min(math.sqrt(node.degree), 6.0 if not big else 2.0)
        fill = colours.get(node.kind, "#999999")
        out.append(
            f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="{_fmt(radius)}" fill="{fill}">'
            f"<title>{escape(node.name)}</title></circle>"
        )
    out.append("</g>")
    if len(measures.nodes) <= label_limit:
        # names beside the circles of a small network (white outline keeps them readable over lines)
        out.append(
            '<g font-family="sans-serif" font-size="11" fill="#1a1a1a" stroke="#ffffff" '
            'stroke-width="3" paint-order="stroke" aria-hidden="true">'
        )
        for node in measures.nodes:
            x, y = where[node.id]
            anchor = "end" if x > size * 0.7 else "start"
            dx = -9 if anchor == "end" else 9
            label = escape(node.name)
            out.append(f'<text x="{_fmt(x + dx)}" y="{_fmt(y + 4)}" text-anchor="{anchor}">{label}</text>')
        out.append("</g>")
    top = size + 10
    out.append('<g font-family="sans-serif" font-size="14" fill="#1a1a1a">')
    for i, kind in enumerate(kinds):
        y = top + 22 * i
        fill = colours.get(kind, "#999999")
        out.append(f'<circle cx="{margin + 7}" cy="{y + 7}" r="7" fill="{fill}"/>')
        out.append(f'<text x="{margin + 22}" y="{y + 12}">{escape(kind_labels.get(kind, kind))}</text>')
    out.append("</g></svg>")
    return "\n".join(out)
