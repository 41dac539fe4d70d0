"""Additions to the generated OpenAPI document that hold for every operation."""

from __future__ import annotations

import copy
from typing import Any

API_VERSION_HEADER = {
    "description": "The full version of the API that answered (semantic versioning).",
    "schema": {"type": "string", "pattern": r"^\d+\.\d+\.\d+$"},
    "required": True,
}


SERVER_ERROR = {
    "description": "An error on the server's side (logged there).",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
}


def add_common_headers(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Every operation may answer 500 (as a problem document), and every response, errors included,
    carries ``API-Version`` (API-57)."""
    for item in result.get("paths", {}).values():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault("500", copy.deepcopy(SERVER_ERROR))
            for response in responses.values():
                response.setdefault("headers", {})["API-Version"] = API_VERSION_HEADER
    return result


#: Where an answer leads next (OpenAPI links): operation → (status, link name, target, parameter, value).
LINKS = {
    "agendas_list": ("200", "Agenda", "agendas_retrieve", "slug", "$response.body#/results/0/slug"),
    "opgaven_list": ("200", "Challenge", "opgaven_retrieve", "slug", "$response.body#/results/0/slug"),
    "teamvorming_create": ("202", "Job", "teamvorming_retrieve", "job_id", "$response.body#/id"),
}


def add_links(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Links from a list to its first item and from a started job to the job, so that clients (and
    stateful tests) can follow an answer to the next request."""
    for item in result.get("paths", {}).values():
        for operation in item.values():
            link = LINKS.get(operation.get("operationId", ""))
            if link is None:
                continue
            status, name, target, parameter, value = link
            response = operation["responses"][status]
            response.setdefault("links", {})[name] = {"operationId": target, "parameters": {parameter: value}}
    return result
