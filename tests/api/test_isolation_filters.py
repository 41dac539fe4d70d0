"""A list's filters are no way round isolation: every query parameter of every list in the API
document, filled with municipality B's non-public objects (its hidden challenge, agenda, objectives,
organisations) and with every value of a state, asked by a key of A and anonymously, shows none of B's
secret words and never answers 5xx. The same addresses asked by B's own key do find B's rows, so the
empty answers to A prove something. A filter this test cannot fill fails it, naming the filter, so a
new filter cannot escape (add it to ``FILLERS``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

from tests.api import isolation_governance, isolation_insight, isolation_participation
from tests.api.isolation import Side, callers, leaked, side, text_of
from tests.api.keys import bearer
from tests.api.schema import PREFIX, document
from veerkracht.agenda.workflow import Status
from veerkracht.governance.models import Objective
from veerkracht.organisations.models import Organisation

pytestmark = pytest.mark.django_db

PAGING = {"page", "pageSize", "sort"}


def _organisations(b: Side) -> list[str]:
    """B's organisations that take part in its hidden work (the hidden stakeholder, the pledger)."""
    return list(
        Organisation.objects.filter(municipality=b.gemeente)
        .exclude(pk=b.gemeente.pk)
        .values_list("slug", flat=True)
    )


#: query parameter -> the values of B that fill it (non-public objects first)
FILLERS: dict[str, Callable[[Side], list[Any]]] = {
    "opgave": lambda b: [b.hidden_challenge.slug, b.public_challenge.slug],
    "agenda": lambda b: [b.hidden_agenda.slug, b.public_challenge.agenda.slug],
    "gemeente": lambda b: [b.gemeente.slug],
    "organisatie": _organisations,
    "doel": lambda b: [o.pk for o in b.objects_of(Objective, public=False)],
    "domain": lambda b: [b.hidden_challenge.domain.code],
    "role": lambda b: ["partner"],
    "status": lambda b: [s.value for s in Status],  # the lists with an enum use the document's values
}
#: the filters that name one of B's objects: B's own key must find rows with at least one of its values
NAMES_AN_OBJECT = {"opgave", "agenda", "gemeente", "organisatie", "doel"}


def lists() -> list[tuple[str, list[dict[str, Any]]]]:
    """Every list of the document (a path without parameters) with its filters."""
    found = []
    for path, item in document()["paths"].items():
        get = item.get("get")
        if get is None or "{" in path:
            continue
        filters = [p for p in get.get("parameters", []) if p.get("in") == "query" and p["name"] not in PAGING]
        found.append((path, filters))
    return found


def values_of(parameter: dict[str, Any], b: Side) -> list[Any]:
    enum = parameter.get("schema", {}).get("enum")
    if enum:
        return list(enum)
    filler = FILLERS.get(parameter["name"])
    if filler is None:
        raise LookupError(parameter["name"])
    return filler(b)


@pytest.fixture
def world() -> tuple[Side, Side]:
    a, b = side("a"), side("b")
    for part in (isolation_governance, isolation_insight, isolation_participation):
        part.build(b)
    return a, b


def rows(response: Any) -> list[Any]:
    return response.json().get("results", []) if response.status_code == 200 else []


@pytest.mark.parametrize("path,filters", lists(), ids=[path for path, _ in lists()])
def test_no_filter_of_a_list_shows_b_to_a(path, filters, world):
    a, b = world
    who = callers(a, b)
    problems: list[str] = []
    for parameter in filters:
        name = parameter["name"]
        try:
            values = values_of(parameter, b)
        except LookupError:
            problems.append(f"{path}: no filling for its filter {name!r}; add one to FILLERS")
            continue
        assert values, f"{path}: the world has nothing of B for {name!r}"
        found_by_b = False
        for value in values:
            url = f"{PREFIX}{path}?{urlencode({name: value, 'pageSize': 100})}"
            for caller, headers in (("A's key", bearer(who.a_key)), ("anonymous", {})):
                response = Client().get(url, **headers)
                if response.status_code >= 500:
                    problems.append(f"GET {url} by {caller} answered {response.status_code}")
                    continue
                words = leaked(text_of(response, url), b.secret_words)
                if words:
                    problems.append(f"GET {url} by {caller} shows B's {words}")
            found_by_b = found_by_b or bool(rows(Client().get(url, **bearer(who.b_key))))
        if name in NAMES_AN_OBJECT and not found_by_b:
            problems.append(
                f"{path}?{name}=…: B's own key finds no row for any of B's values, so A's empty answer "
                "proves nothing (fix the world or FILLERS)"
            )
    assert not problems, "\n".join(problems)


def test_the_check_sees_a_leak_through_a_filter(world):
    """The check is not blind: B's own key, filtering on its hidden challenge, is shown B's secret words
    (a key of A getting the same answer would fail the test above)."""
    a, b = world
    who = callers(a, b)
    url = f"{PREFIX}/doelen?{urlencode({'opgave': b.hidden_challenge.slug})}"
    assert leaked(text_of(Client().get(url, **bearer(who.b_key)), url), b.secret_words)
    assert not leaked(text_of(Client().get(url, **bearer(who.a_key)), url), b.secret_words)
