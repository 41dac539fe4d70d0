"""The plan van aanpak (and the analysis of the current situation) as a document: pure data.

Generation (from what the platform holds) produces a :class:`Document`; the renderers (the page, DOCX,
PDF) only turn one into their format, and the version comparison compares two. Nothing here imports
Django, so the structure can be built and checked in isolation and stored as JSON with each version.

A document is a list of sections; a section has generated blocks and, separately, the team's own text
for that section (sanitised HTML, kept per section and version). Figures are given as data (a Gantt
chart's bars, a stakeholder map's points), never as pictures: each renderer draws them itself.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

#: The sections of a plan van aanpak, in order (keys are stable: stored versions refer to them).
PLAN_SECTIONS: tuple[str, ...] = (
    "aanleiding",  # aanleiding en opgave
    "analyse",  # analysis of the current situation
    "doelen",  # doelen en indicatoren
    "aanpak",  # team, pilots, sessions with residents
    "sturing",  # mandate, what the regisseur decides, escalations, council information
    "organisatie",  # needs, pledges, gaps; consequences for HRM, P&C and ICT per partner
    "planning",  # milestones (Gantt chart)
    "risicos",  # open escalations, unmet needs, weak monitor dimensions
)


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: Literal["paragraph"] = "paragraph"


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside a section (level 2 or 3; the section title is level 1)."""

    text: str
    level: int = 2
    kind: Literal["heading"] = "heading"


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]
    kind: Literal["bullets"] = "bullets"


@dataclass(frozen=True)
class Table:
    """A table with a header row; ``numeric`` marks the columns that hold figures (right-aligned,
    compared as figures between versions)."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()
    kind: Literal["table"] = "table"


@dataclass(frozen=True)
class Bar:
    label: str
    start: str  # ISO date
    end: str  # ISO date
    group: str = ""
    milestone: bool = False


@dataclass(frozen=True)
class Gantt:
    caption: str
    bars: tuple[Bar, ...]
    kind: Literal["gantt"] = "gantt"


@dataclass(frozen=True)
class Point:
    label: str
    x: float  # interest, 0..1
    y: float  # influence, 0..1
    group: str = ""


@dataclass(frozen=True)
class Map:
    """A stakeholder map: interest (x) against influence (y)."""

    caption: str
    points: tuple[Point, ...]
    x_label: str = ""
    y_label: str = ""
    kind: Literal["map"] = "map"


Block = Paragraph | Heading | BulletList | Table | Gantt | Map


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: tuple[Block, ...] = ()
    own_text: str = ""  # the team's own text (sanitised HTML), shown after the generated blocks


@dataclass(frozen=True)
class Document:
    title: str
    organisation: str  # the municipality whose plan it is
    colour: str  # the municipality's colour, "#rrggbb"
    language: str  # "nl" or "en"
    sections: tuple[Section, ...] = field(default_factory=tuple)
    subtitle: str = ""
    date: str = ""  # ISO date of generation


_BLOCKS: dict[str, type] = {
    "paragraph": Paragraph,
    "heading": Heading,
    "bullets": BulletList,
    "table": Table,
    "gantt": Gantt,
    "map": Map,
}


def to_data(document: Document) -> dict[str, Any]:
    """The document as JSON-ready data (stored with each version)."""
    return asdict(document)


def _block(data: dict[str, Any]) -> Block:
    data = dict(data)
    kind = data.pop("kind")
    if kind == "table":
        data["header"] = tuple(data["header"])
        data["rows"] = tuple(tuple(row) for row in data["rows"])
        data["numeric"] = tuple(data.get("numeric", ()))
    elif kind == "bullets":
        data["items"] = tuple(data["items"])
    elif kind == "gantt":
        data["bars"] = tuple(Bar(**bar) for bar in data["bars"])
    elif kind == "map":
        data["points"] = tuple(Point(**point) for point in data["points"])
    return _BLOCKS[kind](**data)  # type: ignore[no-any-return]


def from_data(data: dict[str, Any]) -> Document:
    """The inverse of :func:`to_data`."""
    data = dict(data)
    data["sections"] = tuple(
        Section(
            key=section["key"],
            title=section["title"],
            blocks=tuple(_block(block) for block in section["blocks"]),
            own_text=section.get("own_text", ""),
        )
        for section in data["sections"]
    )
    return Document(**data)
