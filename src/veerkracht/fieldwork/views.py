"""The regisseur's pages: waves, invitations, the live dashboard, the report, exports. Thin views:
parse, check permission through ``require``, call a selector or service, render."""

from __future__ import annotations

import contextlib
import json
import time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veerkracht.agenda import selectors as agenda_selectors
from veerkracht.audit.logger import log
from veerkracht.core import response_cache
from veerkracht.core.forms import apply_validation_error
from veerkracht.core.permissions import can, require
from veerkracht.core.response_cache import session_answer
from veerkracht.fieldwork import exports, report, selectors, services, workflow
from veerkracht.fieldwork.events import FieldworkEvent
from veerkracht.fieldwork.forms import (
    CsvForm,
    ImportForm,
    InvitationForm,
    PriorityForm,
    TransitionForm,
    WaveForm,
)
from veerkracht.fieldwork.models import Invitation, ReportFile, ReportPriority, Wave
from veerkracht.fieldwork.structure import structure_of

PAGE_SIZE = 25


def _wave(request: HttpRequest, pk: int, perm: str = "fieldwork.view_wave") -> Wave:
    wave = selectors.wave_or_404(request.user, pk)  # 404 unless the user takes part in the challenge
    if perm not in ("fieldwork.view_wave", "fieldwork.view_report"):  # a report may be shared
        require(request, "fieldwork.view_wave", wave)
    require(request, perm, wave)
    return wave


def _language() -> str:
    return (get_language() or "nl")[:2]


@session_answer
def index(request: HttpRequest) -> HttpResponse:
    """/monitor/: the regisseur's overview of waves; anonymous visitors get the introduction of part
    b of the method (the navigation links here)."""
    if not request.user.is_authenticated:
        from veerkracht.core.views import part_page

        return part_page(request, key="monitor")
    waves = selectors.waves_for(request.user)
    page = Paginator(waves, PAGE_SIZE).get_page(request.GET.get("page"))
    challenges = [
        c
        for c in selectors.managed_challenges(request.user).select_related("agenda").order_by("title")[:200]
        if can(request.user, "fieldwork.add_wave", c)
    ]
    shared = list(selectors.shared_reports_for(request.user)[:200])
    return render(request, "fieldwork/index.html", {"page": page, "challenges": challenges, "shared": shared})


