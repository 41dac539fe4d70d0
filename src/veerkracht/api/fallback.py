"""Everything under ``/api/`` that no endpoint answers: a problem document, never an HTML page."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt

from veerkracht.api.problems import PROBLEM_JSON
from veerkracht.api.views import API_VERSION


@csrf_exempt
def not_found(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(
        {
            "type": "about:blank",
            "title": "Not found",
            "status": 404,
            "detail": "There is no API endpoint at this address.",
            "instance": request.get_full_path(),
        },
        status=404,
        content_type=PROBLEM_JSON,
    )
    response["API-Version"] = API_VERSION
    return response


urlpatterns = [re_path(r"", not_found, name="api-not-found")]
