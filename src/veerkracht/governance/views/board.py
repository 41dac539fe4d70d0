from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern

from veerkracht.core.views import part_page


def index(request: HttpRequest) -> HttpResponse:
    """Part d's start page: the board's overview for a bestuurder; the introduction for others."""
    return part_page(request, key="besturen")


urlpatterns: list[URLPattern] = []
