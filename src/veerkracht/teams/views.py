"""Talent-pool pages (thin: parse, call a service or selector, render)."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veerkracht.agenda.selectors import challenge_for_user_or_404
from veerkracht.core.forms import apply_validation_error
from veerkracht.core.http import rate_limited
from veerkracht.core.permissions import require
from veerkracht.core.response_cache import session_answer
from veerkracht.organisations.models import Organisation
from veerkracht.organisations.selectors import organisations_of
from veerkracht.teams import selectors, services, throttle, workflow
from veerkracht.teams.forms import (
    CharterForm,
    MemberForm,
    NeedSkillFormSet,
    ProfileForm,
    ResidentSignUpForm,
    ResponseForm,
    SkillForm,
    TeamNeedsForm,
)
from veerkracht.teams.models import MemberRole, MemberStatus, Profile, TeamMember, TeamProposal
from veerkracht.teams.sections import render_team_sections

PAGE_SIZE = 25


def _uid(request: HttpRequest) -> int:
    return int(request.user.pk or 0)


@session_answer
def index(request: HttpRequest) -> HttpResponse:
    """Part c's start page: for everyone an introduction (join the pool, my teams); for regisseurs and
    coordinators the talent pool they may see."""
    links = selectors.start_links(request.user)
    if not request.user.has_perm("teams.view_pool"):
        places = selectors.my_places(request.user)
        return render(request, "teams/landing.html", {"places": places, "links": links})
    skill = request.GET.get("vaardigheid", "")[:60]
    query = request.GET.get("q", "")[:100]
    page = Paginator(selectors.pool_list(request.user, skill=skill, query=query), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    querystring = "&".join(f"{k}={v}" for k, v in (("vaardigheid", skill), ("q", query)) if v)
    return render(
        request,
        "teams/index.html",
        {
            "page": page,
            "skills": selectors.skills(),
            "skill": skill,
            "query": query,
            "querystring": querystring,
            "links": [link for link in links if link.url != request.path],
        },
    )


@login_required
def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = get_object_or_404(Profile.objects.select_related("user", "organisation", "municipality"), pk=pk)
    require(request, "teams.view_profile", profile, hide=True)
    skills = profile.skills.select_related("skill")
    return render(request, "teams/profile.html", {"profile": profile, "skills": skills})


def _own_profile(request: HttpRequest) -> Profile:
    profile = (
        Profile.objects.filter(user_id=_uid(request)).select_related("organisation", "municipality").first()
    )
    if profile is None:
        raise Http404
    require(request, "teams.manage_own_profile", profile, hide=True)
    return profile


@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    profile = (
        Profile.objects.filter(user_id=_uid(request)).select_related("organisation", "municipality").first()
    )
    if profile is None:
        links = [link for link in selectors.start_links(request.user) if link.url != request.path]
        return render(request, "teams/my_profile.html", {"profile": None, "links": links})
    require(request, "teams.manage_own_profile", profile, hide=True)
    places = selectors.my_places(request.user)
    committed = sum(p.hours_committed for p in places if p.status == MemberStatus.ACCEPTED)
    return render(
        request,
        "teams/my_profile.html",
        {
            "profile": profile,
            "skills": profile.skills.select_related("skill"),
            "places": places,
            "committed": committed,
            "over": committed > profile.hours_per_week,
        },
    )


@login_required
def my_profile_export(request: HttpRequest) -> HttpResponse:
    profile = _own_profile(request)
    body = json.dumps(selectors.profile_export(profile), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mijn-talentprofiel.json"'
    return response


@login_required
@require_POST
def my_profile_withdraw(request: HttpRequest) -> HttpResponse:
    services.consent_withdraw(profile=_own_profile(request), by=request.user)
    return redirect("teams:my_profile")


@login_required
def my_profile_delete(request: HttpRequest) -> HttpResponse:
    profile = _own_profile(request)
    if request.method == "POST":
        services.profile_delete(profile=profile, by=request.user, request=request)
        return redirect("teams:my_profile")
    return render(request, "teams/confirm_delete.html", {"profile": profile})


def sign_up(request: HttpRequest) -> HttpResponse:
    """Public page: a resident joins the talent pool with explicit, revocable consent.  Without an
    account the address is confirmed by a link first; the answer is the same whether or not the
    address has an account; posts are rate-limited per client."""
    skills = list(selectors.skills())
    user = request.user if request.user.is_authenticated else None
    if user is not None and Profile.objects.filter(user=user).exists():
        return redirect("teams:my_profile")
    form = ResidentSignUpForm(request.POST or None, skills=skills, user=user)
    if request.method == "POST" and rate_limited(
        request, "teams:sign_up", limit=throttle.SIGN_UPS_PER_CLIENT, period=throttle.WINDOW
    ):
        form.add_error(None, _("Too many attempts from your connection. Please try again in an hour."))
        return render(request, "teams/sign_up.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        levels = [services.SkillLevel(slug, level) for slug, level in form.skill_levels().items()]
        try:
            if user is None:
                if not rate_limited(
                    request,
                    "teams:sign_up_mail",
                    limit=throttle.MAILS_PER_ADDRESS,
                    period=throttle.WINDOW,
                    who=data["email"],
                ):
                    services.resident_sign_up(
                        email=data["email"],
                        password=data["password"],
                        full_name=data["full_name"],
                        municipality=data["municipality"],
                        hours_per_week=data["hours_per_week"],
                        willing_to_lead=data["willing_to_lead"],
                        skills=levels,
                        consent=data["consent"],
                        request=request,
                    )
            else:
                services.profile_save(
                    user=user,
                    organisation=None,
                    municipality=data["municipality"],
                    hours_per_week=data["hours_per_week"],
                    willing_to_lead=data["willing_to_lead"],
                    skills=levels,
                    consent=data["consent"],
                    by=user,
                )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return render(request, "teams/sign_up_done.html", {"logged_in": user is not None})
    return render(request, "teams/sign_up.html", {"form": form})


def sign_up_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation mail: a button (mail scanners that follow links confirm nothing)."""
    profile = services.sign_up_pending(token)
    if profile is None:
        return render(request, "teams/sign_up_confirm.html", {"invalid": True}, status=410)
    if request.method == "POST":
        services.sign_up_confirm(token=token, request=request)
        return render(request, "teams/sign_up_confirm.html", {"confirmed": True})
    return render(request, "teams/sign_up_confirm.html", {"profile": profile})


