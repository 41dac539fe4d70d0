"""Check API responses against the committed OpenAPI document (docs/openapi.yaml).

Every response of the test client under /api/v1/ must be described there: its status code, its
content type and its body. Objects are checked closed (no property the document does not name), so
a body the document only sketches fails here.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import yaml

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "openapi.yaml"
PREFIX = "/api/v1"  # the document's server; its paths are relative to it
NOT_DESCRIBED = (f"{PREFIX}/openapi.yaml", f"{PREFIX}/openapi.json")


@functools.cache
def document() -> dict[str, Any]:
    return yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))


@functools.cache
def _operations() -> list[tuple[re.Pattern[str], dict[str, Any]]]:
    found = []
    for template, item in document()["paths"].items():
        pattern = re.escape(template)
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", pattern)
        found.append((re.compile(f"^{pattern}$"), item))
    return found


def _to_json_schema(node: Any) -> Any:
    """OpenAPI 3.0 schema objects → JSON Schema: ``nullable`` becomes a null alternative, object
    schemas with named properties are closed, ``$ref`` points into the document."""
    if isinstance(node, list):
        return [_to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _to_json_schema(value) for key, value in node.items() if key not in ("example", "examples")}
    if "$ref" in out:
        out["$ref"] = "#/definitions/" + out["$ref"].rsplit("/", 1)[-1]
    if "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    if out.pop("nullable", False):
        return {"anyOf": [out, {"type": "null"}]}
    return out


@functools.cache
def _definitions() -> dict[str, Any]:
    schemas = document()["components"]["schemas"]
    return {name: _to_json_schema(schema) for name, schema in schemas.items()}


def _relative(path: str) -> str:
    return path.removeprefix(PREFIX) if path.startswith(PREFIX + "/") else path


def _operation(method: str, path: str) -> dict[str, Any] | None:
    path = _relative(path)
    for pattern, item in _operations():
        if pattern.match(path):
            return item.get(method.lower())
    return None


def _validate(body: Any, schema: dict[str, Any], what: str) -> None:
    converted = _to_json_schema(copy.deepcopy(schema))
    converted["definitions"] = _definitions()
    validator = jsonschema.Draft7Validator(converted, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    assert not errors, f"{what} does not match the document:\n" + "\n".join(
        f"  at {list(e.absolute_path)}: {e.message[:300]}" for e in errors[:10]
    )


def check_request(method: str, path: str, content_type: str, raw: bytes) -> None:
    """An accepted JSON body must be described by the document (closed objects, so no field the
    document does not name)."""
    operation = _operation(method, path)
    if operation is None or not raw or not content_type.startswith("application/json"):
        return
    content = operation.get("requestBody", {}).get("content", {})
    assert "application/json" in content, f"{method} {path}: the document describes no JSON body"
    _validate(json.loads(raw), content["application/json"]["schema"], f"the body of {method} {path}")


def response_schema(method: str, path: str, status: int, content_type: str) -> dict[str, Any] | None:
    """The JSON schema for this response; AssertionError when the document does not describe it."""
    operation = None
    path = _relative(path)
    for pattern, item in _operations():
        if pattern.match(path):
            operation = item.get(method.lower())
            break
    if operation is None:
        # Addresses without an endpoint answer 404 problem documents (checked in the tests).
        assert status in (404, 405), f"{method} {path} answered {status} but is not in the document"
        return None
    responses = operation.get("responses", {})
    described = responses.get(str(status))
    assert described is not None, f"{method} {path}: status {status} is not in the document"
    media = content_type.split(";")[0].strip()
    content = described.get("content", {})
    if not content:
        return None
    assert media in content, f"{method} {path} {status}: {media} is not in the document ({list(content)})"
    schema = copy.deepcopy(content[media].get("schema", {}))
    converted = _to_json_schema(schema)
    converted["definitions"] = _definitions()
    return converted


def check_response(method: str, path: str, response: Any) -> None:
    if not path.startswith(PREFIX) or path in NOT_DESCRIBED:
        return
    content_type = response.get("Content-Type", "")
    schema = response_schema(method, path, response.status_code, content_type)
    if schema is None or not response.content:
        return
    body = json.loads(response.content)
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
    assert not errors, f"{method} {path} {response.status_code}: the body does not match the document:\n" + (
        "\n".join(f"  at {list(e.absolute_path)}: {e.message[:300]}" for e in errors[:10])
    )
