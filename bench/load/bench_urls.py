"""The product's URLs and the ceilings: bare Django views that do no work of their own (no query).

``_bench/ceiling/`` renders a template of 50 rows (the load test's ceiling for pages);
``_bench/json/`` answers the same 50 rows as JSON (the API bench's ceiling for read endpoints). The
benches measure the real pages and endpoints against them; the product's URLs do not have them.
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import include, path

ROWS = [{"number": n, "name": f"Rij {n}", "value": n * 7 % 100} for n in range(1, 51)]


def ceiling(request: HttpRequest) -> HttpResponse:
    return render(request, "bench_ceiling.html", {"rows": ROWS})


def json_ceiling(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"count": len(ROWS), "results": ROWS})


urlpatterns = [
    path("_bench/ceiling/", ceiling),
    path("_bench/json/", json_ceiling),
    path("", include("veerkracht.conf.urls")),
]

handler400 = "veerkracht.core.views.bad_request"
handler403 = "veerkracht.core.views.permission_denied"
handler404 = "veerkracht.core.views.page_not_found"
handler500 = "veerkracht.core.views.server_error"
