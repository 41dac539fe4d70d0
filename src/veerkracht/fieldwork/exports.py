"""Exports of a wave's answers: CSV + JSON codebook, and an XLSX workbook.

Suppression (docs/adr/0005-fieldwork.md): rows are per person, so they never carry small-group
identifiers. The stakeholder group is exported only for groups with at least k completed responses
(otherwise the code ``SUPPRESSED``); organisation, role, months, language, dates and open answers are
never in the person-level rows. Row order is shuffled and respondent ids are positions. Aggregates
(the scores sheet) come from the engine, with its own suppression.
"""

from __future__ import annotations

import io
import random
from collections import Counter
from typing import Any

from veerkracht.core.spreadsheets import csv_text, sheet_append
from veerkracht.fieldwork import selectors
from veerkracht.fieldwork.models import Answer, FacetAnswer, Wave
from veerkracht.fieldwork.structure import spec_of, structure_of

SUPPRESSED = "onderdrukt"


def _rows(wave: Wave) -> tuple[list[str], list[list[Any]]]:
    structure = structure_of(wave.instrument)
    items = [i for d in structure.dimensions for i in d.items]
    facets = [(pk, c.value) for pk, c in structure.facets]
    responses = list(selectors.completed_responses(wave).values_list("pk", "group"))
    counts = Counter(g or "onbekend" for _pk, g in responses)
    index = {pk: i for i, (pk, _g) in enumerate(responses)}
    values: list[dict[int, int]] = [{} for _ in responses]
    for response_id, item_id, value in Answer.objects.filter(response_id__in=list(index)).values_list(
        "response_id", "item_id", "value"
    ):
        values[index[response_id]][item_id] = value
    facet_values: list[dict[int, int]] = [{} for _ in responses]
    for response_id, option_id, points in FacetAnswer.objects.filter(response_id__in=list(index)).values_list(
        "response_id", "option_id", "points"
    ):
        facet_values[index[response_id]][option_id] = points
    order = list(range(len(responses)))
    random.Random(f"export:{wave.pk}").shuffle(order)  # noqa: S311 - shuffling, not security
    header = ["respondent", "group", *[i.code for i in items], *[f"facet_{code}" for _pk, code in facets]]
    rows = []
    for n, i in enumerate(order, start=1):
        group = responses[i][1] or "onbekend"
        rows.append(
            [
                f"R{n}",
                group if counts[group] >= wave.k else SUPPRESSED,
                *[values[i].get(item.pk, "") for item in items],
                *[facet_values[i].get(pk, "") for pk, _code in facets],
            ]
        )
    return header, rows


def answers_csv(wave: Wave) -> str:
    """One row per completed response; the CSV form of ``score_responses`` (plus facet columns)."""
    header, rows = _rows(wave)
    return csv_text(header, rows, lineterminator="\n")


def codebook(wave: Wave) -> dict[str, Any]:
    structure = structure_of(wave.instrument)
    instrument = wave.instrument
    return {
        "instrument": {"code": instrument.code, "version": instrument.version},
        "wave": {"challenge": wave.challenge.title, "number": wave.number, "k": wave.k},
        "columns": {
            "respondent": {
                "nl": "volgnummer in dit bestand (geen persoonsnummer)",
                "en": "position in this file (not a person id)",
            },
            "group": {
                "nl": f"belanghebbendengroep; '{SUPPRESSED}' voor groepen met minder dan {wave.k} "
                "respondenten",
                "en": f"stakeholder group; '{SUPPRESSED}' for groups with fewer than {wave.k} respondents",
                "codes": {c.value: {"nl": c.nl, "en": c.en} for c in structure.group_choices()},
            },
        },
        "scale": {
            "min": instrument.scale_min,
            "max": instrument.scale_max,
            "labels": {c.value: {"nl": c.nl, "en": c.en} for c in structure.scale},
            "missing": {c.value: {"nl": c.nl, "en": c.en} for c in structure.missing},
            "blank": {"nl": "niet beantwoord", "en": "not answered"},
        },
        "items": [
            {
                "code": i.code,
                "dimension": d.code,
                "dimension_name": {"nl": d.nl, "en": d.en},
                "reverse": i.reverse,
                "short_form": i.short_form,
                "text": {"nl": i.nl, "en": i.en},
            }
            for d in structure.dimensions
            for i in d.items
        ],
        "facets": {
            "prompt": {"nl": structure.facet_prompt[0], "en": structure.facet_prompt[1]},
            "columns": {f"facet_{c.value}": {"nl": c.nl, "en": c.en} for _pk, c in structure.facets},
            "total": 100,
        },
        "not_exported": {
            "nl": "organisatie, rol, betrokkenheid, taal, datums en open antwoorden "
            "(herleidbaar in kleine groepen)",
            "en": "organisation, role, months involved, language, dates and open answers "
            "(identifying in small groups)",
        },
    }


def answers_xlsx(wave: Wave) -> bytes:
    from openpyxl import Workbook

    header, rows = _rows(wave)
    book = Workbook()
    sheet = book.active
    sheet.title = "antwoorden"
    sheet_append(sheet, header)
    for row in rows:
        sheet_append(sheet, row)
    cb = codebook(wave)
    items = book.create_sheet("codeboek")
    sheet_append(items, ["code", "dimension", "reverse", "text_nl", "text_en"])
    for item in cb["items"]:
        sheet_append(
            items, [item["code"], item["dimension"], item["reverse"], item["text"]["nl"], item["text"]["en"]]
        )
    sheet_append(items, [])
    sheet_append(items, ["scale", cb["scale"]["min"], cb["scale"]["max"]])
    for value, label in {**cb["scale"]["labels"], **cb["scale"]["missing"]}.items():
        sheet_append(items, [value, label["nl"], label["en"]])
    scores = book.create_sheet("scores")
    result = selectors.wave_scores(wave, with_benchmark=False)
    spec = spec_of(wave.instrument)
    sheet_append(
        scores, ["dimension", "n", "headline", "score_0_100", "label", "group", "group_n", "group_mean"]
    )
    for dim in result.dimensions:
        sheet_append(scores, [dim.code, dim.n, dim.headline, dim.score_0_100, dim.label, "", "", ""])
        for group in dim.groups:
            sheet_append(
                scores,
                [
                    dim.code,
                    "",
                    "",
                    "",
                    "",
                    group.name,
                    SUPPRESSED if group.suppressed or group.n < wave.k else group.n,
                    SUPPRESSED if group.suppressed else group.mean,
                ],
            )
    del spec
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
