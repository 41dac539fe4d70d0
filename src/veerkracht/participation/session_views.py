"""Pages of co-creation sessions (thin: parse, call a service or selector, render)."""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from veerkracht.agenda.selectors import challenge_for_user_or_404
from veerkracht.community.models import CommunityOfPractice
from veerkracht.community.selectors import communities_visible_to
from veerkracht.core.forms import apply_validation_error
from veerkracht.core.http import rate_limited
from veerkracht.core.permissions import require
from veerkracht.participation import session_ical, session_selectors, session_services
from veerkracht.participation.session_forms import (
    ActionForm,
    CallOffForm,
    MinutesForm,
    RegisterForm,
    SessionForm,
)
from veerkracht.participation.session_models import RegistrationStatus, SessionAction, SessionStatus

REGISTRATIONS_PER_HOUR = 30
WINDOW = 3600


@require_safe
def session_list(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = challenge_for_user_or_404(request.user, slug)
    now = timezone.now()
    sessions = list(session_selectors.sessions_of(challenge))
    return render(
        request,
        "participation/sessions/list.html",
        {
            "challenge": challenge,
            "upcoming": [s for s in sessions if s.ends_at > now],
            "past": [s for s in sessions if s.ends_at <= now][::-1],
            "may_add": request.user.has_perm("participation.add_session", challenge),
        },
    )


def _cop_or_404(user: Any, slug: str) -> CommunityOfPractice:
    cop = communities_visible_to(user).filter(slug=slug).first()
    if cop is None:
        raise Http404
    return cop


def _new(request: HttpRequest, host: Any, **where: Any) -> HttpResponse:
    require(request, "participation.add_session", host)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = session_services.session_create(by=request.user, request=request, **where, **data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The session has been created."))
            return redirect("participation:session", pk=session.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "participation/sessions/form.html",
        {"challenge": where.get("challenge"), "cop": where.get("cop"), "form": form},
        status=status,
    )


@login_required
def session_new(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = challenge_for_user_or_404(request.user, slug)
    return _new(request, challenge, challenge=challenge)


@login_required
def cop_session_new(request: HttpRequest, slug: str) -> HttpResponse:
    cop = _cop_or_404(request.user, slug)
    return _new(request, cop, cop=cop)


@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a planned session (and, below the form, call it off)."""
    session = session_selectors.session_for_user_or_404(request.user, pk)
    require(request, "participation.change_session", session)
    # the form works on its own copy: a refused change must not show on the page as if saved
    form = SessionForm(request.POST or None, instance=copy.copy(session))
    if request.method == "POST" and form.is_valid():
        try:
            session_services.session_update(
                session=session, by=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The session has been changed. If the date, time or place changed, everyone registered "
                    "or waiting receives the new details by e-mail."
                ),
            )
            return redirect("participation:session", pk=session.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "participation/sessions/edit.html",
        {"session": session, "form": form, "call_off_form": CallOffForm()},
        status=status,
    )


@login_required
@require_POST
def session_call_off(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_selectors.session_for_user_or_404(request.user, pk)
    require(request, "participation.change_session", session)
    form = CallOffForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "participation/sessions/edit.html",
            {"session": session, "form": SessionForm(instance=session), "call_off_form": form},
            status=400,
        )
    try:
        session_services.session_transition(
            session=session, to=SessionStatus.GEANNULEERD, by=request.user, request=request
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The session has been called off; everyone registered or waiting is told.")
        )
    return redirect("participation:session", pk=session.pk)


def _detail_context(request: HttpRequest, session: Any, **extra: Any) -> dict[str, Any]:
    manages = request.user.has_perm("participation.manage_session", session)
    registration = session_selectors.registration_of(session, request.user)
    context: dict[str, Any] = {
        "session": session,
        "challenge": session.challenge,
        "cop": session.cop,
        "may_change": request.user.has_perm("participation.change_session", session),
        "counts": session_selectors.counts_of(session),
        "registration": registration,
        "position": session_selectors.waiting_position(registration) if registration else None,
        "may_register": request.user.has_perm("participation.register_session", session),
        "register_form": RegisterForm(),
        "manages": manages,
        "started": session.starts_at <= timezone.now(),
        "may_write_lesson": session.cop_id is not None and request.user.has_perm("community.add_lesson"),
        "actions": session_selectors.actions_of(session),
    }
    if manages:
        context["registrants"] = session_selectors.registrants_of(session)
        context["minutes_form"] = MinutesForm(initial={"outcomes": session.outcomes})
        context["action_form"] = ActionForm(session=session)
    context.update(extra)
    return context


@require_safe
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_selectors.session_for_user_or_404(request.user, pk)
    return render(request, "participation/sessions/detail.html", _detail_context(request, session))


@login_required
@require_POST
def session_register(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_selectors.session_for_user_or_404(request.user, pk)
    require(request, "participation.register_session", session)
    if rate_limited(
        request,
        "participation:session",
        limit=REGISTRATIONS_PER_HOUR,
        period=WINDOW,
        who=f"user:{request.user.pk}",
    ):
        messages.error(request, _("You have registered many times in a short time. Please try again later."))
        return redirect("participation:session", pk=session.pk)
    form = RegisterForm(request.POST)
    consent = form.is_valid() and bool(form.cleaned_data["talent_consent"])
    registration = session_services.session_register(
        session=session, by=request.user, talent_consent=consent, request=request
    )
    if registration.status == RegistrationStatus.REGISTERED:
        messages.success(request, _("You are registered. You will receive a confirmation by e-mail."))
    else:
        messages.success(
            request,
            _("The session is full: you are on the waiting list. We e-mail you when a place comes free."),
        )
    return redirect("participation:session", pk=session.pk)


@login_required
@require_POST
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_selectors.session_for_user_or_404(request.user, pk)
    try:
        session_services.session_cancel(session=session, by=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your registration has been cancelled."))
    return redirect("participation:session", pk=session.pk)


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_selectors.session_for_user_or_404(request.user, pk)
    url = request.build_absolute_uri(reverse("participation:session", args=[session.pk]))
    return _ics(session_ical.calendar([(session, url)]), f"sessie-{session.pk}.ics")


@require_safe
def session_feed(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = challenge_for_user_or_404(request.user, slug)
    pairs = [
        (s, request.build_absolute_uri(reverse("participation:session", args=[s.pk])))
        for s in session_selectors.sessions_of(challenge)
    ]
    return _ics(session_ical.calendar(pairs, name=challenge.title), f"sessies-{challenge.slug}.ics")


@login_required
@require_safe
def cop_session_feed(request: HttpRequest, slug: str) -> HttpResponse:
    cop = _cop_or_404(request.user, slug)
    pairs = [
        (s, request.build_absolute_uri(reverse("participation:session", args=[s.pk])))
        for s in session_selectors.sessions_of_cop(cop)
    ]
    return _ics(session_ical.calendar(pairs, name=cop.theme), f"sessies-{cop.slug}.ics")


@login_required
@require_POST
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_selectors.session_for_user_or_404(request.user, pk)
    require(request, "participation.manage_session", session)
    ids = {int(v) for v in request.POST.getlist("attended") if v.isdigit()}
    came = session_services.attendance_record(
        session=session, by=request.user, attended_ids=ids, request=request
    )
    messages.success(request, _("Attendance saved: %(n)d came.") % {"n": came})
    return redirect("participation:session", pk=session.pk)


@login_required
@require_POST
def session_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_selectors.session_for_user_or_404(request.user, pk)
    require(request, "participation.manage_session", session)
    form = MinutesForm(request.POST)
    if form.is_valid():
        session_services.minutes_save(
            session=session, by=request.user, outcomes=form.cleaned_data["outcomes"], request=request
        )
        messages.success(request, _("The minutes have been saved."))
        return redirect("participation:session", pk=session.pk)
    return render(
        request,
        "participation/sessions/detail.html",
        _detail_context(request, session, minutes_form=form),
        status=400,
    )


@login_required
@require_POST
def session_action_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_selectors.session_for_user_or_404(request.user, pk)
    require(request, "participation.manage_session", session)
    form = ActionForm(request.POST, session=session)
    if form.is_valid():
        try:
            session_services.action_add(session=session, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The action has been added."))
            return redirect("participation:session", pk=session.pk)
    return render(
        request,
        "participation/sessions/detail.html",
        _detail_context(request, session, action_form=form),
        status=400,
    )


@login_required
@require_POST
def session_action_apply(request: HttpRequest, pk: int) -> HttpResponse:
    action = SessionAction.objects.filter(pk=pk).first()
    if action is None:
        raise Http404
    session = session_selectors.session_for_user_or_404(request.user, action.session_id)
    require(request, "participation.manage_session", session)
    try:
        session_services.action_apply(action=action, by=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The idea's state has been changed; the author and supporters are told."))
    return redirect("participation:session", pk=session.pk)
