"""Reads on the monitor instrument. Other apps use these (and ``services``), never the views."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from veerkracht.monitor.models import BackgroundQuestion, Dimension, Instrument, Item
from veerkracht.monitor.scoring import InstrumentSpec, instrument_from_document


def instrument_get(*, code: str, version: int | None = None) -> Instrument:
    """The instrument version (the newest one when ``version`` is None); DoesNotExist otherwise."""
    qs = Instrument.objects.filter(code=code)
    if version is not None:
        return qs.get(version=version)
    instrument = qs.order_by("-version").first()
    if instrument is None:
        raise Instrument.DoesNotExist(f"no instrument {code!r}")
    return instrument


def instrument_is_locked(instrument: Instrument) -> bool:
    """True once the version has answers (``locked_at`` is set by ``services.instrument_lock``,
    which the fieldwork calls when it stores a wave's first response). Read from the database."""
    return Instrument.objects.filter(pk=instrument.pk, locked_at__isnull=False).exists()


def instrument_document(*, instrument: Instrument) -> dict[str, Any]:
    """The instrument's JSON form (docs/monitor/scoring.md), extended with what the instrument data
    holds beyond scoring (name, scale labels, short form, item topics, unscored modules). Five queries."""
    dimensions = Dimension.objects.filter(instrument=instrument).prefetch_related(
        Prefetch("items", queryset=Item.objects.order_by("order"))
    )
    questions = BackgroundQuestion.objects.filter(instrument=instrument).prefetch_related("options")
    missing = []
    labels = []
    for point in instrument.scale_points.order_by("value"):
        labels.append({"value": point.value, "nl": point.label_nl, "en": point.label_en})
        if point.is_missing:
            missing.append(point.value)
    facets = list(instrument.facet_options.order_by("order"))
    doc: dict[str, Any] = {
        "code": instrument.code,
        "version": instrument.version,
        "name": {"nl": instrument.name_nl, "en": instrument.name_en},
        "scale": {
            "min": instrument.scale_min,
            "max": instrument.scale_max,
            "missing": missing,
            "labels": labels,
        },
        "dimensions": [],
        "modules": {
            "facets": {
                "prompt": {"nl": instrument.facet_prompt_nl, "en": instrument.facet_prompt_en},
                "total": 100,
                "options": [{"code": f.code, "nl": f.text_nl, "en": f.text_en} for f in facets],
            },
            "background": [
                {
                    "code": q.code,
                    "text": {"nl": q.text_nl, "en": q.text_en},
                    "options": [
                        {"code": o.code, "nl": o.label_nl, "en": o.label_en} for o in q.options.all()
                    ],
                }
                for q in questions
            ],
            "open": [
                {"code": q.code, "text": {"nl": q.text_nl, "en": q.text_en}}
                for q in instrument.open_questions.order_by("order")
            ],
            "open_min_comments": instrument.open_min_comments,
        },
    }
    for dim in dimensions:
        items = []
        for item in dim.items.all():
            entry: dict[str, Any] = {
                "code": item.code,
                "reverse": item.reverse,
                "text": {"nl": item.text_nl, "en": item.text_en},
                "short_form": item.short_form,
            }
            if item.topic:
                entry["topic"] = item.topic
            items.append(entry)
        doc["dimensions"].append(
            {"code": dim.code, "name": {"nl": dim.name_nl, "en": dim.name_en}, "items": items}
        )
    return doc


def instrument_spec(*, instrument: Instrument) -> InstrumentSpec:
    """What the scoring module needs of a stored instrument version."""
    return instrument_from_document(instrument_document(instrument=instrument))
