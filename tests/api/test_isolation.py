"""A key of municipality A never sees B's non-public data, and never writes to B's data, on any
endpoint of the document. Every path in docs/openapi.yaml must be listed here (a new endpoint without
an isolation case fails the last test)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from tests.agenda.factories import AgendaFactory, ChallengeFactory, StakeholderFactory
from tests.api import isolation_governance, isolation_insight, isolation_participation
from tests.api.keys import bearer, make_key
from tests.api.schema import document
from tests.governance.objective_world import make_objective
from tests.organisations.factories import OrganisationFactory
from veerkracht.governance.models import Measurement

pytestmark = pytest.mark.django_db


@dataclass
class Side:
    """One municipality's world. The part modules (``tests/api/isolation_*.py``) add their own
    non-public objects on the hidden challenge when asked for addresses, and append what must never
    leak to ``secret_words``."""

    gemeente: Any
    public_challenge: Any
    hidden_challenge: Any
    hidden_agenda: Any
    hidden_indicator: Any
    public_indicator: Any
    secret_words: list[str]


def side(name: str) -> Side:
    gemeente = OrganisationFactory(gemeente=True, slug=f"gemeente-{name}", name=f"Gemeente {name}")
    public = ChallengeFactory(public=True, agenda__municipality=gemeente, slug=f"open-{name}")
    hidden_agenda = AgendaFactory(
        municipality=gemeente, slug=f"verborgen-agenda-{name}", title=f"Geheim {name}"
    )
    hidden = ChallengeFactory(
        agenda=hidden_agenda, slug=f"verborgen-{name}", title=f"Verborgen opgave {name}"
    )
    partner = OrganisationFactory(
        slug=f"stille-partner-{name}", name=f"Stille partner {name}", municipality=gemeente
    )
    StakeholderFactory(challenge=hidden, organisation=partner)
    StakeholderFactory(challenge=public, organisation=OrganisationFactory(slug=f"open-partner-{name}"))
    return Side(
        gemeente=gemeente,
        public_challenge=public,
        hidden_challenge=hidden,
        hidden_agenda=hidden_agenda,
        hidden_indicator=make_objective(hidden).indicators.get(),
        public_indicator=make_objective(public).indicators.get(),
        secret_words=[hidden.slug, hidden.title, hidden_agenda.slug, hidden_agenda.title],
    )


@pytest.fixture
def world():
    return side("a"), side("b")


# The GET addresses of every path in the document, filled in with B's non-public objects.
def get_addresses(b: Side) -> dict[str, str]:
    return {
        "/agendas": "/api/v1/agendas?pageSize=100",
        "/agendas/{slug}": f"/api/v1/agendas/{b.hidden_agenda.slug}",
        "/opgaven": "/api/v1/opgaven?pageSize=100",
        "/opgaven/{slug}": f"/api/v1/opgaven/{b.hidden_challenge.slug}",
        "/organisaties": "/api/v1/organisaties?pageSize=100",
        "/belanghebbenden": "/api/v1/belanghebbenden?pageSize=100",
        "/teamvorming/{job_id}": "/api/v1/teamvorming/00000000-0000-0000-0000-000000000000",
        **isolation_governance.addresses(b),
        **isolation_insight.addresses(b),
        **isolation_participation.addresses(b),
    }


POST_ONLY = {
    "/teamvorming",
    "/monitor/scores",
    *isolation_governance.POST_ONLY,
    *isolation_insight.POST_ONLY,
    *isolation_participation.POST_ONLY,
}


def test_every_read_of_a_key_of_a_holds_nothing_non_public_of_b(client, world):
    a, b = world
    _, secret = make_key(a.gemeente)
    for template, address in get_addresses(b).items():
        response = client.get(address, **bearer(secret))
        body = response.json()
        body.pop("instance", None)  # a problem document names the address that was asked for
        text = json.dumps(body, ensure_ascii=False)
        for word in b.secret_words:
            assert word not in text, f"{template}: {word!r} of municipality B leaked"
        if "{" in template:
            assert response.status_code in (403, 404), template


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


@pytest.mark.parametrize("which", ["hidden_indicator", "public_indicator"])
def test_a_key_of_a_never_writes_to_b(client, world, which):
    a, b = world
    _, secret = make_key(a.gemeente)
    indicator = getattr(b, which)
    response = client.post(
        f"/api/v1/indicatoren/{indicator.pk}/metingen",
        json.dumps({"date": "2026-06-30", "value": "1"}),
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == (404 if which == "hidden_indicator" else 403)
    assert not Measurement.objects.exists()


def test_every_path_of_the_document_has_an_isolation_case(world):
    _, b = world
    covered = set(get_addresses(b)) | POST_ONLY
    assert set(document()["paths"]) == covered
