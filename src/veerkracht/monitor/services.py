"""Writes on the monitor instrument: import, copy (a new version), lock.

An instrument version is immutable once a wave has answers. The fieldwork (issue 5) calls
:func:`instrument_lock` in the transaction that stores a wave's first response; from then on the
models refuse every change (``InstrumentLocked``) and the admin shows the version read-only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from veerkracht.audit.logger import log
from veerkracht.audit.models import Result
from veerkracht.monitor.events import MonitorEvent
from veerkracht.monitor.models import (
    BackgroundOption,
    BackgroundQuestion,
    Dimension,
    FacetOption,
    Instrument,
    InstrumentSource,
    Item,
    OpenQuestion,
    ScalePoint,
)
from veerkracht.monitor.scoring import validate_instrument_document
from veerkracht.monitor.selectors import instrument_document, instrument_is_locked

__all__ = [
    "InstrumentImportError",
    "instrument_copy",
    "instrument_import",
    "instrument_is_locked",
    "instrument_lock",
    "validate_import_document",
]

DEFAULT_MISSING_LABEL = {"nl": "weet ik niet / niet van toepassing", "en": "don't know / not applicable"}


class InstrumentImportError(ValueError):
    """The document cannot be imported; ``problems`` names every problem. Nothing was stored."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _texts_ok(value: Any, keys: tuple[str, ...] = ("nl", "en")) -> bool:
    return isinstance(value, dict) and all(isinstance(value.get(k), str) and value[k].strip() for k in keys)


def _validate_modules(modules: Any) -> list[str]:
    problems: list[str] = []
    if not isinstance(modules, dict):
        return ["modules: must be an object"]
    facets = modules.get("facets")
    if facets is not None:
        if not isinstance(facets, dict) or not isinstance(facets.get("options", []), list):
            problems.append("modules.facets: must be an object with a list of options")
        else:
            codes = [o.get("code") for o in facets.get("options", []) if isinstance(o, dict)]
            if len(set(codes)) != len(codes) or len(codes) != len(facets.get("options", [])):
                problems.append("modules.facets: every option needs a unique code")
            for option in facets.get("options", []):
                if not _texts_ok(option):
                    problems.append(f"modules.facets option {option!r}: needs the texts 'nl' and 'en'")
    for key in ("background", "open"):
        questions = modules.get(key, [])
        if not isinstance(questions, list):
            problems.append(f"modules.{key}: must be a list")
            continue
        codes = [q.get("code") for q in questions if isinstance(q, dict)]
        if len(set(codes)) != len(codes) or len(codes) != len(questions) or not all(codes):
            problems.append(f"modules.{key}: every question needs a unique code")
        for q in questions:
            if isinstance(q, dict) and not _texts_ok(q.get("text")):
                problems.append(f"modules.{key} {q.get('code')}: needs the texts 'nl' and 'en'")
            if key == "background" and isinstance(q, dict):
                options = q.get("options")
                if not isinstance(options, list) or not options:
                    problems.append(f"modules.background {q.get('code')}: needs a list of options")
                else:
                    ocodes = [o.get("code") for o in options if isinstance(o, dict)]
                    if len(set(ocodes)) != len(ocodes) or len(ocodes) != len(options) or not all(ocodes):
                        problems.append(
                            f"modules.background {q.get('code')}: every option needs a unique code"
                        )
                    for o in options:
                        if not _texts_ok(o):
                            problems.append(
                                f"modules.background {q.get('code')} option {o!r}: needs 'nl' and 'en'"
                            )
    minimum = modules.get("open_min_comments", 8)
    if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 1:
        problems.append("modules.open_min_comments: must be a positive integer")
    return problems


def validate_import_document(document: Any) -> list[str]:
    """Every reason the document cannot become a stored instrument version (empty: it can)."""
    problems = validate_instrument_document(document, require_texts=True)
    if not isinstance(document, dict):
        return problems
    if "name" in document and not _texts_ok(document["name"]):
        problems.append("name: needs the texts 'nl' and 'en'")
    if "modules" in document:
        problems.extend(_validate_modules(document["modules"]))
    code, version = document.get("code"), document.get("version")
    if isinstance(code, str) and isinstance(version, int) and not isinstance(version, bool):
        if len(code) > 60 or not code.replace("-", "").replace("_", "").isalnum():
            problems.append("code: use at most 60 letters, digits, hyphens and underscores")
        elif Instrument.objects.filter(code=code, version=version).exists():
            problems.append(
                f"version {version} of {code!r} exists already; give the new version another number"
            )
    return problems


