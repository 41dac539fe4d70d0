"""The plan as the page shows it: a document's sections with each block ready for the template (tables
with their numeric columns marked, figures drawn as SVG by :mod:`veerkracht.plans.figures`,
the same drawing as in the PDF)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from veerkracht.plans import figures
from veerkracht.plans.document import Document, Gantt, Map, Section, Table


@dataclass
class ShownBlock:
    kind: str
    block: Any
    rows: list[list[tuple[str, bool]]] = field(default_factory=list)  # a table's cells with "numeric"
    svg: SafeString | None = None
    data: Table | None = None  # a figure's data, shown beside it


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


def _figure(block: Gantt | Map, svg_id: str, language: str, colour: str) -> ShownBlock:
    """A chart drawn by :mod:`veerkracht.plans.figures` (the same layout as the PDF and the Word file),
    with its data beside it as a table."""
    if isinstance(block, Gantt):
        figure = figures.gantt_layout(block, language=language).figure
        description = figures.gantt_description(block, language)
        data = figures.gantt_table(block, language)
    else:
        figure = figures.map_layout(block, language=language).figure
        description = figures.map_description(block, language)
        data = figures.map_table(block, language)
    svg = figures.to_svg(figure, title=block.caption, description=description, colour=colour, ident=svg_id)
    return ShownBlock(block.kind, block, rows=_table_rows(data), svg=mark_safe(svg), data=data)  # noqa: S308 - escaped in figures


def shown_block(block: Any, svg_id: str, language: str = "nl", colour: str = "") -> ShownBlock:
    if isinstance(block, Table):
        return ShownBlock(block.kind, block, rows=_table_rows(block))
    if isinstance(block, Gantt | Map):
        return _figure(block, svg_id, language, figures.safe_colour(colour))
    return ShownBlock(block.kind, block)


def shown_section(
    section: Section, prefix: str = "", *, language: str = "nl", colour: str = ""
) -> ShownSection:
    anchor = f"{prefix}section-{section.key}"
    return ShownSection(
        key=section.key,
        title=section.title,
        blocks=[
            shown_block(b, f"{anchor}-figure-{i}", language, colour) for i, b in enumerate(section.blocks)
        ],
        own_text=mark_safe(section.own_text),  # noqa: S308 - sanitised when saved (clean_rich_text)
        anchor=anchor,
    )


def shown(document: Document, prefix: str = "") -> list[ShownSection]:
    return [
        shown_section(s, prefix, language=document.language, colour=document.colour)
        for s in document.sections
    ]
