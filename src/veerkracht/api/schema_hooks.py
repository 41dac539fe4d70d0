"""Additions to the generated OpenAPI document that hold for every operation."""

from __future__ import annotations

from typing import Any

API_VERSION_HEADER = {
    "description": "The full version of the API that answered (semantic versioning).",
    "schema": {"type": "string", "pattern": r"^\d+\.\d+\.\d+$"},
    "required": True,
}


def add_common_headers(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Every response, errors included, carries ``API-Version`` (API-57)."""
    for item in result.get("paths", {}).values():
        for operation in item.values():
            for response in operation.get("responses", {}).values():
                response.setdefault("headers", {})["API-Version"] = API_VERSION_HEADER
    return result
