"""The pilots' pages (docs/plans/pilots.md). Thin: check the permission, call a selector or a service,
render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veerkracht.agenda.models import Challenge
from veerkracht.community.selectors import lessons_of_challenge
from veerkracht.core.forms import apply_validation_error
from veerkracht.core.permissions import can, require
from veerkracht.plans import pilot_selectors as selectors
from veerkracht.plans import pilot_services as services
from veerkracht.plans import states
from veerkracht.plans.models import Pilot
from veerkracht.plans.pilot_forms import (
    ConclusionForm,
    GoNoGoForm,
    LessonForm,
    LinkLessonForm,
    NeedForm,
    PilotForm,
)


def _challenge(request: HttpRequest, slug: str) -> Challenge:
    challenge = (
        Challenge.objects.select_related("agenda__municipality", "lead_municipality", "regisseur")
        .filter(slug=slug)
        .first()
    )
    if challenge is None:
        raise Http404
    require(request, "plans.view_pilots", challenge, hide=True)
    return challenge


def _pilot(request: HttpRequest, pk: int) -> Pilot:
    pilot = selectors.pilot_or_none(pk)
    if pilot is None:
        raise Http404
    require(request, "plans.view_pilot", pilot, hide=True)
    return pilot


def _status(request: HttpRequest) -> int:
    return 400 if request.method == "POST" else 200


@login_required
def pilot_list(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = _challenge(request, slug)
    return render(
        request,
        "plans/pilot_list.html",
        {
            "challenge": challenge,
            "pilots": list(selectors.pilots_of(challenge)),
            "may_add": can(request.user, "plans.add_pilot", challenge),
        },
    )


def _pilot_values(data: dict[str, Any]) -> dict[str, Any]:
    return {
        name: data[name]
        for name in (
            "title",
            "intervention",
            "expectation",
            "indicators",
            "neighbourhood",
            "target_group",
            "starts_on",
            "ends_on",
            "needs",
            "experiment_rules",
        )
    }


@login_required
def pilot_create(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = _challenge(request, slug)
    require(request, "plans.add_pilot", challenge)
    form = PilotForm(request.POST or None, challenge=challenge)
    if request.method == "POST" and form.is_valid():
        try:
            pilot = services.create_pilot(
                challenge=challenge, by=request.user, request=request, **_pilot_values(form.cleaned_data)
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The pilot has been created."))
            return redirect("plans:pilot", pilot.pk)
    return render(
        request,
        "plans/pilot_form.html",
        {"challenge": challenge, "form": form, "pilot": None},
        status=_status(request),
    )


@login_required
def pilot_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = _pilot(request, pk)
    require(request, "plans.change_pilot", pilot)
    initial = {
        "title": pilot.title,
        "intervention": pilot.intervention,
        "expectation": pilot.expectation,
        "indicators": list(pilot.indicators.all()),
        "neighbourhood": pilot.neighbourhood,
        "target_group": pilot.target_group,
        "starts_on": pilot.starts_on,
        "ends_on": pilot.ends_on,
        "needs": list(pilot.needs.all()),
        "experiment_rules": list(pilot.experiment_rules.all()),
    }
    form = PilotForm(request.POST or None, initial=initial, challenge=pilot.challenge)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_pilot(
                pilot=pilot, by=request.user, request=request, **_pilot_values(form.cleaned_data)
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The pilot has been saved."))
            return redirect("plans:pilot", pilot.pk)
    return render(
        request,
        "plans/pilot_form.html",
        {"challenge": pilot.challenge, "form": form, "pilot": pilot},
        status=_status(request),
    )


@login_required
def pilot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = _pilot(request, pk)
    user = request.user
    may_change = can(user, "plans.change_pilot", pilot)
    next_states = states.next_states(pilot.state)
    decider = selectors.decider(pilot)
    return render(
        request,
        "plans/pilot_detail.html",
        {
            "pilot": pilot,
            "challenge": pilot.challenge,
            "indicators": list(pilot.indicators.select_related("objective")),
            "needs": list(pilot.needs.all()),
            "rules": list(pilot.experiment_rules.all()),
            "lessons": list(pilot.lessons.filter(pk__in=lessons_of_challenge(pilot.challenge, user))),
            "history": list(selectors.history_of(pilot)),
            "courses": selectors.indicator_course(pilot),
            "monitor": selectors.monitor_change(pilot, language=(translation.get_language() or "nl")[:2]),
            "decider": decider,
            "steps": [(s, services.state_label(s)) for s in next_states if s not in states.GO_NO_GO]
            if may_change
            else [],
            "go_no_go": [s for s in next_states if s in states.GO_NO_GO],
            "may_change": may_change,
            "may_decide": can(user, "plans.decide_pilot", pilot),
            "may_add_lesson": can(user, "plans.add_lesson", pilot),
            "may_add_need": may_change and can(user, "resources.add_need", pilot.challenge),
            "closed": pilot.state in states.CLOSED,
        },
    )


@login_required
@require_POST
def pilot_step(request: HttpRequest, pk: int) -> HttpResponse:
    """A step of the table that is not a go/no-go (start, evaluate, run again)."""
    pilot = _pilot(request, pk)
    to = request.POST.get("to", "")
    if to in states.GO_NO_GO:
        return redirect("plans:pilot_decide", pilot.pk)
    try:
        services.transition_pilot(pilot=pilot, to=to, by=request.user, request=request)
    except services.PilotRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("The pilot is now “%(state)s”.") % {"state": services.state_label(to)})
    return redirect("plans:pilot", pilot.pk)


@login_required
def pilot_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The go/no-go: a decision in the decision log by whoever the mandate names."""
    pilot = _pilot(request, pk)
    require(request, "plans.decide_pilot", pilot)
    choices = [(s, services.state_label(s)) for s in states.next_states(pilot.state) if s in states.GO_NO_GO]
    if not choices:
        messages.error(request, _("This pilot has no go/no-go to take in its current state."))
        return redirect("plans:pilot", pilot.pk)
    form = GoNoGoForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.transition_pilot(
                pilot=pilot,
                to=data["to"],
                by=request.user,
                note=data["note"],
                public=data["public"] == "ja",
                request=request,
            )
        except services.PilotRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The go/no-go has been recorded in the decision log."))
            return redirect("plans:pilot", pilot.pk)
    return render(
        request,
        "plans/pilot_decide.html",
        {"pilot": pilot, "challenge": pilot.challenge, "form": form, "decider": selectors.decider(pilot)},
        status=_status(request),
    )


