"""Errors as RFC 9457 problem details (application/problem+json), as the Dutch API Design Rules ask."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_JSON = "application/problem+json"


class InvalidParam(serializers.Serializer):
    name = serializers.CharField(help_text="The parameter or the place in the body, e.g. `body` or `k`.")
    reason = serializers.CharField()


class Problem(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="What went wrong, for a person to read.")
    instance = serializers.CharField(help_text="The address that was asked for.")
    invalidParams = InvalidParam(many=True, required=False, help_text="With status 400.")  # noqa: N815


PROBLEM_DESCRIPTIONS = {
    400: "Invalid input: every problem is named in `invalidParams`.",
    401: "No valid API key (or it expired or was revoked), and no session.",
    403: "Not allowed: the key lacks the scope, or the person the role.",
    404: "Not found, or not visible to the caller.",
    422: "The `Idempotency-Key` was used before with a different request.",
    429: "Too many requests; `Retry-After` says when to try again.",
}
TITLES = {
    400: "Invalid input",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    415: "Unsupported media type",
    422: "Unprocessable request",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}
DETAILS = {
    400: "The input is invalid; every problem is named in invalidParams.",
    404: "Not found, or not visible to the caller.",
}


def problem_body(*, status: int, title: str = "", detail: str = "", instance: str) -> dict[str, Any]:
    """The common members of a problem document (RFC 9457)."""
    return {
        "type": "about:blank",
        "title": title or TITLES.get(status, "Error"),
        "status": status,
        "detail": detail or DETAILS.get(status, title or TITLES.get(status, "Error")),
        "instance": instance,
    }


def problem_responses(*codes: int) -> dict[tuple[int, str], OpenApiResponse]:
    """Problem-document responses for the OpenAPI document."""
    return {
        (code, PROBLEM_JSON): OpenApiResponse(Problem, description=PROBLEM_DESCRIPTIONS[code])
        for code in codes
    }


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    data = response.data
    detail = str(data["detail"]) if isinstance(data, dict) and "detail" in data else ""
    body = problem_body(
        status=response.status_code,
        title=_title(exc, response.status_code),
        detail="" if isinstance(exc, exceptions.ValidationError | exceptions.ParseError) else detail,
        instance=request.get_full_path() if request is not None else "",
    )
    if isinstance(exc, exceptions.ValidationError):
        body["invalidParams"] = _invalid_params(data)
    elif isinstance(exc, exceptions.ParseError):
        body["invalidParams"] = [{"name": "body", "reason": str(exc.detail)}]
    response.data = body
    response.content_type = PROBLEM_JSON
    return response


def _title(exc: Exception, code: int) -> str:
    if isinstance(exc, exceptions.ValidationError | exceptions.ParseError):
        return "Invalid input"
    if isinstance(exc, Http404 | exceptions.NotFound):
        return "Not found"
    return TITLES.get(code, "Error")


def _invalid_params(data: Any, prefix: str = "") -> list[dict[str, str]]:
    params: list[dict[str, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            params.extend(_invalid_params(value, name))
    elif isinstance(data, list):
        if all(not isinstance(v, dict | list) for v in data):
            params.extend({"name": prefix or "body", "reason": str(v)} for v in data)
        else:
            for index, value in enumerate(data):
                params.extend(_invalid_params(value, f"{prefix}[{index}]"))
    else:
        params.append({"name": prefix or "body", "reason": str(data)})
    return params
