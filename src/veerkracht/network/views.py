"""The partner network of a municipality or a region (all years, or one chosen year: ``?jaar=2025``)
and of the whole installation: picture, tables, density per year and the "who is missing" hints, from
the latest finished computation; a button queues a new one and the page shows its progress (refresh to
follow: no script, no automatic refresh)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from veerkracht.core.permissions import require
from veerkracht.network import presentation, selectors, services
from veerkracht.network.models import JobStatus, NetworkJob, Scope
from veerkracht.organisations.models import Kind, Organisation, Region

PAGE_SIZE = 50


def _owner(slug: str) -> tuple[str, Organisation | Region]:
    region = Region.objects.filter(slug=slug).first()
    if region is not None:
        return Scope.REGION, region
    municipality = Organisation.objects.filter(slug=slug, kind=Kind.GEMEENTE).first()
    if municipality is None:
        raise Http404
    return Scope.MUNICIPALITY, municipality


def _jobs(
    scope: str, owner: Organisation | Region | None, year: int | None = None
) -> tuple[NetworkJob | None, NetworkJob | None]:
    fields = {} if owner is None else {"region" if scope == Scope.REGION else "municipality": owner}
    jobs = NetworkJob.objects.filter(scope=scope, year=year, **fields)
    done = jobs.filter(status=JobStatus.DONE).order_by("-finished_at", "-pk").first()
    latest = jobs.order_by("-created_at", "-pk").first()
    return done, latest


def _year(value: object) -> int | None:
    """A year from the query string or the form (None: all years; nonsense is ignored)."""
    try:
        year = int(str(value))
    except (TypeError, ValueError):
        return None
    return year if 1900 <= year <= 2999 else None


@require_http_methods(["GET", "POST"])
def network(request: HttpRequest, slug: str) -> HttpResponse:
    scope, owner = _owner(slug)
    require(request, "network.view_network", owner, hide=True)
    if request.method == "POST":
        require(request, "network.compute_network", owner)
        year = _year(request.POST.get("jaar"))
        services.network_request(scope=scope, owner=owner, by=request.user, year=year)
        url = reverse("network:network", kwargs={"slug": slug})
        return redirect(f"{url}?jaar={year}" if year else url)
    done_all, latest_all = _jobs(scope, owner)
    all_years = presentation.network_view(done_all, title=_title(owner)) if done_all else None
    years = [y.year for y in all_years.measures.years] if all_years else []
    year = _year(request.GET.get("jaar"))
    if year is not None and year not in years:
        year = None
    if year is None:
        done, latest, view = done_all, latest_all, all_years
    else:
        done, latest = _jobs(scope, owner, year)
        view = presentation.network_view(done, title=_title(owner, year)) if done else None
    context: dict[str, object] = {
        "owner": owner,
        "scope": scope,
        "done": done,
        "latest": latest,
        "year": year,
        "years": years,
        "year_rows": all_years.measures.years if all_years else [],
        "missing": selectors.missing_kinds(scope, owner),
    }
    if view is not None:
        context["view"] = view
        context["page"] = Paginator(view.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "network/network.html", context)


def _title(owner: Organisation | Region, year: int | None = None) -> str:
    if year is None:
        return _("Partner network of %(name)s") % {"name": owner.name}
    return _("Partner network of %(name)s in %(year)s") % {"name": owner.name, "year": year}


@require_http_methods(["GET", "POST"])
def national(request: HttpRequest) -> HttpResponse:
    """The network of the whole installation: every agenda's public challenges. Sampled brokerage;
    a picture only when the network is small enough to draw and read."""
    require(request, "network.view_national", None, hide=True)
    if request.method == "POST":
        require(request, "network.compute_national", None)
        services.network_request(scope=Scope.NATIONAL, owner=None, by=request.user)
        return redirect("network:national")
    done, latest = _jobs(Scope.NATIONAL, None)
    context: dict[str, object] = {
        "done": done,
        "latest": latest,
        "picture_limit": services.NATIONAL_PICTURE_LIMIT,
    }
    if done is not None:
        context["view"] = presentation.network_view(
            done, title=_("The national partner network"), picture_limit=services.NATIONAL_PICTURE_LIMIT
        )
    return render(request, "network/national.html", context)
