"""Exporting a plan version: its exports with the buttons to start one (POST), an export's page with
its progress (htmx refreshes the status; without script, a refresh link), and the download. Who may do
what follows the version (``plans.export_version``, ``plans.view_export``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from veerkracht.core.permissions import require
from veerkracht.plans import exports
from veerkracht.plans.forms_export import ExportForm
from veerkracht.plans.models import ExportState, PlanExport
from veerkracht.plans.version_models import PlanVersion

LIST_SIZE = 20


def _version(request: HttpRequest, slug: str, number: int) -> PlanVersion:
    version = get_object_or_404(
        PlanVersion.objects.select_related("challenge__agenda", "challenge__lead_municipality").defer(
            "document", "inputs"
        ),
        challenge__slug=slug,
        number=number,
    )
    require(request, "plans.export_version", version, hide=True)
    return version


def _export(request: HttpRequest, pk: int) -> PlanExport:
    export = get_object_or_404(
        PlanExport.objects.select_related(
            "challenge__agenda", "challenge__lead_municipality", "version__challenge"
        ).defer("document", "version__document", "version__inputs"),
        pk=pk,
    )
    require(request, "plans.view_export", export, hide=True)
    return export


@login_required
@require_http_methods(["GET", "POST"])
def export_list(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """A version's exports, and the start of a new one (the buttons on the plan's page post here)."""
    version = _version(request, slug, number)
    form = ExportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            export, _new = exports.export_start(
                version=PlanVersion.objects.select_related("challenge").get(pk=version.pk),
                file_format=form.cleaned_data["format"],
                by=request.user,
            )
            return redirect("plans:export", pk=export.pk)
        status = 400
    items = list(
        PlanExport.objects.filter(version=version)
        .select_related("created_by")
        .defer("document")
        .order_by("-created_at", "-pk")[:LIST_SIZE]
    )
    return render(
        request,
        "plans/exports.html",
        {"challenge": version.challenge, "version": version, "form": form, "exports": items},
        status=status,
    )


@login_required
@require_GET
def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    export = _export(request, pk)
    return render(
        request,
        "plans/export.html",
        {"export": export, "challenge": export.challenge, "version": export.version},
    )


@login_required
@require_GET
def export_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The status block alone, for htmx to swap in while the export runs."""
    export = _export(request, pk)
    return render(request, "plans/includes/export_status.html", {"export": export})


@login_required
@require_GET
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    export = _export(request, pk)
    if export.state != ExportState.DONE or not export.file:
        raise Http404
    name = str(export.file.name).rsplit("/", 1)[-1]
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=exports.CONTENT_TYPES[export.format],
    )
