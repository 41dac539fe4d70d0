"""Talent-pool pages (thin: parse, call a service or selector, render)."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veerkracht.core.permissions import require
from veerkracht.teams import selectors, services
from veerkracht.teams.forms import ResidentSignUpForm, SkillForm
from veerkracht.teams.models import Profile

PAGE_SIZE = 25


def _uid(request: HttpRequest) -> int:
    return int(request.user.pk or 0)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The talent pool of the municipalities where the visitor is coordinator or regisseur."""
    require(request, "teams.view_pool")
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
        return render(request, "teams/my_profile.html", {"profile": None})
    require(request, "teams.manage_own_profile", profile, hide=True)
    return render(
        request,
        "teams/my_profile.html",
        {"profile": profile, "skills": profile.skills.select_related("skill")},
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
        services.profile_delete(profile=profile, by=request.user)
        return redirect("teams:my_profile")
    return render(request, "teams/confirm_delete.html", {"profile": profile})


def sign_up(request: HttpRequest) -> HttpResponse:
    """Public page: a resident joins the talent pool with explicit, revocable consent."""
    skills = list(selectors.skills())
    user = request.user if request.user.is_authenticated else None
    if user is not None and Profile.objects.filter(user=user).exists():
        return redirect("teams:my_profile")
    form = ResidentSignUpForm(request.POST or None, skills=skills, user=user)
    if request.method == "POST" and form.is_valid():
        from veerkracht.accounts.models import User

        data = form.cleaned_data
        try:
            with transaction.atomic():
                if user is None:
                    user = User.objects.create_user(
                        email=data["email"], password=data["password"], full_name=data["full_name"]
                    )
                services.profile_save(
                    user=user,
                    organisation=None,
                    municipality=data["municipality"],
                    hours_per_week=data["hours_per_week"],
                    willing_to_lead=data["willing_to_lead"],
                    skills=[services.SkillLevel(slug, level) for slug, level in form.skill_levels().items()],
                    consent=data["consent"],
                    by=user,
                )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return render(request, "teams/sign_up_done.html", {"logged_in": request.user.is_authenticated})
    return render(request, "teams/sign_up.html", {"form": form})


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
            form.add_error(None, exc)
        else:
            return redirect("teams:skills")
    return render(request, "teams/skill_form.html", {"form": form, "title": _("Add a skill")})


@login_required
def skills(request: HttpRequest) -> HttpResponse:
    require(request, "teams.view_pool")
    return render(request, "teams/skills.html", {"skills": selectors.skills()})
