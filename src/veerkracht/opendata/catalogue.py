"""The DCAT-AP-NL 2.x catalogue of the open data sets, as JSON-LD (docs/open-data.md).

Every data set is a ``dcat:Dataset`` with its title and description in Dutch and English, the
publisher (``OPEN_DATA_PUBLISHER``), the licence (CC0 1.0), the update frequency (continuous: every
download is made from the live data), the government theme *Bestuur* and a ``dcat:Distribution`` per
format with its ``dcat:downloadURL`` and ``dcat:mediaType``. Addresses are absolute on ``SITE_URL``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veerkracht.opendata.datasets import DATASETS, LICENCE_URL, Dataset, absolute

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
LANGUAGES = ("nl", "en")
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/CONT"
ACCESS_PUBLIC = "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
LANGUAGE_NLD = "http://publications.europa.eu/resource/authority/language/NLD"
THEME_BESTUUR = "http://standaarden.overheid.nl/owms/terms/Bestuur"

# format: (file extension, IANA media type, EU file type)
FORMATS = {
    "csv": (
        "csv",
        "https://www.iana.org/assignments/media-types/text/csv",
        "http://publications.europa.eu/resource/authority/file-type/CSV",
    ),
    "json": (
        "json",
        "https://www.iana.org/assignments/media-types/application/json",
        "http://publications.europa.eu/resource/authority/file-type/JSON",
    ),
}
DESCRIPTION = gettext_lazy(
    "Open data of the Veerkracht platform: innovation agendas and their public challenges, the lessons "
    "of the learning community, the municipalities' decision logs and the monitor's benchmark. Free to "
    "reuse (CC0 1.0)."
)
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


def texts(message: Promise | str | Callable[[], str]) -> list[dict[str, str]]:
    """``message`` (or what the function returns) in Dutch and in English, as JSON-LD
    language-tagged values."""
    out = []
    for language in LANGUAGES:
        with translation.override(language):
            text = message if isinstance(message, Promise | str) else message()
            out.append({"@value": str(text), "@language": language})
    return out


def download_path(dataset: Dataset, fmt: str) -> str:
    return reverse(f"opendata:{fmt}", args=[dataset.slug])


def _date(value: dt.date) -> dict[str, str]:
    return {"@value": value.isoformat(), "@type": "xsd:date"}


def _publisher() -> dict[str, Any]:
    return {"@type": "foaf:Agent", "foaf:name": str(settings.OPEN_DATA_PUBLISHER)}


def _contact() -> dict[str, Any]:
    return {
        "@type": "vcard:Organization",
        "vcard:fn": str(settings.OPEN_DATA_PUBLISHER),
        "vcard:hasURL": {"@id": absolute(reverse("opendata:index"))},
    }


def _distribution(dataset: Dataset, fmt: str) -> dict[str, Any]:
    _ext, media_type, file_type = FORMATS[fmt]
    url = absolute(download_path(dataset, fmt))
    return {
        "@id": url,
        "@type": "dcat:Distribution",
        "dct:title": [
            {"@value": f"{t['@value']} ({fmt.upper()})", "@language": t["@language"]}
            for t in texts(dataset.title)
        ],
        "dcat:accessURL": {"@id": url},
        "dcat:downloadURL": {"@id": url},
        "dcat:mediaType": {"@id": media_type},
        "dct:format": {"@id": file_type},
        "dct:license": {"@id": LICENCE_URL},
    }


def _dataset(dataset: Dataset, today: dt.date) -> dict[str, Any]:
    landing = absolute(reverse("opendata:index"))
    return {
        "@id": f"{landing}#{dataset.slug}",
        "@type": "dcat:Dataset",
        "dct:identifier": f"{landing}#{dataset.slug}",
        "dct:title": texts(dataset.title),
        "dct:description": texts(dataset.description),
        "dct:publisher": _publisher(),
        "dcat:contactPoint": _contact(),
        "dct:license": {"@id": LICENCE_URL},
        "dct:accessRights": {"@id": ACCESS_PUBLIC},
        "dct:language": {"@id": LANGUAGE_NLD},
        "dct:accrualPeriodicity": {"@id": FREQUENCY},
        "dct:modified": _date(dataset.modified() or today),
        "dcat:theme": {"@id": THEME_BESTUUR},
        "dcat:landingPage": {"@id": landing},
        "dcat:distribution": [_distribution(dataset, fmt) for fmt in FORMATS],
    }


def catalogue_title() -> str:
    """The catalogue's title in the active language."""
    return _("Open data of %(publisher)s") % {"publisher": settings.OPEN_DATA_PUBLISHER}


def catalogue_document() -> dict[str, Any]:
    """The catalogue as a JSON-LD document (one query per data set: its last change)."""
    today = timezone.localdate()
    entries = [_dataset(dataset, today) for dataset in DATASETS]
    return {
        "@context": CONTEXT,
        "@id": absolute(reverse("opendata:catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": texts(catalogue_title),
        "dct:description": texts(DESCRIPTION),
        "dct:publisher": _publisher(),
        "dct:license": {"@id": LICENCE_URL},
        "dct:language": {"@id": LANGUAGE_NLD},
        "foaf:homepage": {"@id": absolute(reverse("opendata:index"))},
        "dct:modified": _date(max((_modified_of(e) for e in entries), default=today)),
        "dcat:dataset": entries,
    }


def _modified_of(entry: dict[str, Any]) -> dt.date:
    return dt.date.fromisoformat(entry["dct:modified"]["@value"])
