"""The DCAT-AP-NL catalogue: well-formed JSON-LD (every prefix used is declared in the context), the
required properties on the catalogue and on every data set, titles and descriptions in Dutch and
English, and every download address answers 200 with its media type. The overview page lists every
data set with its licence, publisher, frequency, formats and links, and the footer links to it."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import pytest

from veerkracht.opendata import datasets

pytestmark = pytest.mark.django_db

REQUIRED_DATASET = (
    "dct:title",
    "dct:description",
    "dct:publisher",
    "dct:license",
    "dct:accrualPeriodicity",
    "dct:modified",
    "dcat:distribution",
    "dcat:theme",
    "dcat:contactPoint",
    "dct:identifier",
)
MEDIA = {
    "https://www.iana.org/assignments/media-types/text/csv": "text/csv",
    "https://www.iana.org/assignments/media-types/application/json": "application/json",
}
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/deed.nl"


def _catalogue(client: Any) -> dict[str, Any]:
    response = client.get("/open-data/catalogus.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    return json.loads(response.content)


def _prefixes(node: Any) -> set[str]:
    """Every prefix used by a compact IRI in a key, an @type or an @id."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if not key.startswith("@"):
                found.add(key.split(":")[0])
            if key == "@type" and ":" in value and "//" not in value:
                found.add(value.split(":")[0])
            if key != "@context":
                found |= _prefixes(value)
    elif isinstance(node, list):
        for item in node:
            found |= _prefixes(item)
    return found


def _languages(values: Any) -> dict[str, str]:
    assert isinstance(values, list)
    return {v["@language"]: v["@value"] for v in values}


def test_the_catalogue_is_json_ld_with_every_prefix_declared(client, db):
    document = _catalogue(client)
    context = document["@context"]
    assert _prefixes(document) <= set(context), _prefixes(document) - set(context)
    assert context["dcat"] == "http://www.w3.org/ns/dcat#"
    assert context["dct"] == "http://purl.org/dc/terms/"
    assert document["@type"] == "dcat:Catalog"
    assert document["@id"].endswith("/open-data/catalogus.jsonld")
    assert document["dct:publisher"]["foaf:name"] == "Veerkracht"
    assert set(_languages(document["dct:title"])) == {"nl", "en"}


def test_every_data_set_has_the_required_properties(client, db, settings):
    settings.OPEN_DATA_PUBLISHER = "Gemeente Veerdam"
    document = _catalogue(client)
    entries = document["dcat:dataset"]
    assert len(entries) == len(datasets.DATASETS)
    for entry in entries:
        assert entry["@type"] == "dcat:Dataset"
        missing = [p for p in REQUIRED_DATASET if p not in entry]
        assert missing == [], (entry["@id"], missing)
        titles, descriptions = _languages(entry["dct:title"]), _languages(entry["dct:description"])
        assert set(titles) == set(descriptions) == {"nl", "en"}
        assert titles["nl"] != titles["en"] and descriptions["nl"] != descriptions["en"]
        assert entry["dct:license"] == {"@id": CC0}
        assert entry["dct:publisher"]["foaf:name"] == "Gemeente Veerdam"
        assert entry["dct:accrualPeriodicity"]["@id"].startswith(
            "http://publications.europa.eu/resource/authority/frequency/"
        )
        assert entry["dcat:theme"]["@id"].startswith("http://standaarden.overheid.nl/owms/terms/")
        assert entry["dct:modified"]["@type"] == "xsd:date"
        assert {d["dcat:mediaType"]["@id"] for d in entry["dcat:distribution"]} == set(MEDIA)


def test_every_download_address_answers_with_its_media_type(client, db, settings):
    settings.SITE_URL = "https://veerkracht.example.nl"
    document = _catalogue(client)
    checked = 0
    for entry in document["dcat:dataset"]:
        for distribution in entry["dcat:distribution"]:
            url = distribution["dcat:downloadURL"]["@id"]
            assert url.startswith("https://veerkracht.example.nl/open-data/")
            response = client.get(urlsplit(url).path)
            assert response.status_code == 200, url
            expected = MEDIA[distribution["dcat:mediaType"]["@id"]]
            assert response["Content-Type"].split(";")[0] == expected, url
            body = b"".join(response.streaming_content).decode("utf-8")
            if expected == "application/json":
                assert isinstance(json.loads(body)["records"], list)
            else:
                assert body.startswith("\ufeff")
            checked += 1
    assert checked == 2 * len(datasets.DATASETS)


def test_the_catalogue_takes_a_bounded_number_of_queries(client, db, django_assert_max_num_queries):
    with django_assert_max_num_queries(len(datasets.DATASETS) + 2):
        _catalogue(client)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_overview_page_lists_every_data_set(client, db, settings, language):
    settings.OPEN_DATA_PUBLISHER = "Gemeente Veerdam"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/open-data/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/open-data/catalogus.jsonld"' in html
    assert "Creative Commons Zero 1.0 (CC0 1.0)" in html and "Gemeente Veerdam" in html
    expected = {
        "nl": ("Open data", "Publiceerder", "Actualisatie", "Innovatieagenda’s: downloaden als </span>CSV"),
        "en": ("Open data", "Publisher", "Update frequency", "Innovation agendas: download as </span>CSV"),
    }[language]
    for text in expected:
        assert text in html, text
    for dataset in datasets.DATASETS:
        assert f'href="/open-data/{dataset.slug}.csv"' in html
        assert f'href="/open-data/{dataset.slug}.json"' in html
    # the footer of every page links to it
    assert 'href="/open-data/"' in client.get("/").content.decode()
