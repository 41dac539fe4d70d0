"""The board's overview (sturen op afstand): for a bestuurder, their municipality's challenges with
each objective's status and progress (worst first), open escalations, mandate use and what waits for
them. Everyone else gets part d's introduction page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern

from veerkracht.core.permissions import require
from veerkracht.core.response_cache import session_answer
from veerkracht.core.views import part_page
from veerkracht.governance import overview

#: Challenges per page, worst first (the totals and what waits for the board are over all of them).
PAGE_SIZE = 25


@session_answer
def index(request: HttpRequest) -> HttpResponse:
    """Part d's start page: the board's overview for a bestuurder (with a chooser when they govern
    more than one municipality: ``?gemeente=slug``); the introduction for others."""
    municipalities = overview.board_municipalities(request.user)
    if not municipalities:
        return part_page(request, key="besturen")
    slug = request.GET.get("gemeente", "")
    if slug:
        municipality = next((m for m in municipalities if m.slug == slug), None)
        if municipality is None:
            raise Http404
    elif len(municipalities) == 1:
        municipality = municipalities[0]
    else:
        return render(request, "governance/board_choose.html", {"municipalities": municipalities})
    require(request, "governance.view_board", municipality, hide=True)
    data = overview.overview_for(municipality)
    page = Paginator(data.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/board.html",
        {
            "overview": data,
            "page": page,
            "querystring": f"gemeente={municipality.slug}" if len(municipalities) > 1 else "",
            "municipality": municipality,
            "municipalities": municipalities,
            "texts": overview.row_texts(),
        },
    )


urlpatterns: list[URLPattern] = []