@login_required
def wave_create(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = agenda_selectors.challenge_for_user_or_404(request.user, slug)
    require(
        request,
        "fieldwork.add_wave",
        challenge,
        hide=not agenda_selectors.is_challenge_participant(request.user, challenge),
    )
    latest = challenge.waves.order_by("-number").first()
    initial = {"instrument": services.default_instrument(), "previous": latest}
    form = WaveForm(request.POST or None, challenge=challenge, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            wave = services.wave_create(
                challenge=challenge, by=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The wave has been created as a draft."))
            return redirect("fieldwork:wave", wave.pk)
    return render(request, "fieldwork/wave_form.html", {"form": form, "challenge": challenge})


@login_required
def wave_edit(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk, "fieldwork.change_wave")
    form = WaveForm(request.POST or None, instance=wave, challenge=wave.challenge)
    if request.method == "POST" and form.is_valid():
        try:
            services.wave_update(wave=wave, by=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        except services.FieldworkError as error:
            form.add_error(None, error.problems)
        else:
            messages.success(request, _("The wave has been saved."))
            return redirect("fieldwork:wave", wave.pk)
    return render(
        request, "fieldwork/wave_form.html", {"form": form, "challenge": wave.challenge, "wave": wave}
    )


@login_required
def wave_detail(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk)
    structure = structure_of(wave.instrument)
    board = selectors.dashboard(wave, structure, _language())
    context = {
        "wave": wave,
        "challenge": wave.challenge,
        "board": board,
        "transitions": workflow.available(wave.state),
        "can_edit": can(request.user, "fieldwork.change_wave", wave),
        "can_invite": can(request.user, "fieldwork.invite", wave),
        "can_remind": can(request.user, "fieldwork.remind", wave),
        "can_report": can(request.user, "fieldwork.view_report", wave),
        "can_import": can(request.user, "fieldwork.import_answers", wave),
        "open_link": request.build_absolute_uri(f"/v/open/{wave.open_link_key}/")
        if wave.open_link and wave.open_link_key
        else "",
        "minimum": (selectors.REPORT_MIN_RESPONDENTS, selectors.REPORT_MIN_ORGANISATIONS),
    }
    return render(request, "fieldwork/wave_detail.html", context)


@login_required
def wave_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    wave = _wave(request, pk, "fieldwork.transition_wave")
    step = workflow.find_by_name(wave.state, name)
    if step is None:
        raise Http404
    form = TransitionForm(request.POST or None, new_end=step.target == workflow.WaveState.OPEN)
    if request.method == "POST" and form.is_valid():
        try:
            services.wave_transition(
                wave=wave,
                to=step.target,
                by=request.user,
                note=form.cleaned_data["note"],
                ends_on=form.cleaned_data.get("ends_on"),
                request=request,
            )
        except services.FieldworkError as error:
            form.add_error(None, error.problems)
        else:
            messages.success(request, _("The wave is now: %(state)s.") % {"state": wave.get_state_display()})
            return redirect("fieldwork:wave", wave.pk)
    return render(request, "fieldwork/transition_form.html", {"wave": wave, "step": step, "form": form})


@login_required
def invitations(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk)
    structure = structure_of(wave.instrument)
    language = _language()
    group_choices = [(c.value, c.label(language)) for c in structure.group_choices()]
    may_invite = can(request.user, "fieldwork.invite", wave)
    one = InvitationForm(
        request.POST if request.POST.get("action") == "one" else None,
        group_choices=group_choices,
        languages=wave.offered_languages,
        organisations=selectors.stakeholder_names(wave.challenge),
        initial={"language": wave.offered_languages[0]},
    )
    upload = CsvForm(request.POST if request.POST.get("action") == "csv" else None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST":
        require(request, "fieldwork.invite", wave)
        try:
            if request.POST.get("action") == "one" and one.is_valid():
                row, row_problems = services.validate_invitation(
                    wave, {k: str(v) for k, v in one.cleaned_data.items()}
                )
                if row is None:
                    raise services.FieldworkError(row_problems)
                added, merged = services.invitations_add(
                    wave=wave, rows=[row], by=request.user, request=request
                )
                messages.success(request, _("Added: %(a)s, updated: %(m)s.") % {"a": added, "m": merged})
                return redirect("fieldwork:invitations", wave.pk)
            if request.POST.get("action") == "csv" and upload.is_valid():
                rows = services.parse_invitations_csv(wave=wave, data=upload.cleaned_data["file"].read())
                added, merged = services.invitations_add(
                    wave=wave, rows=rows, by=request.user, request=request
                )
                messages.success(request, _("Added: %(a)s, updated: %(m)s.") % {"a": added, "m": merged})
                return redirect("fieldwork:invitations", wave.pk)
        except services.FieldworkError as error:
            problems = error.problems
            log(
                FieldworkEvent.INVITATIONS_REFUSED,
                actor=request.user,
                target=wave,
                request=request,
                details={"problems": problems[:20]},
            )
    listing = Invitation.objects.filter(wave=wave).order_by("organisation", "email")
    page = Paginator(listing, 50).get_page(request.GET.get("page"))
    labels = dict(group_choices)
    return render(
        request,
        "fieldwork/invitations.html",
        {
            "wave": wave,
            "page": page,
            "one": one,
            "upload": upload,
            "problems": problems,
            "may_invite": may_invite,
            "labels": labels,
            "progress": selectors.sending_progress(wave),
        },
    )


@login_required
@require_POST
def invitation_remove(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    wave = _wave(request, pk, "fieldwork.invite")
    invitation = get_object_or_404(Invitation, pk=invitation_pk, wave=wave)
    try:
        services.invitation_remove(invitation=invitation, by=request.user, request=request)
    except services.FieldworkError as error:
        messages.error(request, " ".join(error.problems))
    else:
        messages.success(request, _("The respondent has been removed."))
    return redirect("fieldwork:invitations", wave.pk)


@login_required
@require_POST
def remind(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk, "fieldwork.remind")
    sent = services.reminders_send(wave=wave, by=request.user, request=request)
    messages.success(
        request,
        _(
            "%(n)s reminders sent. People who answered, had two reminders or had an e-mail less "
            "than 5 days ago get none."
        )
        % {"n": sent},
    )
    return redirect("fieldwork:wave", wave.pk)


def _report_options(context: dict[str, Any]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    options, allowed = [], []
    for rec in context["recommended"]:
        for option in rec["options"]:
            options.append((option["key"], f"{rec['name']}: {option['text']}"))
            allowed.append((rec["code"], option["key"]))
    return options, allowed


def _record_report_viewed(request: HttpRequest, pk: int) -> None:
    """Every view of a report is in the audit log, also of a page kept for the session."""
    wave = Wave.objects.select_related("challenge").get(pk=pk)
    log(FieldworkEvent.REPORT_VIEWED, actor=request.user, target=wave, request=request)


def _closed_responses(wave: Wave) -> contextlib.AbstractContextManager[None]:
    """A report is of a closed wave, compared with the wave before it: responses no longer come in
    (settled rows: the page is kept as long as any other), unless that earlier wave is still open."""
    previous = wave.previous if wave.previous_id else None  # selected with the wave (selectors._base)
    if previous is not None and previous.state == workflow.WaveState.OPEN:
        return contextlib.nullcontext()
    return response_cache.settled()


@login_required
@session_answer(each_time=_record_report_viewed)
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk, "fieldwork.view_report")
    language = request.GET.get("taal") or _language()
    if language not in ("nl", "en"):
        language = "nl"
    started = time.perf_counter()
    with _closed_responses(wave):
        context = report.build(wave, language=language)
    options, _allowed = _report_options(context)
    form = PriorityForm(options=options)
    context.update(
        {
            "form": form,
            "can_choose": can(request.user, "fieldwork.choose_priorities", wave),
            "can_export": can(request.user, "fieldwork.export_answers", wave),
            "can_view_wave": can(request.user, "fieldwork.view_wave", wave),
            "pdf_file": ReportFile.objects.filter(wave=wave, language=language).first(),
            "build_ms": (time.perf_counter() - started) * 1000,
        }
    )
    return render(request, "fieldwork/report_page.html", context)


@login_required
@require_POST
def priority_add(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk, "fieldwork.choose_priorities")
    context = report.build(wave, language=_language())
    options, allowed = _report_options(context)
    form = PriorityForm(request.POST, options=options)
    if form.is_valid():
        key = form.cleaned_data["intervention"]
        dimension = next(d for d, k in allowed if k == key)
        try:
            services.priority_add(
                wave=wave,
                dimension_code=dimension,
                intervention=key,
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
                by=request.user,
                allowed=allowed,
                request=request,
            )
        except services.FieldworkError as error:
            messages.error(request, " ".join(error.problems))
        else:
            messages.success(request, _("The priority has been added."))
    else:
        messages.error(request, _("Choose an intervention, an owner and a date."))
    return redirect(reverse("fieldwork:report", args=[wave.pk]) + "#prioriteiten")


@login_required
@require_POST
def priority_remove(request: HttpRequest, pk: int, priority_pk: int) -> HttpResponse:
    wave = _wave(request, pk, "fieldwork.choose_priorities")
    priority = get_object_or_404(ReportPriority, pk=priority_pk, wave=wave)
    services.priority_remove(priority=priority, by=request.user, request=request)
    messages.success(request, _("The priority has been removed."))
    return redirect("fieldwork:report", wave.pk)


@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    wave = _wave(request, pk, "fieldwork.view_report")
    language = request.GET.get("taal") or wave.report_language
    if language not in ("nl", "en"):
        language = wave.report_language
    from veerkracht.fieldwork.tasks import render_report_pdf

    stored = ReportFile.objects.filter(wave=wave, language=language).first()
    if stored is None or stored.data_key != report.data_key(wave, language):
        render_report_pdf.delay(wave.pk, language)
        stored = ReportFile.objects.filter(wave=wave, language=language).first()
        if stored is None or stored.data_key != report.data_key(wave, language):
            messages.info(request, _("The PDF is being prepared; try again in a minute."))
            return redirect("fieldwork:report", wave.pk)
    name = str(stored.file.name).rsplit("/", 1)[-1]
    return FileResponse(stored.file.open("rb"), content_type="application/pdf", filename=name)


def _export_name(wave: Wave, ext: str) -> str:
    return f"meting-{wave.challenge.slug}-{wave.number}.{ext}"


@login_required
def export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk, "fieldwork.export_answers")
    log(
        FieldworkEvent.ANSWERS_EXPORTED,
        actor=request.user,
        target=wave,
        request=request,
        details={"format": "csv"},
    )
    response = HttpResponse(exports.answers_csv(wave), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(wave, "csv")}"'
    return response


@login_required
def export_codebook(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk, "fieldwork.export_answers")
    response = JsonResponse(exports.codebook(wave), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{_export_name(wave, "codeboek.json")}"'
    return response


@login_required
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk, "fieldwork.export_answers")
    log(
        FieldworkEvent.ANSWERS_EXPORTED,
        actor=request.user,
        target=wave,
        request=request,
        details={"format": "xlsx"},
    )
    response = HttpResponse(
        exports.answers_xlsx(wave),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name(wave, "xlsx")}"'
    return response


@login_required
def import_answers(request: HttpRequest, pk: int) -> HttpResponse:
    wave = _wave(request, pk, "fieldwork.import_answers")
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            n = services.responses_import(
                wave=wave, data=form.cleaned_data["file"].read(), by=request.user, request=request
            )
        except services.FieldworkError as error:
            problems = error.problems
        else:
            messages.success(request, _("%(n)s responses imported.") % {"n": n})
            return redirect("fieldwork:wave", wave.pk)
    return render(request, "fieldwork/import.html", {"wave": wave, "form": form, "problems": problems})


def codebook_json(wave: Wave) -> str:  # pragma: no cover - convenience for the shell
    return json.dumps(exports.codebook(wave), ensure_ascii=False, indent=2)
