"""Headers and errors of every response under ``/api/``, whichever view (or none) answered.

- ``API-Version`` with the full version (Dutch API Design Rules, API-57), also on errors;
- security headers for a JSON API (no sniffing, no framing, no caching of answers that may be
  personal, a content policy that allows nothing to load);
- ``Access-Control-Allow-Origin: *`` on the OpenAPI document, which anyone may read;
- an unhandled exception becomes a 500 problem document instead of the HTML error page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from veerkracht.api.problems import PROBLEM_JSON, problem_body

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
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX):
            return response
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
        logger.exception("Unhandled error at %s", request.path, exc_info=exception)
        body = problem_body(
            status=500,
            title="Internal server error",
            detail="Something went wrong on our side; it has been logged.",
            instance=request.get_full_path(),
        )
        return JsonResponse(body, status=500, content_type=PROBLEM_JSON)
