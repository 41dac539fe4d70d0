"""The partner network of a municipality or a region: picture, table, density per year and the
"who is missing" hints, from the latest finished computation; a button queues a new one and the
page shows its progress (refresh to follow: no script, no automatic refresh)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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


def _jobs(scope: str, owner: Organisation | Region) -> tuple[NetworkJob | None, NetworkJob | None]:
    field = "region" if scope == Scope.REGION else "municipality"
    jobs = NetworkJob.objects.filter(scope=scope, year__isnull=True, **{field: owner})
    done = jobs.filter(status=JobStatus.DONE).order_by("-finished_at", "-pk").first()
    latest = jobs.order_by("-created_at", "-pk").first()
    return done, latest


@require_http_methods(["GET", "POST"])
def network(request: HttpRequest, slug: str) -> HttpResponse:
    scope, owner = _owner(slug)
    require(request, "network.view_network", owner, hide=True)
    if request.method == "POST":
        require(request, "network.compute_network", owner)
        services.network_request(scope=scope, owner=owner, by=request.user)
        return redirect("network:network", slug=slug)
    done, latest = _jobs(scope, owner)
    context: dict[str, object] = {
        "owner": owner,
        "scope": scope,
        "done": done,
        "latest": latest,
        "missing": selectors.missing_kinds(scope, owner),
    }
    if done is not None:
        view = presentation.network_view(done, title=_("Partner network of %(name)s") % {"name": owner.name})
        context["view"] = view
        context["page"] = Paginator(view.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "network/network.html", context)
