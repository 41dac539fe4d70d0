"""Headers and errors of every response under ``/api/``, whichever view (or none) answered.

- ``API-Version`` with the full version (Dutch API Design Rules, API-57), also on errors;
- security headers for a JSON API (no sniffing, no framing, no caching of answers that may be
  personal, a content policy that allows nothing to load);
- ``Access-Control-Allow-Origin: *`` on the OpenAPI document, which anyone may read;
- an unhandled exception becomes a 500 problem document instead of the HTML error page;
- an unreachable database becomes a 503 problem document with ``Retry-After`` (``core.unavailable``),
  whether a view or a middleware found out.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from veerkracht.api.problems import PROBLEM_JSON, problem_body
from veerkracht.core import unavailable

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"
API_VERSION = str(settings.SPECTACULAR_SETTINGS["VERSION"])
OPEN_DOCUMENTS = ("/api/v1/openapi.json", "/api/v1/openapi.yaml")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class ApiHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX) and (refused := nul_in_query(request)) is not None:
            response = refused
        else:
            response = self.get_response(request)
        if not request.path.startswith(API_PREFIX):
            return response
        if getattr(response, unavailable.MARK, False):
            response = database_unavailable(request)
        response["API-Version"] = API_VERSION
        for name, value in SECURITY_HEADERS.items():
            response[name] = value
        if request.path in OPEN_DOCUMENTS:
            response["Access-Control-Allow-Origin"] = "*"
            response["Cache-Control"] = "public, max-age=300"
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path.startswith(API_PREFIX):
            return None
        if unavailable.is_unavailable(exception):
            logger.warning("Database unavailable at %s: %s", request.path, str(exception).strip()[:200])
            return database_unavailable(request)
        logger.exception("Unhandled error at %s", request.path, exc_info=exception)
        body = problem_body(
            status=500,
            title="Internal server error",
            detail="Something went wrong on our side; it has been logged.",
            instance=request.get_full_path(),
        )
        return JsonResponse(body, status=500, content_type=PROBLEM_JSON)


def nul_in_query(request: HttpRequest) -> HttpResponse | None:
    """A 400 problem naming each query parameter that holds a NUL character (no text column of
    PostgreSQL can hold one, so a filter on it would fail in the database); None when there is none."""
    bad = sorted(
        {name for name, values in request.GET.lists() if "\x00" in name or any("\x00" in v for v in values)}
    )
    if not bad:
        return None
    body = problem_body(
        status=400,
        detail="A query parameter holds a NUL character.",
        instance=request.get_full_path().replace("\x00", "%00"),
    )
    body["invalidParams"] = [
        {"name": name.replace("\x00", "%00"), "reason": "must not contain a NUL character"} for name in bad
    ]
    return JsonResponse(body, status=400, content_type=PROBLEM_JSON)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    body = problem_body(
        status=503,
        title="Service unavailable",
        detail="The database cannot be reached for a moment; nothing of this request was saved. "
        "Try again after the number of seconds in Retry-After.",
        instance=request.get_full_path(),
    )
    response = JsonResponse(body, status=503, content_type=PROBLEM_JSON)
    response["Retry-After"] = str(unavailable.RETRY_AFTER_SECONDS)
    return response
