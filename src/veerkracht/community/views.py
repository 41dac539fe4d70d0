"""Pages of the learning community: search, lessons, communities of practice, learned elsewhere, and
the open-data list of lessons shared with everyone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veerkracht.agenda.selectors import challenge_for_user_or_404
from veerkracht.community import search, selectors, services
from veerkracht.community.forms import EvidenceForm, LessonForm
from veerkracht.community.models import CommunityOfPractice, Lesson
from veerkracht.community.sections import render_community_sections
from veerkracht.core.permissions import require
from veerkracht.core.response_cache import public_answer, session_answer

OPEN_DATA_LIMIT = 500


def _page(request: HttpRequest) -> int:
    try:
        return max(1, min(int(request.GET.get("pagina", "1")), 1000))
    except ValueError:
        return 1


@public_answer
def index(request: HttpRequest) -> HttpResponse:
    """Search the lessons the visitor may see (anonymous visitors: the public ones)."""
    query = request.GET.get("q", "")
    facets = search.Facets.from_query(request.GET)
    page = _page(request)
    result = search.search_lessons(
        request.user, query, facets, limit=search.PAGE_SIZE, offset=(page - 1) * search.PAGE_SIZE
    )
    return render(
        request,
        "community/index.html",
        {
            "result": result,
            "facets": facets,
            "page": page,
            "has_next": page * search.PAGE_SIZE < result.total,
            "may_write": request.user.has_perm("community.add_lesson"),
        },
    )


def _lesson(request: HttpRequest, pk: int) -> Lesson:
    lesson = selectors.lesson_for_user_or_none(request.user, pk)
    if lesson is None:
        raise Http404
    return lesson


@public_answer
def lesson_detail(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = _lesson(request, pk)
    may_change = request.user.has_perm("community.change_lesson", lesson)
    # a lesson shared widely may come from a challenge the reader may not see: then it is not named
    challenge = lesson.challenge
    show_challenge = challenge is not None and (
        challenge.is_public or request.user.has_perm("agenda.view_challenge", challenge)
    )
    return render(
        request,
        "community/lesson.html",
        {
            "lesson": lesson,
            "show_challenge": show_challenge,
            "may_change": may_change,
            "evidence_form": EvidenceForm() if may_change else None,
        },
    )


@login_required
def lesson_new(request: HttpRequest) -> HttpResponse:
    require(request, "community.add_lesson")
    initial = {}
    slug = request.GET.get("opgave")
    if slug:
        challenge = challenge_for_user_or_404(request.user, slug)
        require(request, "community.add_lesson", challenge, hide=True)
        initial = {
            "challenge": challenge,
            "domain": challenge.domain,
            "municipality": challenge.lead_municipality,
        }
    form = LessonForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data.get("challenge")
        if chosen is not None:
            require(request, "community.add_lesson", chosen, hide=True)
        try:
            lesson = services.save_lesson(by=request.user, **form.cleaned_data)
        except services.LessonError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The lesson has been saved."))
            return redirect("community:lesson", pk=lesson.pk)
    return render(request, "community/lesson_form.html", {"form": form, "lesson": None})


@login_required
def lesson_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = _lesson(request, pk)
    require(request, "community.change_lesson", lesson)
    form = LessonForm(request.POST or None, instance=lesson, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_lesson(by=request.user, lesson=lesson, **form.cleaned_data)
        except services.LessonError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The lesson has been saved."))
            return redirect("community:lesson", pk=lesson.pk)
    return render(request, "community/lesson_form.html", {"form": form, "lesson": lesson})


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    lesson = _lesson(request, pk)
    require(request, "community.change_lesson", lesson)
    form = EvidenceForm(request.POST)
    if form.is_valid():
        services.add_evidence(lesson=lesson, **form.cleaned_data)
        messages.success(request, _("The evidence has been added."))
        return redirect("community:lesson", pk=lesson.pk)
    return render(
        request,
        "community/lesson.html",
        {"lesson": lesson, "may_change": True, "evidence_form": form},
        status=400,
    )


@public_answer
def open_data(request: HttpRequest) -> JsonResponse:
    """Open data: the lessons shared with everyone (never more), newest first."""
    lessons = selectors.with_details(selectors.visible_lessons(AnonymousUser()))
    query = request.GET.get("q", "").strip()[:200]
    if query:
        lessons = search.matching(lessons, query)
    rows = [
        {
            "id": lesson.pk,
            "title": lesson.title,
            "tried": lesson.tried,
            "outcome": lesson.outcome,
            "domain": lesson.domain.code,
            "municipality": lesson.municipality.name,
            "size_band": lesson.size_band,
            "neighbourhood_type": lesson.neighbourhood_type,
            "created_at": lesson.created_at.isoformat(),
            "evidence": [
                {"kind": e.kind, "url": e.url, "reference": e.reference, "description": e.description}
                for e in lesson.evidence.all()
            ],
        }
        for lesson in lessons[:OPEN_DATA_LIMIT]
    ]
    return JsonResponse(
        {"licence": "CC0-1.0", "count": len(rows), "lessons": rows}, json_dumps_params={"ensure_ascii": False}
    )


@login_required
def communities(request: HttpRequest) -> HttpResponse:
    cops = list(selectors.communities_visible_to(request.user))
    mine = set(
        request.user.practice_memberships.values_list("cop_id", flat=True)  # type: ignore[union-attr]
    )
    return render(request, "community/communities.html", {"cops": cops, "mine": mine})


def _cop(request: HttpRequest, slug: str) -> CommunityOfPractice:
    cop = get_object_or_404(CommunityOfPractice, slug=slug)
    require(request, "community.view_cop", cop, hide=True)
    return cop


@login_required
def community_detail(request: HttpRequest, slug: str) -> HttpResponse:
    cop = _cop(request, slug)
    return render(
        request,
        "community/community.html",
        {
            "cop": cop,
            "members": list(selectors.members_of(cop)),
            "is_member": selectors.is_member(request.user, cop),
            "sections": render_community_sections(request, cop),
        },
    )


@login_required
@require_POST
def community_membership(request: HttpRequest, slug: str) -> HttpResponse:
    cop = _cop(request, slug)
    require(request, "community.join_cop", cop)
    if request.POST.get("action") == "leave":
        services.leave(user=request.user, cop=cop)
        messages.success(request, _("You have left the community of practice."))
    else:
        services.join(user=request.user, cop=cop)
        messages.success(request, _("You have joined the community of practice."))
    return redirect("community:community", slug=cop.slug)


@session_answer
def elsewhere(request: HttpRequest, slug: str) -> HttpResponse:
    """Learned elsewhere for one challenge the visitor may see."""
    challenge = challenge_for_user_or_404(request.user, slug)
    items = selectors.similar_elsewhere(challenge, request.user, limit=5)
    # asked by the challenge page's section once it comes into view (htmx): only what was found
    fragment = bool(getattr(request, "htmx", False))
    response = render(
        request,
        "community/_elsewhere_found.html" if fragment else "community/elsewhere.html",
        {
            "challenge": challenge,
            "lessons": [i for i in items if i.kind == "lesson"],
            "challenges": [i for i in items if i.kind == "challenge"],
        },
    )
    patch_vary_headers(response, ["HX-Request"])
    return response
