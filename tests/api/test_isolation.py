"""A key of municipality A never sees B's non-public data, and never writes to B's data, on any endpoint.

The endpoints are not listed here: every URL pattern under ``/api/v1/`` is taken from the URL
configuration and filled with B's objects (tests/api/isolation.py says how), so a new endpoint is
covered without editing this test. B's objects come from ``side`` and the part modules' builders
(``tests/api/isolation_*.py``); a pattern the check cannot fill fails, naming the pattern. The last
tests show that the check catches what it should, on a URL configuration with faulty endpoints
(tests/api/leaky_urls.py).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from tests.api import isolation_governance, isolation_insight, isolation_participation
from tests.api.isolation import API_PREFIX, Side, api_patterns, callers, check, leaked, side
from tests.api.keys import bearer, make_key
from tests.api.schema import document
from tests.organisations.factories import OrganisationFactory
from tests.urlwalk import walk
from veerkracht.governance.models import Indicator

pytestmark = pytest.mark.django_db

#: The builders of B's objects, one module per part of the method.
PARTS = (isolation_governance, isolation_insight, isolation_participation)
PATTERNS = api_patterns(walk())


@pytest.fixture
def world() -> tuple[Side, Side]:
    a, b = side("a"), side("b")
    for part in PARTS:
        part.build(b)
    return a, b


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.name)
def test_a_key_of_a_gets_nothing_of_b_that_is_not_public_and_writes_nothing(pattern, client, world):
    a, b = world
    problems = check(pattern, PATTERNS, b, callers(a, b), type(client))
    assert not problems, "\n".join(problems)


def test_the_walk_finds_every_path_of_the_document():
    """The check covers what the URL configuration holds; this shows that the walk misses no path of
    the document (and so no endpoint that a router or an include would hide from it)."""
    walked = {
        # the document calls a primary key ``id`` (drf-spectacular's default)
        "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", p.route.removeprefix(API_PREFIX)).replace("{pk}", "{id}")
        for p in PATTERNS
    }
    missing = sorted(set(document()["paths"]) - walked)
    assert not missing, missing


def test_secret_words_are_matched_as_words():
    assert leaked('{"slug": "verborgen-b"}', ["verborgen-b"]) == ["verborgen-b"]
    assert leaked("Verborgen opgave b.", ["Verborgen opgave b"]) == ["Verborgen opgave b"]
    assert leaked('{"slug": "verborgen-bos", "token": "xverborgen-b"}', ["verborgen-b"]) == []


def test_a_key_sees_its_own_non_public_data_and_both_public(client, world):
    a, b = world
    _, secret = make_key(a.gemeente)
    slugs = {
        row["slug"] for row in client.get("/api/v1/opgaven?pageSize=100", **bearer(secret)).json()["results"]
    }
    assert slugs == {"open-a", "verborgen-a", "open-b"}
    agendas = {
        row["slug"] for row in client.get("/api/v1/agendas?pageSize=100", **bearer(secret)).json()["results"]
    }
    assert "verborgen-agenda-a" in agendas and "verborgen-agenda-b" not in agendas
    stakes = client.get("/api/v1/belanghebbenden?pageSize=100", **bearer(secret)).json()["results"]
    assert {row["organisation"] for row in stakes} == {"stille-partner-a", "open-partner-a", "open-partner-b"}
    assert client.get(f"/api/v1/opgaven/{a.hidden_challenge.slug}", **bearer(secret)).status_code == 200


def test_anonymous_callers_see_only_public_data(client, world):
    slugs = {row["slug"] for row in client.get("/api/v1/opgaven?pageSize=100").json()["results"]}
    assert slugs == {"open-a", "open-b"}
    stakes = client.get("/api/v1/belanghebbenden?pageSize=100").json()["results"]
    assert {row["organisation"] for row in stakes} == {"open-partner-a", "open-partner-b"}


def test_a_key_of_an_organisation_without_municipality_sees_only_public_data(client, world):
    _, secret = make_key(OrganisationFactory(slug="landelijk", municipality=None, kind="kennisinstelling"))
    slugs = {
        row["slug"] for row in client.get("/api/v1/opgaven?pageSize=100", **bearer(secret)).json()["results"]
    }
    assert slugs == {"open-a", "open-b"}


# --- the check catches what it should -------------------------------------------------------------

LEAKY = "tests.api.leaky_urls"


def _problems_of_leaky(name: str, world: Any) -> list[str]:
    a, b = world
    patterns = api_patterns(walk(LEAKY))
    [pattern] = [p for p in patterns if p.name == name]
    return check(pattern, patterns, b, callers(a, b), Client)


@pytest.mark.urls(LEAKY)
def test_a_pattern_that_cannot_be_filled_fails_naming_it(world):
    problems = _problems_of_leaky("api:riddle", world)
    assert problems and all("api:riddle" in line and "'riddle'" in line for line in problems), problems


@pytest.mark.urls(LEAKY)
def test_a_list_that_shows_another_municipalitys_non_public_work_is_caught(world):
    problems = "\n".join(_problems_of_leaky("api:challenges", world))
    assert "api:challenges: GET /api/v1/opgaven by A's key shows B's" in problems
    assert "'verborgen-b'" in problems and "'Verborgen opgave b'" in problems


@pytest.mark.urls(LEAKY)
def test_a_detail_that_finds_another_municipalitys_non_public_object_is_caught(world):
    problems = "\n".join(_problems_of_leaky("api:challenge", world))
    assert "GET /api/v1/opgaven/verborgen-b by A's key answered 200" in problems
    assert "GET /api/v1/opgaven/verborgen-b by anonymous answered 200" in problems


@pytest.mark.urls(LEAKY)
def test_a_write_to_another_municipalitys_object_is_caught(world):
    _, b = world
    problems = "\n".join(_problems_of_leaky("api:indicator-name", world))
    for indicator in b.objects_of(Indicator, public=True):
        assert f"POST /api/v1/indicatoren/{indicator.pk}/naam by A's key answered 200" in problems
    assert "wrote to ['governance_indicator']" in problems
    assert "changed [<Indicator" in problems
