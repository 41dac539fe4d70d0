"""Exporting a challenge's plan: the list of its exports with the form to start one (POST), an
export's page with its progress (htmx refreshes the status; without script, a refresh link), and
the download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from veerkracht.agenda.models import Challenge
from veerkracht.core.permissions import require
from veerkracht.plans import exports
from veerkracht.plans.forms_export import ExportForm
from veerkracht.plans.models import ExportState, PlanExport

LIST_SIZE = 20


def _challenge(request: HttpRequest, slug: str) -> Challenge:
    challenge = get_object_or_404(Challenge.objects.select_related("agenda", "lead_municipality"), slug=slug)
    require(request, "plans.export_plan", challenge, hide=True)
    return challenge


def _export(request: HttpRequest, pk: int) -> PlanExport:
    export = get_object_or_404(
        PlanExport.objects.select_related("challenge__agenda", "challenge__lead_municipality").defer(
            "document"
        ),
        pk=pk,
    )
    require(request, "plans.view_export", export, hide=True)
    return export


@login_required
@require_http_methods(["GET", "POST"])
def export_list(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = _challenge(request, slug)
    form = ExportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            language = form.cleaned_data["language"]
            document = exports.current_document(challenge, language)
            if document is None:
                form.add_error(None, _("There is no plan to export yet: generate the plan first."))
                status = 409
            else:
                export, _new = exports.export_start(
                    challenge=challenge,
                    document=document,
                    file_format=form.cleaned_data["format"],
                    by=request.user,
                )
                return redirect("plans:export", pk=export.pk)
        else:
            status = 400
    items = list(
        PlanExport.objects.filter(challenge=challenge)
        .select_related("created_by")
        .defer("document")
        .order_by("-created_at", "-pk")[:LIST_SIZE]
    )
    return render(
        request, "plans/exports.html", {"challenge": challenge, "form": form, "exports": items}, status=status
    )


@login_required
@require_GET
def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    export = _export(request, pk)
    return render(request, "plans/export.html", {"export": export, "challenge": export.challenge})


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
