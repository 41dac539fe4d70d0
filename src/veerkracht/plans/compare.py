"""What changed between two versions of a plan: per section, the text added and removed and the figures
that changed (pure: no Django).

A section's *text* is its paragraphs, headings, list items, table rows that appear or disappear, chart
entries that appear or disappear, and the team's own text (compared as plain text, paragraph by
paragraph). Its *figures* are the cells of a table's numeric columns (the row is found by its first
cell, the column by its header, the table by its caption) and the dates of a Gantt chart's bars and the
positions of a stakeholder map's points. A row, bar or point that is new or gone is text, not a figure.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass

from veerkracht.plans.document import BulletList, Document, Gantt, Heading, Map, Paragraph, Section, Table

_TAG = re.compile(r"<[^>]+>")
_BLOCK_END = re.compile(r"</\s*(p|li|h3|h4|blockquote)\s*>|<\s*br\s*/?>", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class FigureChange:
    where: str  # the table's caption (or the chart's)
    row: str  # the row's first cell (a bar's or point's label)
    column: str  # the column's header (start / end / x / y for charts)
    before: str
    after: str


@dataclass(frozen=True)
class SectionChange:
    key: str
    title: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    figures: tuple[FigureChange, ...] = ()
    new: bool = False  # the section was not in the earlier version
    gone: bool = False  # the section is not in the later version

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed or self.figures or self.new or self.gone)


@dataclass(frozen=True)
class Comparison:
    sections: tuple[SectionChange, ...]

    @property
    def changed(self) -> tuple[SectionChange, ...]:
        return tuple(s for s in self.sections if s.changed)

    @property
    def changed_keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.changed)

    @property
    def figures(self) -> tuple[FigureChange, ...]:
        return tuple(f for s in self.sections for f in s.figures)


def own_text_units(text: str) -> list[str]:
    """Rich text as its paragraphs in plain text (tags dropped, entities decoded, spaces collapsed)."""
    if not text:
        return []
    parts = _BLOCK_END.sub("\n", text)
    plain = html.unescape(_TAG.sub("", parts))
    return [line for raw in plain.split("\n") if (line := _SPACES.sub(" ", raw).strip())]


def _row_text(row: tuple[str, ...]) -> str:
    return " | ".join(cell for cell in row)


def _text_units(section: Section) -> list[str]:
    """Everything in ``section`` that is compared as text (tables and charts: their row keys)."""
    units: list[str] = []
    for block in section.blocks:
        if isinstance(block, Paragraph | Heading):
            units.append(block.text)
        elif isinstance(block, BulletList):
            units.extend(block.items)
        elif isinstance(block, Table):
            numeric = _numeric(block)
            # the non-numeric cells of each row: a change there is a change of text
            units.extend(
                _row_text(tuple(c for c, is_num in zip(row, numeric, strict=False) if not is_num))
                for row in block.rows
            )
        elif isinstance(block, Gantt):
            units.extend(f"{block.caption}: {bar.label}" for bar in block.bars)
        elif isinstance(block, Map):
            units.extend(f"{block.caption}: {point.label}" for point in block.points)
    units.extend(own_text_units(section.own_text))
    return units


def _numeric(table: Table) -> tuple[bool, ...]:
    return tuple(table.numeric) + (False,) * (len(table.header) - len(table.numeric))


def _table_figures(before: Table, after: Table) -> list[FigureChange]:
    old = {row[0]: row for row in before.rows if row}
    numeric = _numeric(after)
    old_columns = {header: i for i, header in enumerate(before.header)}
    old_numeric = _numeric(before)
    changes = []
    for row in after.rows:
        if not row or row[0] not in old:
            continue
        earlier = old[row[0]]
        for i, header in enumerate(after.header):
            j = old_columns.get(header)
            if not numeric[i] or j is None or not old_numeric[j] or i >= len(row) or j >= len(earlier):
                continue
            if row[i] != earlier[j]:
                changes.append(FigureChange(after.caption, row[0], header, earlier[j], row[i]))
    return changes


def _chart_figures(before: Gantt | Map, after: Gantt | Map) -> list[FigureChange]:
    changes = []
    if isinstance(before, Gantt) and isinstance(after, Gantt):
        old_bars = {bar.label: bar for bar in before.bars}
        for bar in after.bars:
            if (was := old_bars.get(bar.label)) is not None:
                for column in ("start", "end"):
                    if getattr(was, column) != getattr(bar, column):
                        changes.append(
                            FigureChange(
                                after.caption, bar.label, column, getattr(was, column), getattr(bar, column)
                            )
                        )
    elif isinstance(before, Map) and isinstance(after, Map):
        old_points = {point.label: point for point in before.points}
        for point in after.points:
            if (p := old_points.get(point.label)) is not None:
                for column in ("x", "y"):
                    a, b = getattr(p, column), getattr(point, column)
                    if a != b:
                        changes.append(FigureChange(after.caption, point.label, column, f"{a:g}", f"{b:g}"))
    return changes


def _figures(before: Section, after: Section) -> list[FigureChange]:
    """Changed figures of the tables and charts present (by caption) in both versions of a section."""
    earlier: dict[tuple[str, str], Table | Gantt | Map] = {
        (b.kind, b.caption): b for b in before.blocks if isinstance(b, Table | Gantt | Map)
    }
    changes: list[FigureChange] = []
    for block in after.blocks:
        if not isinstance(block, Table | Gantt | Map):
            continue
        was = earlier.get((block.kind, block.caption))
        if was is None:
            continue
        if isinstance(block, Table) and isinstance(was, Table):
            changes.extend(_table_figures(was, block))
        elif isinstance(block, Gantt | Map) and isinstance(was, Gantt | Map):
            changes.extend(_chart_figures(was, block))
    return changes


def _difference(a: list[str], b: list[str]) -> tuple[str, ...]:
    """Units of ``a`` not in ``b`` (as multisets, in ``a``'s order)."""
    left = Counter(b)
    out = []
    for unit in a:
        if left[unit]:
            left[unit] -= 1
        else:
            out.append(unit)
    return tuple(out)


def compare_sections(before: Section | None, after: Section | None) -> SectionChange:
    if after is None and before is None:
        raise ValueError("nothing to compare")
    if after is None:
        assert before is not None
        return SectionChange(before.key, before.title, removed=tuple(_text_units(before)), gone=True)
    if before is None:
        return SectionChange(after.key, after.title, added=tuple(_text_units(after)), new=True)
    old_units, new_units = _text_units(before), _text_units(after)
    return SectionChange(
        key=after.key,
        title=after.title,
        added=_difference(new_units, old_units),
        removed=_difference(old_units, new_units),
        figures=tuple(_figures(before, after)),
    )


def compare(before: Document, after: Document) -> Comparison:
    """Per section of ``after`` (in its order, then the sections only ``before`` had): what changed."""
    old = {s.key: s for s in before.sections}
    new_keys = {s.key for s in after.sections}
    changes = [compare_sections(old.get(s.key), s) for s in after.sections]
    changes += [compare_sections(s, None) for s in before.sections if s.key not in new_keys]
    return Comparison(tuple(changes))
