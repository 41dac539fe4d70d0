"""Conformance of the API to its own document and the Dutch API Design Rules."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

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
        "page=null",
        "page=-1",
        "page=0",
        "page=1.5",
        "page=",
        "page=%EF%BC%91",
        "pageSize=null",
        "pageSize=0",
        "pageSize=101",
        "pageSize=abc",
        "pageSize=99999999999999999999",
        "sort=slug",
        "sort=--title",
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
    response = client.get("/api/v1/opgaven?pageSize=1&page=2")
    assert response.status_code == 200
    body = response.json()
    assert [row["title"] for row in body["results"]] == ["B"]
    assert (body["count"], body["page"], body["pageSize"]) == (3, 2, 1)
    links = {}
    for name, link in body["_links"].items():
        url = urlsplit(link["href"])
        links[name] = (url.path, dict(parse_qsl(url.query)))
    path = "/api/v1/opgaven"
    assert links == {
        "self": (path, {"pageSize": "1", "page": "2"}),
        "first": (path, {"pageSize": "1"}),
        "prev": (path, {"pageSize": "1"}),
        "next": (path, {"pageSize": "1", "page": "3"}),
        "last": (path, {"pageSize": "1", "page": "3"}),
    }
    descending = client.get("/api/v1/opgaven?sort=-title").json()["results"]
    assert [row["title"] for row in descending] == ["C", "B", "A"]
    past_the_end = client.get("/api/v1/opgaven?pageSize=2&page=9").json()
    assert past_the_end["results"] == [] and "next" not in past_the_end["_links"]