def _create(document: dict[str, Any], *, source: str) -> Instrument:
    scale = document["scale"]
    name = document.get("name") or {"nl": document["code"], "en": document["code"]}
    modules = document.get("modules") or {}
    facets = modules.get("facets") or {}
    prompt = facets.get("prompt") or {}
    instrument = Instrument.objects.create(
        code=document["code"],
        version=document["version"],
        name_nl=name["nl"],
        name_en=name["en"],
        scale_min=scale["min"],
        scale_max=scale["max"],
        facet_prompt_nl=prompt.get("nl", ""),
        facet_prompt_en=prompt.get("en", ""),
        open_min_comments=modules.get("open_min_comments", 8),
        source=source,
    )
    labels = {label["value"]: label for label in scale.get("labels", [])}
    missing = set(scale.get("missing", []))
    points = []
    for value in [*range(scale["min"], scale["max"] + 1), *sorted(missing)]:
        label = labels.get(value) or (
            DEFAULT_MISSING_LABEL if value in missing else {"nl": str(value), "en": str(value)}
        )
        points.append(
            ScalePoint(
                instrument=instrument,
                value=value,
                label_nl=label["nl"],
                label_en=label["en"],
                is_missing=value in missing,
            )
        )
    ScalePoint.objects.bulk_create(points)
    items = []
    for d_order, dim in enumerate(document["dimensions"], start=1):
        dim_name = dim.get("name") or {"nl": dim["code"], "en": dim["code"]}
        dimension = Dimension.objects.create(
            instrument=instrument,
            code=dim["code"],
            order=d_order,
            name_nl=dim_name["nl"],
            name_en=dim_name["en"],
        )
        for i_order, item in enumerate(dim["items"], start=1):
            text = item.get("text") or {"nl": item["code"], "en": item["code"]}
            items.append(
                Item(
                    instrument=instrument,
                    dimension=dimension,
                    code=item["code"],
                    order=i_order,
                    text_nl=text["nl"],
                    text_en=text["en"],
                    reverse=item.get("reverse", False),
                    short_form=item.get("short_form", False),
                    topic=item.get("topic", ""),
                )
            )
    Item.objects.bulk_create(items)
    FacetOption.objects.bulk_create(
        FacetOption(instrument=instrument, code=o["code"], order=n, text_nl=o["nl"], text_en=o["en"])
        for n, o in enumerate(facets.get("options", []), start=1)
    )
    for n, q in enumerate(modules.get("background", []), start=1):
        question = BackgroundQuestion.objects.create(
            instrument=instrument, code=q["code"], order=n, text_nl=q["text"]["nl"], text_en=q["text"]["en"]
        )
        BackgroundOption.objects.bulk_create(
            BackgroundOption(question=question, code=o["code"], order=m, label_nl=o["nl"], label_en=o["en"])
            for m, o in enumerate(q["options"], start=1)
        )
    OpenQuestion.objects.bulk_create(
        OpenQuestion(
            instrument=instrument, code=q["code"], order=n, text_nl=q["text"]["nl"], text_en=q["text"]["en"]
        )
        for n, q in enumerate(modules.get("open", []), start=1)
    )
    return instrument


def instrument_import(*, document: Any, by: Any = None, request: HttpRequest | None = None) -> Instrument:
    """Store a new instrument version from its JSON form; InstrumentImportError names every problem."""
    problems = validate_import_document(document)
    if problems:
        log(
            MonitorEvent.INSTRUMENT_IMPORT_REFUSED,
            actor=by,
            request=request,
            result=Result.FAILURE,
            details={"problems": problems[:20]},
        )
        raise InstrumentImportError(problems)
    try:
        with transaction.atomic():
            instrument = _create(document, source=InstrumentSource.IMPORTED)
    except IntegrityError as exc:  # a concurrent import of the same version
        raise InstrumentImportError([f"could not store the instrument: {exc}"]) from exc
    log(MonitorEvent.INSTRUMENT_IMPORTED, actor=by, target=instrument, request=request)
    return instrument


def instrument_copy(
    *, instrument: Instrument, version: int, by: Any = None, request: HttpRequest | None = None
) -> Instrument:
    """A new, unlocked version with the same content (the way to change a locked instrument)."""
    document = instrument_document(instrument=instrument)
    document["version"] = version
    problems = validate_import_document(document)
    if problems:
        raise InstrumentImportError(problems)
    with transaction.atomic():
        copy = _create(document, source=InstrumentSource.COPIED)
    log(
        MonitorEvent.INSTRUMENT_COPIED,
        actor=by,
        target=copy,
        request=request,
        details={"from": f"{instrument.code} v{instrument.version}"},
    )
    return copy


def instrument_lock(*, instrument: Instrument, at: datetime | None = None) -> Instrument:
    """Lock the version (idempotent). Call in the transaction that stores a wave's first answers."""
    with transaction.atomic():
        locked = Instrument.objects.select_for_update().get(pk=instrument.pk)
        if locked.locked_at is None:
            Instrument.objects.filter(pk=locked.pk).update(locked_at=at or timezone.now())
            locked.refresh_from_db()
            log(MonitorEvent.INSTRUMENT_LOCKED, target=locked)
    instrument.locked_at = locked.locked_at
    return locked