@login_required
def pilot_conclusion(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = _pilot(request, pk)
    require(request, "plans.change_pilot", pilot)
    form = ConclusionForm(request.POST or None, initial={"conclusion": pilot.conclusion})
    if request.method == "POST" and form.is_valid():
        try:
            services.write_conclusion(
                pilot=pilot, by=request.user, conclusion=form.cleaned_data["conclusion"], request=request
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The conclusion has been saved."))
            return redirect("plans:pilot", pilot.pk)
    return render(
        request,
        "plans/pilot_conclusion.html",
        {"pilot": pilot, "challenge": pilot.challenge, "form": form},
        status=_status(request),
    )


@login_required
def lesson_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Write a lesson for the learning community from the pilot, or link one the challenge has."""
    pilot = _pilot(request, pk)
    require(request, "plans.add_lesson", pilot)
    require(request, "community.add_lesson", pilot.challenge)
    linkable = lessons_of_challenge(pilot.challenge, request.user).exclude(pilots=pilot).order_by("title")
    form = LessonForm(request.POST or None, initial={"title": pilot.title})
    link_form = LinkLessonForm(lessons=linkable)
    if request.method == "POST" and form.is_valid():
        try:
            services.write_lesson(pilot=pilot, by=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The lesson has been written and linked to the pilot."))
            return redirect("plans:pilot", pilot.pk)
    return render(
        request,
        "plans/lesson_form.html",
        {
            "pilot": pilot,
            "challenge": pilot.challenge,
            "form": form,
            "link_form": link_form,
            "linkable": linkable.exists(),
        },
        status=_status(request),
    )


@login_required
@require_POST
def lesson_link(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = _pilot(request, pk)
    require(request, "plans.add_lesson", pilot)
    linkable = lessons_of_challenge(pilot.challenge, request.user)
    link_form = LinkLessonForm(request.POST, lessons=linkable)
    if link_form.is_valid():
        try:
            services.link_lesson(
                pilot=pilot, by=request.user, lesson=link_form.cleaned_data["lesson"], request=request
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The lesson has been linked to the pilot."))
    else:
        messages.error(request, " ".join(str(e) for errors in link_form.errors.values() for e in errors))
    return redirect("plans:pilot", pilot.pk)


@login_required
def need_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A new need of the challenge in the ledger, for this pilot."""
    pilot = _pilot(request, pk)
    require(request, "plans.change_pilot", pilot)
    require(request, "resources.add_need", pilot.challenge)
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_need(pilot=pilot, by=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        except PermissionDenied:
            raise
        else:
            messages.success(request, _("The need has been added to the ledger and linked to the pilot."))
            return redirect("plans:pilot", pilot.pk)
    return render(
        request,
        "plans/need_form.html",
        {"pilot": pilot, "challenge": pilot.challenge, "form": form},
        status=_status(request),
    )
