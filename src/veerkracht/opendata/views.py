"""The open-data pages (docs/open-data.md), readable by anyone, logged in or not.

* ``open-data/`` — the overview: every data set with its licence, publisher, update frequency,
  formats and download links, and the catalogue.
* ``open-data/<data set>.csv`` — the data set as CSV: UTF-8 with a byte-order mark (so that Excel
  reads the accents), a header row, every text cell safe against formula injection; streamed.
* ``open-data/<data set>.json`` — the data set as JSON (``records``: one object per row); streamed.
* either with ``?gemeente=<slug>`` — only that municipality's rows (not for the benchmark).
* ``open-data/catalogus.jsonld`` — the DCAT-AP-NL catalogue in JSON-LD.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from veerkracht.core.replica import iterate_on_replica
from veerkracht.core.response_cache import public_answer
from veerkracht.core.spreadsheets import safe_cell
from veerkracht.opendata import catalogue as dcat
from veerkracht.opendata.datasets import (
    DATASETS,
    LICENCE_ID,
    LICENCE_NAME,
    LICENCE_URL,
    Dataset,
    dataset_or_none,
    municipality_or_none,
)
from veerkracht.organisations.models import Organisation

BOM = "\ufeff"


def _open(response: HttpResponse | StreamingHttpResponse) -> HttpResponse | StreamingHttpResponse:
    """Open data may be read by any site's scripts."""
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _dataset(slug: str) -> Dataset:
    dataset = dataset_or_none(slug)
    if dataset is None:
        raise Http404
    return dataset


@public_answer
def index(request: HttpRequest) -> HttpResponse:
    entries = [
        {
            "dataset": dataset,
            "downloads": [(fmt.upper(), dcat.download_path(dataset, fmt)) for fmt in dcat.FORMATS],
        }
        for dataset in DATASETS
    ]
    return render(
        request,
        "opendata/index.html",
        {
            "entries": entries,
            "publisher": settings.OPEN_DATA_PUBLISHER,
            "licence_name": LICENCE_NAME,
            "licence_url": LICENCE_URL,
        },
    )


class _Line:
    """A file-like target for csv.writer that hands back what was written."""

    def write(self, value: str) -> str:
        return value


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: lists joined with " | " (objects in them as JSON), true/false as
    ``true``/``false``, empty as "", text safe against formula injection."""
    if isinstance(value, list):
        value = " | ".join(
            json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else str(v) for v in value
        )
    elif isinstance(value, bool):
        value = "true" if value else "false"
    return safe_cell(value)


def csv_lines(dataset: Dataset, municipality: Organisation | None = None) -> Iterator[str]:
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield BOM + writer.writerow([csv_cell(c) for c in dataset.columns])
    for row in dataset.rows(municipality):
        yield writer.writerow([csv_cell(row[c]) for c in dataset.columns])


def json_chunks(dataset: Dataset, municipality: Organisation | None = None) -> Iterator[str]:
    head: dict[str, Any] = {"dataset": dataset.slug, "licence": LICENCE_ID, "licence_url": LICENCE_URL}
    if municipality is not None:
        head["municipality"] = municipality.slug
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "records": ['
    for i, row in enumerate(dataset.rows(municipality)):
        yield ("," if i else "") + json.dumps(row, ensure_ascii=False)
    yield "]}"


def _municipality(request: HttpRequest, dataset: Dataset) -> Organisation | None:
    """The municipality ``?gemeente=<slug>`` names, or None for the whole installation; an unknown
    slug, or a set that is not kept per municipality, is a 404."""
    slug = request.GET.get("gemeente", "")
    if not slug:
        return None
    municipality = municipality_or_none(slug[:100])
    if municipality is None or not dataset.per_municipality:
        raise Http404
    return municipality


def _download(
    dataset: Dataset, fmt: str, lines: Iterator[str], municipality: Organisation | None
) -> StreamingHttpResponse:
    # the rows are read while the response streams: from the read replica when there is one
    response = StreamingHttpResponse(iterate_on_replica(lines), content_type=dcat.CONTENT_TYPES[fmt])
    name = dataset.slug if municipality is None else f"{dataset.slug}-{municipality.slug}"
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    _open(response)
    return response


def download_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    dataset = _dataset(slug)
    municipality = _municipality(request, dataset)
    return _download(dataset, "csv", csv_lines(dataset, municipality), municipality)


def download_json(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    dataset = _dataset(slug)
    municipality = _municipality(request, dataset)
    return _download(dataset, "json", json_chunks(dataset, municipality), municipality)


@public_answer
def catalogue(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        json.dumps(dcat.catalogue_document(), ensure_ascii=False, indent=2),
        content_type="application/ld+json; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="catalogus.jsonld"'
    _open(response)
    return response
