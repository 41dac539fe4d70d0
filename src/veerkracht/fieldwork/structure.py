"""The survey as the respondent sees it: the instrument version read once, split into pages.

A locked instrument version never changes, so its structure is kept in memory per process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from veerkracht.fieldwork.models import in_language
from veerkracht.monitor.models import BackgroundOption, BackgroundQuestion, Dimension, Instrument, Item
from veerkracht.monitor.scoring import InstrumentSpec
from veerkracht.monitor.selectors import instrument_spec

GROUP_QUESTION = "group"
RESIDENTS_GROUP = "inwoners"


@dataclass(frozen=True)
class Choice:
    value: str
    nl: str
    en: str

    def label(self, language: str) -> str:
        return in_language(self.nl, self.en, language)


@dataclass(frozen=True)
class SItem:
    pk: int
    code: str
    nl: str
    en: str
    reverse: bool
    short_form: bool

    def text(self, language: str) -> str:
        return in_language(self.nl, self.en, language)


@dataclass(frozen=True)
class SDimension:
    code: str
    nl: str
    en: str
    items: tuple[SItem, ...]

    def name(self, language: str) -> str:
        return in_language(self.nl, self.en, language)


@dataclass(frozen=True)
class SQuestion:
    pk: int
    code: str
    nl: str
    en: str
    options: tuple[tuple[int, Choice], ...] = ()  # (option pk, choice)

    def text(self, language: str) -> str:
        return in_language(self.nl, self.en, language)


@dataclass(frozen=True)
class Structure:
    instrument_id: int
    scale: tuple[Choice, ...]  # the agreement scale, low to high
    missing: tuple[Choice, ...]  # "weet ik niet" and other missing codes
    dimensions: tuple[SDimension, ...]
    facet_prompt: tuple[str, str]
    facets: tuple[tuple[int, Choice], ...]  # (option pk, choice with value = code)
    background: tuple[SQuestion, ...]
    open_questions: tuple[SQuestion, ...]
    open_min_comments: int
    items_by_code: dict[str, SItem] = field(default_factory=dict)

    @property
    def valid_values(self) -> set[int]:
        return {int(c.value) for c in (*self.scale, *self.missing)}

    def dimension_name(self, code: str, language: str) -> str:
        for d in self.dimensions:
            if d.code == code:
                return d.name(language)
        return code

    def group_label(self, code: str, language: str) -> str:
        for q in self.background:
            if q.code == GROUP_QUESTION:
                for _pk, choice in q.options:
                    if choice.value == code:
                        return choice.label(language)
        return code

    def group_choices(self) -> list[Choice]:
        for q in self.background:
            if q.code == GROUP_QUESTION:
                return [c for _pk, c in q.options]
        return []


_CACHE: dict[int, Structure] = {}
_SPECS: dict[int, InstrumentSpec] = {}


def spec_of(instrument: Instrument) -> InstrumentSpec:
    """The engine's InstrumentSpec of ``instrument`` (``monitor.selectors.instrument_spec``), kept in
    memory once the version is locked (a locked version never changes)."""
    cached = _SPECS.get(instrument.pk) or getattr(instrument, "_fieldwork_spec", None)
    if cached is not None:
        return cached
    spec = instrument_spec(instrument=instrument)
    if instrument.locked_at is not None:
        _SPECS[instrument.pk] = spec
    else:  # not locked yet: kept on this object only (one request or task)
        instrument._fieldwork_spec = spec  # type: ignore[attr-defined]
    return spec


def structure_of(instrument: Instrument) -> Structure:
    cached = _CACHE.get(instrument.pk) or getattr(instrument, "_fieldwork_structure", None)
    if cached is not None:
        return cached
    built = _build(instrument)
    if instrument.locked_at is not None:
        _CACHE[instrument.pk] = built
    else:  # not locked yet: kept on this object only (one request or task)
        instrument._fieldwork_structure = built  # type: ignore[attr-defined]
    return built


def _build(instrument: Instrument) -> Structure:
    points = list(instrument.scale_points.order_by("value"))
    dims = (
        Dimension.objects.filter(instrument=instrument)
        .order_by("order")
        .prefetch_related(Prefetch("items", queryset=Item.objects.order_by("order")))
    )
    dimensions = tuple(
        SDimension(
            code=d.code,
            nl=d.name_nl,
            en=d.name_en,
            items=tuple(
                SItem(
                    pk=i.pk,
                    code=i.code,
                    nl=i.text_nl,
                    en=i.text_en,
                    reverse=i.reverse,
                    short_form=i.short_form,
                )
                for i in d.items.all()
            ),
        )
        for d in dims
    )
    questions = (
        BackgroundQuestion.objects.filter(instrument=instrument)
        .order_by("order")
        .prefetch_related(Prefetch("options", queryset=BackgroundOption.objects.order_by("order")))
    )
    background = tuple(
        SQuestion(
            pk=q.pk,
            code=q.code,
            nl=q.text_nl,
            en=q.text_en,
            options=tuple((o.pk, Choice(o.code, o.label_nl, o.label_en)) for o in q.options.all()),
        )
        for q in questions
    )
    structure = Structure(
        instrument_id=instrument.pk,
        scale=tuple(Choice(str(p.value), p.label_nl, p.label_en) for p in points if not p.is_missing),
        missing=tuple(Choice(str(p.value), p.label_nl, p.label_en) for p in points if p.is_missing),
        dimensions=dimensions,
        facet_prompt=(instrument.facet_prompt_nl, instrument.facet_prompt_en),
        facets=tuple(
            (f.pk, Choice(f.code, f.text_nl, f.text_en)) for f in instrument.facet_options.order_by("order")
        ),
        background=background,
        open_questions=tuple(
            SQuestion(pk=q.pk, code=q.code, nl=q.text_nl, en=q.text_en)
            for q in instrument.open_questions.order_by("order")
        ),
        open_min_comments=instrument.open_min_comments,
    )
    structure.items_by_code.update({i.code: i for d in dimensions for i in d.items})
    return structure


PROFESSIONAL_QUESTIONS = ("role",)


@dataclass(frozen=True)
class Page:
    key: str  # "dimension", "facets", "background", "open", "summary"
    dimension: SDimension | None = None
    items: tuple[SItem, ...] = ()
    questions: tuple[SQuestion, ...] = ()


def pages_for(structure: Structure, *, short_form: bool, ask_group: bool) -> list[Page]:
    """The survey's pages, numbered from 1 in this order; page 0 is the welcome page."""
    pages: list[Page] = []
    for dim in structure.dimensions:
        items = tuple(i for i in dim.items if i.short_form) if short_form else dim.items
        if items:
            pages.append(Page("dimension", dimension=dim, items=items))
    if structure.facets:
        pages.append(Page("facets"))
    background = tuple(
        q
        for q in structure.background
        if (ask_group or q.code != GROUP_QUESTION)
        # the short form is the residents' (open link): they have no professional role in the approach
        and not (short_form and q.code in PROFESSIONAL_QUESTIONS)
    )
    if background:
        pages.append(Page("background", questions=background))
    if structure.open_questions:
        pages.append(Page("open", questions=structure.open_questions))
    pages.append(Page("summary"))
    return pages


def as_dict(structure: Structure) -> dict[str, Any]:  # pragma: no cover - debugging aid
    return {"dimensions": [d.code for d in structure.dimensions]}