@login_required
def skill_add(request: HttpRequest) -> HttpResponse:
    require(request, "teams.add_skill")
    form = SkillForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.skill_create(
                slug=data["slug"],
                label_nl=data["label_nl"],
                label_en=data["label_en"],
                synonyms=data["synonyms"].split(","),
                by=request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect("teams:skills")
    return render(request, "teams/skill_form.html", {"form": form, "title": _("Add a skill")})


@login_required
def skills(request: HttpRequest) -> HttpResponse:
    require(request, "teams.view_pool")
    return render(request, "teams/skills.html", {"skills": selectors.skills()})


# --- a person's own profile, teams and invitations ----------------------------------------------


@login_required
def my_profile_edit(request: HttpRequest) -> HttpResponse:
    """A person edits their own profile and skills (staff: for one of their organisations)."""
    profile = Profile.objects.filter(user_id=_uid(request)).select_related("organisation").first()
    if profile is not None:
        require(request, "teams.manage_own_profile", profile, hide=True)
    organisations = organisations_of(request.user).order_by("name")
    resident = profile is not None and profile.is_resident
    if profile is None and not organisations.exists():
        return redirect("teams:sign_up")
    skills = list(selectors.skills())
    initial: dict[str, object] = {}
    if profile is not None:
        initial = {
            "organisation": profile.organisation_id,
            "hours_per_week": profile.hours_per_week,
            "available_from": profile.available_from,
            "available_until": profile.available_until,
            "willing_to_lead": profile.willing_to_lead,
            **{f"skill_{s.skill.slug}": s.level for s in profile.skills.select_related("skill")},
        }
    form = ProfileForm(
        request.POST or None,
        initial=initial,
        skills=skills,
        organisations=None if resident else organisations,
        resident=resident,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        evidence = {}
        if profile is not None:
            evidence = {s.skill.slug: s.evidence for s in profile.skills.select_related("skill")}
        try:
            services.profile_save(
                user=request.user,
                organisation=None if resident else data["organisation"],
                municipality=profile.municipality if resident and profile else None,
                hours_per_week=data["hours_per_week"],
                willing_to_lead=data["willing_to_lead"],
                available_from=data.get("available_from"),
                available_until=data.get("available_until"),
                skills=[
                    services.SkillLevel(slug, level, evidence.get(slug, ""))
                    for slug, level in form.skill_levels().items()
                ],
                consent=resident,
                by=request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            return redirect("teams:my_profile")
    return render(request, "teams/profile_edit.html", {"form": form, "profile": profile})


@login_required
def invitation(request: HttpRequest, pk: int) -> HttpResponse:
    """The invited person answers, logged in."""
    member = get_object_or_404(
        TeamMember.objects.select_related("team__challenge", "team__leader", "profile__user"), pk=pk
    )
    require(request, "teams.respond_invitation", member, hide=True)
    return _respond(request, member, token="")


def invitation_token(request: HttpRequest, token: str) -> HttpResponse:
    """The invited person follows the link in the e-mail. The link expires; a person with an account
    answers logged in as themself (the link leads to the log-in), one without answers here."""
    member = selectors.member_by_token(token)
    if member is None:
        raise Http404
    if workflow.token_expired(member.invited_at, timezone.now()):
        return render(
            request,
            "teams/invitation_expired.html",
            {"member": member, "challenge": member.team.challenge},
            status=410,
        )
    if services.has_account(member.profile.user):
        target = reverse("teams:invitation", args=[member.pk])
        if request.user.is_authenticated and request.user.pk == member.profile.user_id:
            return redirect(target)
        return redirect_to_login(target)
    return _respond(request, member, token=token)


def _respond(request: HttpRequest, member: TeamMember, *, token: str) -> HttpResponse:
    open_ = member.status == MemberStatus.INVITED
    form = ResponseForm(
        request.POST or None,
        initial={"hours_committed": member.hours_committed or member.profile.hours_per_week},
    )
    if request.method == "POST" and open_ and form.is_valid():
        data = form.cleaned_data
        try:
            services.invitation_respond(
                member=member,
                accept=data["decision"] == "accept",
                reason=data.get("reason") or "",
                hours_committed=data.get("hours_committed"),
                confirm_over=data.get("confirm_over", False),
                by=request.user if request.user.is_authenticated and not token else None,
                request=request,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if token:
                return redirect("teams:invitation_token", token=token)
            return redirect("teams:invitation", pk=member.pk)
    return render(
        request,
        "teams/invitation.html",
        {"member": member, "form": form, "open": open_, "challenge": member.team.challenge},
    )


# --- organisation contact: hours of their people ------------------------------------------------


@login_required
def organisation_hours(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    require(request, "teams.view_organisation_hours", organisation, hide=True)
    rows = selectors.organisation_hours(organisation)
    return render(request, "teams/organisation_hours.html", {"organisation": organisation, "rows": rows})


# --- team needs, formation and the team of a challenge ------------------------------------------


def _challenge(request: HttpRequest, slug: str, perm: str) -> Any:
    challenge = challenge_for_user_or_404(request.user, slug)
    require(request, perm, challenge)
    return challenge


@login_required
def needs_edit(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = _challenge(request, slug, "teams.form_team")
    start = selectors.needs_form_start(challenge, use_suggestion=request.GET.get("voorstel") == "1")
    form = TeamNeedsForm(request.POST or None, initial=start.initial)
    # bound: no initial rows, or rows equal to a suggestion would count as "unchanged" and be skipped
    formset: Any = (
        NeedSkillFormSet(request.POST, prefix="skills")
        if request.method == "POST"
        else NeedSkillFormSet(initial=start.rows, prefix="skills")
    )
    if request.method == "POST":
        if form.is_valid():
            formset.team_size = form.cleaned_data["team_size"]
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                services.team_needs_save(
                    challenge=challenge,
                    team_size=data["team_size"],
                    max_share_per_organisation=data["max_share_percent"] / 100,
                    min_organisations=data["min_organisations"],
                    min_residents=data["min_residents"],
                    min_hours_per_week=data["min_hours_per_week"],
                    skills=[services.NeedRow(*row) for row in formset.rows()],
                    by=request.user,
                    request=request,
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                return redirect("teams:formation", slug=challenge.slug)
    return render(
        request,
        "teams/needs_form.html",
        {
            "challenge": challenge,
            "form": form,
            "formset": formset,
            "formset_errors": request.method == "POST"
            and (bool(formset.non_form_errors()) or any(formset.errors)),
            "suggestion": start.suggestion,
            "reading": start.reading,
            "skill_labels": {s.slug: s.label for s in selectors.skills()},
            "has_needs": start.has_needs,
        },
    )


@login_required
def formation(request: HttpRequest, slug: str) -> HttpResponse:
    """Team formation: solve, lock people in, leave people out, solve again, invite, fill the places
    of those who declined."""
    challenge = _challenge(request, slug, "teams.form_team")
    error = ""
    if request.method == "POST" and selectors.needs_of(challenge) is not None:
        action = request.POST.get("action", "solve")
        try:
            if action == "invite":
                proposal = get_object_or_404(
                    TeamProposal, pk=request.POST.get("proposal") or 0, challenge=challenge
                )
                services.team_invite(proposal=proposal, by=request.user, request=request)
                return redirect("teams:members", slug=challenge.slug)
            if action == "fill":
                team = selectors.team_of(challenge)
                if team is None:
                    raise Http404
                proposal = services.team_resolve(team=team, by=request.user, request=request)
            else:
                exclude = selectors.profile_ids(request.POST.getlist("exclude"))
                include = [
                    pk for pk in selectors.profile_ids(request.POST.getlist("include")) if pk not in exclude
                ]
                proposal = services.team_propose(
                    challenge_or_needs=challenge,
                    by=request.user,
                    include=include,
                    exclude=exclude,
                    request=request,
                )
        except ValidationError as exc:
            error = "; ".join(exc.messages)
        else:
            return redirect(f"{request.path}?voorstel={proposal.pk}")
    context = selectors.formation_page(challenge, wanted=request.GET.get("voorstel", ""))
    return render(request, "teams/formation.html", {**context, "error": error}, status=400 if error else 200)


@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    """The innovation team across organisations: members, invitations, roles, hours, charter."""
    challenge = _challenge(request, slug, "teams.view_team")
    team = selectors.team_of(challenge)
    manage = request.user.has_perm("teams.form_team", challenge)
    if request.method == "POST" and not manage:
        require(request, "teams.form_team", challenge)
    charter_form = None
    error = ""
    if team is not None and manage:
        action = request.POST.get("action") if request.method == "POST" else None
        charter_form = CharterForm(
            request.POST if action == "charter" else None,
            initial={"meeting_rhythm": team.meeting_rhythm, "working_agreements": team.working_agreements},
        )
        if action == "charter" and charter_form.is_valid():
            services.team_charter_save(
                team=team, by=request.user, request=request, **charter_form.cleaned_data
            )
            return redirect("teams:members", slug=slug)
        if action == "member":
            member = get_object_or_404(TeamMember, pk=request.POST.get("member") or 0, team=team)
            member_form = MemberForm(request.POST)
            if member_form.is_valid():
                services.member_update(
                    member=member, by=request.user, request=request, **member_form.cleaned_data
                )
                return redirect("teams:members", slug=slug)
            error = " ".join(
                f"{member_form.fields[k].label}: {' '.join(str(e) for e in v)}"
                for k, v in member_form.errors.items()
                if k in member_form.fields
            )
        if action == "resolve":
            try:
                proposal = services.team_resolve(team=team, by=request.user, request=request)
            except ValidationError as exc:
                error = "; ".join(exc.messages)
            else:
                return redirect(reverse("teams:formation", args=[slug]) + f"?voorstel={proposal.pk}")
    return render(
        request,
        "teams/members.html",
        {
            **selectors.team_page(team),
            "challenge": challenge,
            "team": team,
            "manage": manage,
            "charter_form": charter_form,
            "member_form_roles": MemberRole.choices,
            "error": error,
            "sections": render_team_sections(request, team),
        },
        status=400 if error else 200,
    )
