"""Everything under ``/api/`` that no endpoint answers — a trailing slash included: a problem
document, never an HTML page and never a redirect."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt

from veerkracht.api.problems import PROBLEM_JSON, problem_body


@csrf_exempt
def not_found(request: HttpRequest) -> JsonResponse:
    detail = "There is no API endpoint at this address."
    if request.path.endswith("/"):
        detail += " Addresses in this API never end in a slash."
    body = problem_body(status=404, title="Not found", detail=detail, instance=request.get_full_path())
    return JsonResponse(body, status=404, content_type=PROBLEM_JSON)


urlpatterns = [re_path(r"", not_found, name="api-not-found")]
