"""Conformance of the API to its own document and the Dutch API Design Rules."""

from __future__ import annotations

import pytest

from tests.api.schema import check_response
from tests.organisations.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["/api/", "/api/v1/", "/api/v1/bestaat-niet", "/api/v2/opgaven", "/api/v1/opgaven/", "/api/x/y/z?q=1"],
)
@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_unknown_address_under_api_is_a_problem_document(client, path, method):
    response = getattr(client, method)(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"] == "1.0.0"
    body = response.json()
    assert body["status"] == 404 and body["title"] == "Not found"
    assert body["instance"] == path


def test_pages_outside_the_api_still_answer_html(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_organisation_without_municipality_matches_the_document(client):
    gemeente = OrganisationFactory(gemeente=True, slug="gemeente-x")
    OrganisationFactory(slug="welzijn-x", municipality=gemeente)
    client.force_login(UserFactory())
    response = client.get("/api/v1/organisaties")
    assert response.status_code == 200
    rows = {row["slug"]: row["municipality"] for row in response.json()["results"]}
    assert rows == {"gemeente-x": None, "welzijn-x": "gemeente-x"}
    assert {row["website"] for row in response.json()["results"]} == {None}
    check_response("GET", "/api/v1/organisaties", response)


@pytest.mark.parametrize(
    "query",
    [
        "offset=null",
        "offset=-1",
        "offset=1.5",
        "offset=",
        "offset=%EF%BC%91",
        "limit=null",
        "limit=0",
        "limit=201",
        "limit=abc",
        "limit=99999999999999999999",
    ],
)
def test_bad_paging_parameters_are_refused(client, query):
    response = client.get(f"/api/v1/opgaven?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    name = query.split("=")[0]
    assert [p["name"] for p in response.json()["invalidParams"]] == [name]


def test_good_paging_parameters_page(client):
    from tests.agenda.factories import ChallengeFactory

    first = ChallengeFactory(public=True, title="A")
    ChallengeFactory(agenda=first.agenda, published=True, title="B")
    ChallengeFactory(agenda=first.agenda, published=True, title="C")
    response = client.get("/api/v1/opgaven?limit=1&offset=1")
    assert response.status_code == 200
    assert [row["title"] for row in response.json()["results"]] == ["B"]
    assert response.json()["count"] == 3
