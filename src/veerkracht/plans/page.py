"""The plan as the page shows it: a document's sections with each block ready for the template (tables
with their numeric columns marked, figures drawn as SVG by :mod:`veerkracht.plans.charts`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from veerkracht.plans import charts
from veerkracht.plans.document import Document, Gantt, Map, Section, Table


@dataclass
class ShownBlock:
    kind: str
    block: Any
    rows: list[list[tuple[str, bool]]] = field(default_factory=list)  # a table's cells with "numeric"
    svg: SafeString | None = None
    layout: Any = None


@dataclass
class ShownSection:
    key: str
    title: str
    blocks: list[ShownBlock]
    own_text: SafeString
    anchor: str


def _table_rows(table: Table) -> list[list[tuple[str, bool]]]:
    numeric = tuple(table.numeric) + (False,) * len(table.header)
    return [[(cell, numeric[i]) for i, cell in enumerate(row)] for row in table.rows]


def shown_block(block: Any, svg_id: str) -> ShownBlock:
    if isinstance(block, Table):
        return ShownBlock(block.kind, block, rows=_table_rows(block))
    if isinstance(block, Gantt):
        svg = charts.gantt_svg(
            block,
            title=block.caption,
            description=_("Each bar runs from its start to its end; a diamond is a single day."),
            svg_id=svg_id,
        )
        return ShownBlock(block.kind, block, svg=mark_safe(svg), layout=charts.gantt_layout(block))  # noqa: S308 - escaped in charts
    if isinstance(block, Map):
        svg = charts.map_svg(
            block,
            title=block.caption,
            description=_("Each numbered stakeholder is placed by its interest (across) and influence (up)."),
            svg_id=svg_id,
        )
        return ShownBlock(block.kind, block, svg=mark_safe(svg), layout=charts.map_layout(block))  # noqa: S308 - escaped in charts
    return ShownBlock(block.kind, block)


def shown_section(section: Section, prefix: str = "") -> ShownSection:
    anchor = f"{prefix}section-{section.key}"
    return ShownSection(
        key=section.key,
        title=section.title,
        blocks=[shown_block(b, f"{anchor}-figure-{i}") for i, b in enumerate(section.blocks)],
        own_text=mark_safe(section.own_text),  # noqa: S308 - sanitised when saved (clean_rich_text)
        anchor=anchor,
    )


def shown(document: Document, prefix: str = "") -> list[ShownSection]:
    return [shown_section(s, prefix) for s in document.sections]
