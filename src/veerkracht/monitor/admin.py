"""Admin for instrument versions: read-only once locked, copy as a new version, import from JSON."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Max, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from veerkracht.core.permissions import can, require
from veerkracht.monitor.models import (
    BackgroundOption,
    BackgroundQuestion,
    Dimension,
    FacetOption,
    Instrument,
    Item,
    OpenQuestion,
    ScalePoint,
)
from veerkracht.monitor.selectors import instrument_document
from veerkracht.monitor.services import InstrumentImportError, instrument_copy, instrument_import

MAX_UPLOAD = 2 * 1024 * 1024


def _locked(obj: Any) -> bool:
    if isinstance(obj, Instrument):
        return obj.locked_at is not None
    instrument = getattr(obj, "instrument", None)
    return instrument is not None and instrument.locked_at is not None


class LockAware:
    """Nothing of a locked instrument version can be changed or deleted in the admin."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _locked(obj) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _locked(obj) and super().has_delete_permission(request, obj)  # type: ignore[misc]


class InlineLockAware(LockAware):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and _locked(obj):
            return False
        return super().has_add_permission(request, obj)  # type: ignore[misc]


class ScalePointInline(InlineLockAware, admin.TabularInline):
    model = ScalePoint
    extra = 0


class DimensionInline(InlineLockAware, admin.TabularInline):
    model = Dimension
    extra = 0


class ItemInline(InlineLockAware, admin.TabularInline):
    model = Item
    extra = 0
    fields = ["dimension", "order", "code", "text_nl", "text_en", "reverse", "short_form", "topic"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Item]:
        return super().get_queryset(request).select_related("dimension", "instrument")


class FacetOptionInline(InlineLockAware, admin.TabularInline):
    model = FacetOption
    extra = 0


class OpenQuestionInline(InlineLockAware, admin.TabularInline):
    model = OpenQuestion
    extra = 0


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Instrument file (JSON)"))


@admin.register(Instrument)
class InstrumentAdmin(LockAware, admin.ModelAdmin):
    list_display = ["code", "version", "name_nl", "source", "locked_at"]
    list_filter = ["code", "source"]
    readonly_fields = ["locked_at", "created_at"]
    inlines = [ScalePointInline, DimensionInline, ItemInline, FacetOptionInline, OpenQuestionInline]
    actions = ["copy_as_new_version"]
    change_list_template = "admin/monitor/instrument/change_list.html"

    def get_urls(self) -> list[Any]:
        own = [
            path("import/", self.admin_site.admin_view(self.import_view), name="monitor_instrument_import"),
            path(
                "<int:pk>/export/",
                self.admin_site.admin_view(self.export_view),
                name="monitor_instrument_export",
            ),
        ]
        return own + super().get_urls()

    @admin.action(description=_("Copy as a new version"))
    def copy_as_new_version(self, request: HttpRequest, queryset: QuerySet[Instrument]) -> None:
        require(request, "monitor.copy_instrument")
        for instrument in queryset:
            latest = Instrument.objects.filter(code=instrument.code).aggregate(m=Max("version"))["m"] or 0
            try:
                copy = instrument_copy(
                    instrument=instrument, version=latest + 1, by=request.user, request=request
                )
            except InstrumentImportError as exc:
                self.message_user(request, "; ".join(exc.problems), messages.ERROR)
                continue
            self.message_user(
                request,
                _("Copied %(instrument)s as version %(version)s.")
                % {"instrument": instrument, "version": copy.version},
                messages.SUCCESS,
            )

    def export_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        require(request, "monitor.export_instrument")
        instrument = Instrument.objects.get(pk=pk)
        response = HttpResponse(
            json.dumps(instrument_document(instrument=instrument), ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{instrument.code}-v{instrument.version}.json"'
        )
        return response

    def import_view(self, request: HttpRequest) -> HttpResponse:
        require(request, "monitor.import_instrument")
        problems: list[str] = []
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            document: Any = None
            if upload.size > MAX_UPLOAD:
                problems = [str(_("The file is larger than 2 MB."))]
            else:
                try:
                    document = json.loads(upload.read().decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                    problems = [str(_("The file is not valid JSON: %(error)s") % {"error": exc})]
            if not problems:
                try:
                    instrument = instrument_import(document=document, by=request.user, request=request)
                except InstrumentImportError as exc:
                    problems = exc.problems
                else:
                    self.message_user(
                        request, _("Imported %(instrument)s.") % {"instrument": instrument}, messages.SUCCESS
                    )
                    return HttpResponseRedirect(
                        reverse("admin:monitor_instrument_change", args=[instrument.pk])
                    )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import an instrument"),
            "form": form,
            "problems": problems,
        }
        return TemplateResponse(
            request, "admin/monitor/instrument/import.html", context, status=400 if problems else 200
        )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = {
            **(extra_context or {}),
            "can_import": can(request.user, "monitor.import_instrument"),
        }
        return super().changelist_view(request, extra_context)


class BackgroundOptionInline(admin.TabularInline):
    model = BackgroundOption
    extra = 0

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _locked(obj) and super().has_delete_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _locked(obj) and super().has_add_permission(request, obj)


@admin.register(BackgroundQuestion)
class BackgroundQuestionAdmin(LockAware, admin.ModelAdmin):
    list_display = ["code", "text_nl", "instrument"]
    list_filter = ["instrument"]
    list_select_related = ["instrument"]
    inlines = [BackgroundOptionInline]
