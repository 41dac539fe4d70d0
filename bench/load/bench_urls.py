"""The product's URLs and the ceiling: a bare Django view rendering a template of 50 rows.

The ceiling is what this server, with the product's middleware, does when a page does no work of its
own (no query): the load test measures the real pages against it.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path

ROWS = [{"number": n, "name": f"Rij {n}", "value": n * 7 % 100} for n in range(1, 51)]


def ceiling(request: HttpRequest) -> HttpResponse:
    return render(request, "bench_ceiling.html", {"rows": ROWS})


urlpatterns = [
    path("_bench/ceiling/", ceiling),
    path("", include("veerkracht.conf.urls")),
]

handler400 = "veerkracht.core.views.bad_request"
handler403 = "veerkracht.core.views.permission_denied"
handler404 = "veerkracht.core.views.page_not_found"
handler500 = "veerkracht.core.views.server_error"
