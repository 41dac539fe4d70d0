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
