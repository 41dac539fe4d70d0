"""The Dutch API Design Rules (NLGov REST API Design Rules) as tests: over the generated document
(docs/openapi.yaml, itself checked for drift in test_api.py) and over live answers. docs/api/rules.md
lists every rule, how it is met and which test here checks it."""

from __future__ import annotations

import re

import pytest
import yaml
from django.core.cache import cache

from tests.api.keys import bearer, make_key
from tests.api.schema import document
from tests.organisations.factories import OrganisationFactory
from veerkracht.api import throttles

pytestmark = pytest.mark.django_db

KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CAMEL = re.compile(r"^[a-z][a-zA-Z0-9]*$")
# Collections are Dutch plural nouns; the computations are named for what they do (ADR 0011 explains).
COLLECTIONS = {
    "agendas",
    "opgaven",
    "organisaties",
    "belanghebbenden",
    "indicatoren",
    "metingen",
    "teams",
    "pilots",
    "lessen",
    "doelen",
    "besluiten",
}
COLLECTIONS |= {"ideeen", "bijeenkomsten", "bijdragen", "realisaties"}
COMPUTATIONS = {"teamvorming", "monitor", "scores"}


def operations():
    for path, item in document()["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def resolved_schema(media):
    schema = media["schema"]
    if "$ref" in schema:
        return document()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


# --- over the document -----------------------------------------------------------------------------


def test_api_48_no_path_ends_in_a_slash():
    assert all(not path.endswith("/") for path in document()["paths"])


def test_api_05_54_paths_are_kebab_case_nouns_and_collections_plural():
    for path in document()["paths"]:
        segments = [s for s in path.split("/") if s and not s.startswith("{")]
        for segment in segments:
            assert KEBAB.match(segment), f"{path}: {segment} is not kebab-case"
            assert segment in COLLECTIONS | COMPUTATIONS, (
                f"{path}: {segment} is neither a collection nor explained"
            )


def test_api_20_the_major_version_is_in_servers_and_only_the_major():
    servers = [server["url"] for server in document()["servers"]]
    assert servers == ["/api/v1"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", document()["info"]["version"])  # API-56 semantic versioning
    assert document()["info"]["version"].split(".")[0] == "1"


def test_api_16_the_document_is_openapi_3():
    assert document()["openapi"].startswith("3.")


def test_api_57_every_response_documents_the_version_header():
    for path, method, operation in operations():
        for code, response in operation["responses"].items():
            assert "API-Version" in response.get("headers", {}), f"{method} {path} {code}"


def test_every_error_is_a_problem_document():
    for path, method, operation in operations():
        for code, response in operation["responses"].items():
            if int(code) < 400:
                continue
            assert list(response["content"]) == ["application/problem+json"], f"{method} {path} {code}"
            problem = resolved_schema(response["content"]["application/problem+json"])
            assert {"type", "title", "status", "detail"} <= set(problem["required"])
            assert "invalidParams" in problem["properties"]


def test_every_operation_with_input_documents_400_and_every_operation_500():
    for path, method, operation in operations():
        assert "500" in operation["responses"], f"{method} {path}"
        if operation.get("parameters") or operation.get("requestBody"):
            query = [p for p in operation.get("parameters", []) if p["in"] in ("query", "header")]
            if query or operation.get("requestBody"):
                assert "400" in operation["responses"], f"{method} {path}"


def test_query_parameters_are_camel_case():
    for path, method, operation in operations():
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "query":
                assert CAMEL.match(parameter["name"]), f"{method} {path}: {parameter['name']}"


def test_every_list_has_the_one_pagination_scheme_with_bounds_and_documented_sorting():
    lists = set()
    for path, method, operation in operations():
        body = operation["responses"].get("200", {}).get("content", {}).get("application/json")
        if method != "get" or body is None:
            continue
        schema = resolved_schema(body)
        if "results" not in schema.get("properties", {}):
            continue
        lists.add(path)
        parameters = {p["name"]: p for p in operation["parameters"]}
        assert parameters["page"]["schema"]["minimum"] == 1
        assert parameters["pageSize"]["schema"] == {
            "type": "integer",
            "minimum": 1,
            "maximum": 100,
            "default": 20,
        }
        assert set(schema["required"]) == {"_links", "count", "page", "pageSize", "results"}
        assert parameters["sort"]["schema"]["enum"], f"{path}: sorting not documented"
        assert parameters["sort"]["description"]
    known = {"/agendas", "/opgaven", "/organisaties", "/belanghebbenden", "/metingen", "/teams", "/pilots"}
    assert (
        known
        | {"/lessen", "/doelen", "/indicatoren", "/besluiten"}
        | {"/ideeen", "/bijeenkomsten", "/bijdragen"}
        <= lists
    )


def test_writes_document_the_idempotency_key_and_422():
    for path, method, operation in operations():
        if method == "post" and path.startswith(("/indicatoren", "/bijdragen")):
            names = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
            assert "Idempotency-Key" in names
            assert "422" in operation["responses"]


def test_authentication_is_documented():
    schemes = document()["components"]["securitySchemes"]
    assert schemes["apiKey"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["apiKey"]["description"],
    }


# --- over live answers -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/openapi.json", "/api/v1/openapi.yaml"])
def test_api_51_the_document_is_public_with_cors(client, path):
    response = client.get(path, HTTP_ORIGIN="https://elders.example")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["API-Version"] == "1.0.0"
    parsed = yaml.safe_load(response.content)  # JSON is YAML too
    assert parsed["servers"][0]["url"] == "/api/v1" and parsed["info"]["title"] == "Veerkracht API"
    media = response["Content-Type"].split(";")[0]
    assert media == (
        "application/vnd.oai.openapi+json" if path.endswith("json") else "application/vnd.oai.openapi"
    )


def test_api_48_a_trailing_slash_is_404_without_a_redirect(client):
    response = client.get("/api/v1/agendas/")
    assert response.status_code == 404
    assert "Location" not in response
    assert response["Content-Type"] == "application/problem+json"
    assert "slash" in response.json()["detail"]


def test_api_57_and_problem_details_on_every_kind_of_answer(client, monkeypatch):
    _, secret = make_key(OrganisationFactory(gemeente=True), ["agendas:read"])
    answers = {
        200: client.get("/api/v1/agendas"),
        400: client.get("/api/v1/agendas?pageSize=0"),
        401: client.get("/api/v1/organisaties"),
        403: client.get("/api/v1/organisaties", **bearer(secret)),
        404: client.get("/api/v1/opgaven/bestaat-niet"),
        405: client.delete("/api/v1/opgaven"),
    }
    cache.clear()
    monkeypatch.setattr(throttles, "ANONYMOUS_RATE", "1/min")
    client.get("/api/v1/opgaven")
    answers[429] = client.get("/api/v1/opgaven")
    for status, response in answers.items():
        assert response.status_code == status
        assert response["API-Version"] == "1.0.0", status
        if status >= 400:
            assert response["Content-Type"] == "application/problem+json", status
            body = response.json()
            assert (
                body["status"] == status
                and body["title"]
                and body["detail"]
                and body["type"] == "about:blank"
            )
    assert answers[400].json()["invalidParams"] == [
        {"name": "pageSize", "reason": "must be a whole number from 1 to 100"}
    ]
    assert int(answers[429]["Retry-After"]) > 0


def test_an_unexpected_error_is_a_500_problem_not_an_html_page(client, monkeypatch):
    from veerkracht.api import selectors

    def broken(request):
        raise RuntimeError("kapot")

    monkeypatch.setattr(selectors, "agendas_for", broken)
    response = client.get("/api/v1/agendas")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"] == "1.0.0"
    assert "kapot" not in response.content.decode()


def test_the_rate_limit_counts_per_client_address(client, monkeypatch, settings):
    monkeypatch.setattr(throttles, "ANONYMOUS_RATE", "2/min")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
    for _ in range(2):
        assert client.get("/api/v1/agendas", REMOTE_ADDR="10.0.0.1").status_code == 200
    assert client.get("/api/v1/agendas", REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.get("/api/v1/agendas", REMOTE_ADDR="10.0.0.2").status_code == 200


def test_security_headers_on_api_answers(client):
    for response in (client.get("/api/v1/agendas"), client.get("/api/v1/bestaat-niet")):
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
        assert response["Referrer-Policy"] == "no-referrer"
        assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("query", ["gemeente=a%00b", "sort=seq&opgave=%00", "x%00y=1"])
def test_a_nul_character_in_a_query_parameter_is_a_400_naming_it(client, query):
    """PostgreSQL's text columns hold no NUL: a filter on one would fail in the database (a 500)."""
    response = client.get(f"/api/v1/besluiten?{query}")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert response["API-Version"]
    names = [param["name"] for param in response.json()["invalidParams"]]
    expected = [part.split("=")[0].replace("%00", "\x00") for part in query.split("&") if "%00" in part]
    assert names == [name.replace("\x00", "%00") for name in sorted(expected)]
