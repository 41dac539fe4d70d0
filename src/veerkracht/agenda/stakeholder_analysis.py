"""Stakeholder analysis: which usual partner kinds are missing, and the interest × influence map.

Pure Python (no Django): labels are passed in by the caller, so that this module can be tested
without a database and the SVG can be rendered in any language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape

RESIDENT_KIND = "inwonersinitiatief"
TARGET_GROUP_ROLE = "target_group"
LEVELS: tuple[str, ...] = ("low", "medium", "high")


@dataclass(frozen=True)
class Gap:
    kind: str  # an organisation kind (organisations.models.Kind)
    residents: bool  # the missing kind is resident representation


def missing_partner_kinds(usual_kinds: Iterable[str], stakeholders: Iterable[tuple[str, str]]) -> list[Gap]:
    """The usual kinds no stakeholder covers. ``stakeholders`` are (organisation kind, role) pairs.

    Resident representation (kind ``inwonersinitiatief``) also counts as covered by any stakeholder
    whose role is ``target_group`` (an organisation that represents residents / the target group).
    """
    pairs = list(stakeholders)
    kinds = {kind for kind, _ in pairs}
    residents_represented = RESIDENT_KIND in kinds or any(role == TARGET_GROUP_ROLE for _, role in pairs)
    gaps = []
    for kind in dict.fromkeys(usual_kinds):  # keep order, drop duplicates
        if kind == RESIDENT_KIND:
            if not residents_represented:
                gaps.append(Gap(kind=kind, residents=True))
        elif kind not in kinds:
            gaps.append(Gap(kind=kind, residents=False))
    return gaps


@dataclass(frozen=True)
class MapEntry:
    number: int
    name: str
    interest: str  # low / medium / high
    influence: str  # low / medium / high


CELL_W = 200
CELL_H = 120
LEFT = 90
TOP = 20
BOTTOM = 60
MAX_PER_CELL = 5


def _short(text: str, length: int = 24) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def stakeholder_map_svg(
    entries: Sequence[MapEntry],
    *,
    title: str,
    description: str,
    labels: Mapping[str, str],
    svg_id: str = "stakeholder-map",
) -> str:
    """An interest (x) × influence (y) grid as an accessible SVG (``role="img"`` with title and desc).

    ``labels`` holds ``low``, ``medium``, ``high``, ``interest``, ``influence`` and ``more`` (with a
    ``{n}`` placeholder). Each stakeholder appears with its number, which the table beside the map
    repeats.
    """
    width = LEFT + 3 * CELL_W + 10
    height = TOP + 3 * CELL_H + BOTTOM
    cells: dict[tuple[str, str], list[MapEntry]] = {}
    for entry in entries:
        if entry.interest in LEVELS and entry.influence in LEVELS:
            cells.setdefault((entry.interest, entry.influence), []).append(entry)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{svg_id}-title {svg_id}-desc" class="vk-stakeholder-map" id="{svg_id}">',
        f'<title id="{svg_id}-title">{escape(title)}</title>',
        f'<desc id="{svg_id}-desc">{escape(description)}</desc>',
    ]
    for col, interest in enumerate(LEVELS):
        for row, influence in enumerate(reversed(LEVELS)):
            x = LEFT + col * CELL_W
            y = TOP + row * CELL_H
            fill = "#e8f0f4" if (interest == "high" and influence == "high") else "#f4f7f9"
            out.append(
                f'<rect x="{x}" y="{y}" width="{CELL_W}" height="{CELL_H}" fill="{fill}" '
                f'stroke="#5f6b73" stroke-width="1"/>'
            )
            members = cells.get((interest, influence), [])
            for i, entry in enumerate(members[:MAX_PER_CELL]):
                ty = y + 20 + i * 20
                out.append(
                    f'<circle cx="{x + 14}" cy="{ty - 5}" r="8" fill="#1d5b79"/>'
                    f'<text x="{x + 14}" y="{ty - 1}" font-size="11" fill="#fff" text-anchor="middle">'
                    f"{entry.number}</text>"
                    f'<text x="{x + 27}" y="{ty}" font-size="12" fill="#1b1f23">'
                    f"{escape(_short(entry.name))}</text>"
                )
            if len(members) > MAX_PER_CELL:
                more = labels["more"].format(n=len(members) - MAX_PER_CELL)
                out.append(
                    f'<text x="{x + 8}" y="{y + CELL_H - 6}" font-size="11" fill="#4a5560">'
                    f"{escape(more)}</text>"
                )
    for col, interest in enumerate(LEVELS):
        out.append(
            f'<text x="{LEFT + col * CELL_W + CELL_W / 2:g}" y="{TOP + 3 * CELL_H + 18}" font-size="13" '
            f'text-anchor="middle" fill="#1b1f23">{escape(labels[interest])}</text>'
        )
    for row, influence in enumerate(reversed(LEVELS)):
        out.append(
            f'<text x="{LEFT - 8}" y="{TOP + row * CELL_H + CELL_H / 2 + 4:g}" font-size="13" '
            f'text-anchor="end" fill="#1b1f23">{escape(labels[influence])}</text>'
        )
    out.append(
        f'<text x="{LEFT + 1.5 * CELL_W:g}" y="{TOP + 3 * CELL_H + 44}" font-size="14" font-weight="bold" '
        f'text-anchor="middle" fill="#1b1f23">{escape(labels["interest"])} →</text>'
    )
    cy = TOP + 1.5 * CELL_H
    out.append(
        f'<text x="18" y="{cy:g}" font-size="14" font-weight="bold" text-anchor="middle" fill="#1b1f23" '
        f'transform="rotate(-90 18 {cy:g})">{escape(labels["influence"])} →</text>'
    )
    out.append("</svg>")
    return "".join(out)
