"""The schema check used by every API test catches what it is there to catch."""

from __future__ import annotations

import json

import pytest
from django.http import JsonResponse

from tests.api.schema import check_request, check_response, document

pytestmark = pytest.mark.django_db  # the shared fixtures set up the database


def organisation(**extra):
    row = {"slug": "x", "name": "X", "kind": "gemeente", "status": "active", "municipality": None}
    return {**row, "website": None, **extra}


def page(rows):
    link = {"href": "http://testserver/api/v1/organisaties"}
    links = {"self": link, "first": link, "last": link}
    return JsonResponse({"_links": links, "count": len(rows), "page": 1, "pageSize": 20, "results": rows})


def test_a_described_body_passes():
    check_response("GET", "/api/v1/organisaties", page([organisation()]))


def test_a_field_the_document_does_not_name_fails():
    with pytest.raises(AssertionError, match="does not match"):
        check_response("GET", "/api/v1/organisaties", page([organisation(secret="x")]))


def test_a_wrong_type_fails():
    with pytest.raises(AssertionError, match="does not match"):
        check_response("GET", "/api/v1/organisaties", page([organisation(municipality=3)]))


def test_an_undocumented_status_fails():
    with pytest.raises(AssertionError, match="not in the document"):
        check_response("GET", "/api/v1/organisaties", JsonResponse({}, status=418))


def test_a_request_body_with_an_undocumented_field_fails():
    body = json.dumps({"instrument": {}, "responses": [], "k": 5, "benchmark": {}}).encode()
    with pytest.raises(AssertionError, match="does not match"):
        check_request("POST", "/api/v1/monitor/scores", "application/json", body)


def test_no_compute_body_is_a_stub():
    schemas = document()["components"]["schemas"]
    problem = schemas["TeamFormationProblem"]["properties"]
    assert set(problem) == {
        "team_size", "required_skills", "max_share_per_organisation", "min_organisations", "min_residents",
        "min_hours_per_week", "leader", "include", "exclude", "candidates",
    }  # fmt: skip
    assert set(schemas["ScoreDocument"]["properties"]) == {
        "instrument", "k", "respondents", "dimensions", "gaps", "index",
    }  # fmt: skip
    every_operation = [op for item in document()["paths"].values() for op in item.values()]
    for operation in every_operation:
        for code, response in operation["responses"].items():
            assert response.get("content"), f"{operation['operationId']} {code} has no body described"
