"""Pages of participation (thin: parse, call a service or selector, render)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from veerkracht.agenda.models import Agenda
from veerkracht.agenda.selectors import agendas_visible_to, challenge_for_user_or_404
from veerkracht.core.forms import apply_validation_error
from veerkracht.core.http import rate_limited
from veerkracht.core.permissions import require
from veerkracht.core.response_cache import public_answer
from veerkracht.participation import privacy, selectors, services, states
from veerkracht.participation.forms import (
    CommentForm,
    HideCommentForm,
    IdeaForm,
    LinkForm,
    ReportCommentForm,
    TransitionForm,
)

PAGE_SIZE = 25
#: Per person per hour.
IDEAS_PER_HOUR = 10
SUPPORTS_PER_HOUR = 60
COMMENTS_PER_HOUR = 20
REPORTS_PER_HOUR = 30
WINDOW = 3600


@public_answer
@require_safe
def ideas(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = challenge_for_user_or_404(request.user, slug)
    page = Paginator(selectors.ideas_of(challenge), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_support_counts(page.object_list)
    return render(
        request,
        "participation/ideas.html",
        {
            "challenge": challenge,
            "page": page,
            "summary": selectors.summary(challenge),
            "may_add": request.user.has_perm("participation.add_idea", challenge),
        },
    )


@require_safe
def similar(request: HttpRequest, slug: str) -> HttpResponse:
    """The similar ideas for what is being typed (an HTML fragment for the idea form)."""
    challenge = challenge_for_user_or_404(request.user, slug)
    query = f"{request.GET.get('title', '')} {request.GET.get('text', '')}"[:2000]
    return render(
        request,
        "participation/_similar.html",
        {"similar": selectors.similar_ideas(challenge, query), "checked": bool(query.strip())},
    )


@login_required
def idea_new(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = challenge_for_user_or_404(request.user, slug)
    require(request, "participation.add_idea", challenge)
    form = IdeaForm(
        request.POST or None,
        request.FILES or None,
        challenge=challenge,
        similar_url=reverse("participation:similar", args=[challenge.slug]),
    )
    return _idea_form(
        request,
        form,
        {"challenge": challenge},
        similar=lambda query: selectors.similar_ideas(challenge, query),
        create=lambda **fields: services.idea_create(challenge=challenge, **fields),
    )


def _idea_form(
    request: HttpRequest,
    form: IdeaForm,
    context: dict[str, Any],
    *,
    similar: Callable[[str], Any],
    create: Callable[..., Any],
) -> HttpResponse:
    """The idea form, for an idea on a challenge or on an agenda as a whole: the "check for similar
    ideas" step without JavaScript (keeping what was typed), the rate limit, and the submission."""
    context = {**context, "form": form, "similar": None}
    if request.method == "POST" and "check" in request.POST:
        query = f"{request.POST.get('title', '')} {request.POST.get('text', '')}"[:2000]
        context["similar"] = similar(query)
        context["checked"] = True
        form.errors.clear()
        return render(request, "participation/idea_form.html", context)
    if request.method == "POST" and form.is_valid():
        if rate_limited(
            request, "participation:idea", limit=IDEAS_PER_HOUR, period=WINDOW, who=f"user:{request.user.pk}"
        ):
            form.add_error(None, _("You have submitted many ideas in a short time. Please try again later."))
            return render(request, "participation/idea_form.html", context, status=429)
        data = form.cleaned_data
        try:
            idea = create(
                by=request.user,
                title=data["title"],
                text=data["text"],
                nickname=data.get("nickname") or "",
                neighbourhood=data.get("neighbourhood"),
                picture=form.cleaned_picture,
                request=request,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Thank you: your idea has been received."))
            return redirect("participation:idea", pk=idea.pk)
    return render(request, "participation/idea_form.html", context)


@require_safe
def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    idea = selectors.idea_for_user_or_404(request.user, pk)
    may_change = request.user.has_perm("participation.change_idea_state", idea)
    targets = states.targets(idea.state)
    return render(
        request,
        "participation/idea.html",
        {
            "idea": idea,
            "challenge": idea.challenge,
            "supports": selectors.supports_of(idea),
            "supported": selectors.supported_by(idea, request.user),
            "may_support": request.user.has_perm("participation.support_idea", idea),
            "changes": idea.changes.all(),
            "transition_form": TransitionForm(idea=idea, targets=targets) if may_change and targets else None,
            **_comment_context(request, idea),
        },
    )


def _link_form(request: HttpRequest, idea: Any) -> LinkForm | None:
    return LinkForm(idea=idea) if request.user.has_perm("participation.link_idea", idea) else None


def _comment_context(request: HttpRequest, idea: Any, comment_form: Any = None) -> dict[str, Any]:
    may_comment = request.user.has_perm("participation.comment_idea", idea)
    return {
        "comments": selectors.comments_of(idea, request.user),
        "link_form": _link_form(request, idea),
        "may_comment": may_comment,
        "may_moderate": request.user.has_perm("participation.change_idea_state", idea),
        "comment_form": comment_form or (CommentForm() if may_comment else None),
        "hide_form": HideCommentForm(),
        "report_form": ReportCommentForm(),
    }


@require_safe
def idea_picture(request: HttpRequest, pk: int) -> FileResponse:
    idea = selectors.idea_for_user_or_404(request.user, pk)
    if not idea.picture:
        raise Http404
    response = FileResponse(idea.picture.open("rb"))
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def idea_support(request: HttpRequest, pk: int) -> HttpResponse:
    idea = selectors.idea_for_user_or_404(request.user, pk)
    require(request, "participation.support_idea", idea)
    if rate_limited(
        request,
        "participation:support",
        limit=SUPPORTS_PER_HOUR,
        period=WINDOW,
        who=f"user:{request.user.pk}",
    ):
        messages.error(request, _("You have supported many ideas in a short time. Please try again later."))
        return redirect("participation:idea", pk=idea.pk)
    if services.idea_support(idea=idea, by=request.user, request=request):
        messages.success(request, _("You support this idea."))
    return redirect("participation:idea", pk=idea.pk)


@login_required
@require_POST
def idea_transition(request: HttpRequest, pk: int) -> HttpResponse:
    idea = selectors.idea_for_user_or_404(request.user, pk)
    require(request, "participation.change_idea_state", idea)
    form = TransitionForm(request.POST, idea=idea, targets=states.targets(idea.state))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.idea_transition(
                idea=idea,
                target=data["state"],
                by=request.user,
                outcome=data["outcome"],
                outcome_url=data["outcome_url"],
                reason=data["reason"],
                merged_into=data["merged_into"],
                request=request,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The state has been changed; the author and supporters are told."))
            return redirect("participation:idea", pk=idea.pk)
    return render(
        request,
        "participation/idea.html",
        {
            "idea": idea,
            "challenge": idea.challenge,
            "supports": selectors.supports_of(idea),
            "supported": selectors.supported_by(idea, request.user),
            "may_support": False,
            "changes": idea.changes.all(),
            "transition_form": form,
            **_comment_context(request, idea),
        },
        status=400,
    )


@require_safe
@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """The coordinator's overview: ideas without a first answer past their municipality's term."""
    require(request, "participation.view_overview")
    page = Paginator(selectors.overdue_ideas(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_support_counts(page.object_list)
    reports = Paginator(selectors.reported_comments(request.user), PAGE_SIZE).get_page(
        request.GET.get("meldingen")
    )
    return render(request, "participation/overview.html", {"page": page, "reports": reports})


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an idea e-mail: a button (mail scanners that follow links change nothing)."""
    user = services.unsubscribe_pending(token)
    if user is None:
        return render(request, "participation/unsubscribe.html", {"invalid": True}, status=410)
    if request.method == "POST":
        services.unsubscribe(token)
        return render(request, "participation/unsubscribe.html", {"done": True})
    return render(request, "participation/unsubscribe.html", {})


@login_required
@require_POST
def idea_comment(request: HttpRequest, pk: int) -> HttpResponse:
    idea = selectors.idea_for_user_or_404(request.user, pk)
    require(request, "participation.comment_idea", idea)
    form = CommentForm(request.POST)
    if form.is_valid():
        if rate_limited(
            request,
            "participation:comment",
            limit=COMMENTS_PER_HOUR,
            period=WINDOW,
            who=f"user:{request.user.pk}",
        ):
            form.add_error(None, _("You have placed many comments in a short time. Please try again later."))
            return _idea_page_with_comment_form(request, idea, form, status=429)
        try:
            services.comment_add(idea=idea, by=request.user, text=form.cleaned_data["text"], request=request)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Your comment has been placed."))
            return redirect(reverse("participation:idea", args=[idea.pk]) + "#comments")
    return _idea_page_with_comment_form(request, idea, form, status=400)


def _idea_page_with_comment_form(request: HttpRequest, idea: Any, form: Any, *, status: int) -> HttpResponse:
    targets = states.targets(idea.state)
    may_change = request.user.has_perm("participation.change_idea_state", idea)
    return render(
        request,
        "participation/idea.html",
        {
            "idea": idea,
            "challenge": idea.challenge,
            "supports": selectors.supports_of(idea),
            "supported": selectors.supported_by(idea, request.user),
            "may_support": request.user.has_perm("participation.support_idea", idea),
            "changes": idea.changes.all(),
            "transition_form": TransitionForm(idea=idea, targets=targets) if may_change and targets else None,
            **_comment_context(request, idea, form),
        },
        status=status,
    )


@login_required
@require_POST
def comment_hide(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_for_user_or_404(request.user, pk)
    require(request, "participation.hide_comment", comment)
    form = HideCommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_hide(
                comment=comment, by=request.user, reason=form.cleaned_data["reason"], request=request
            )
        except ValidationError:
            pass
        else:
            messages.success(request, _("The comment is hidden; its author sees your reason."))
            return redirect(reverse("participation:idea", args=[comment.idea_id]) + f"#comment-{comment.pk}")
    messages.error(request, _("Give the reason for hiding the comment."))
    return redirect(reverse("participation:idea", args=[comment.idea_id]) + f"#comment-{comment.pk}")


@login_required
@require_POST
def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_for_user_or_404(request.user, pk)
    require(request, "participation.report_comment", comment)
    form = ReportCommentForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if rate_limited(
        request, "participation:report", limit=REPORTS_PER_HOUR, period=WINDOW, who=f"user:{request.user.pk}"
    ):
        messages.error(request, _("You have reported many comments in a short time. Please try again later."))
    elif services.comment_report(comment=comment, by=request.user, reason=reason, request=request):
        messages.success(request, _("Thank you: the moderator will look at this comment."))
    else:
        messages.info(request, _("You have already reported this comment."))
    return redirect(reverse("participation:idea", args=[comment.idea_id]) + f"#comment-{comment.pk}")


# --- ideas on the agenda as a whole ----------------------------------------------------------------


def _agenda_or_404(user: Any, slug: str) -> Agenda:
    agenda = agendas_visible_to(user).filter(slug=slug).first()
    if agenda is None:
        raise Http404
    return agenda


@public_answer
@require_safe
def agenda_ideas(request: HttpRequest, slug: str) -> HttpResponse:
    agenda = _agenda_or_404(request.user, slug)
    page = Paginator(selectors.agenda_ideas_for(agenda, request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = selectors.with_support_counts(page.object_list)
    return render(
        request,
        "participation/agenda_ideas.html",
        {
            "agenda": agenda,
            "page": page,
            "summary": selectors.agenda_summary(agenda),
            "is_open": selectors.agenda_ideas_open(agenda),
            "may_add": request.user.has_perm("participation.add_agenda_idea", agenda),
            "may_switch": request.user.has_perm("participation.open_agenda_ideas", agenda),
        },
    )


@login_required
def agenda_idea_new(request: HttpRequest, slug: str) -> HttpResponse:
    agenda = _agenda_or_404(request.user, slug)
    require(request, "participation.add_agenda_idea", agenda)
    form = IdeaForm(request.POST or None, request.FILES or None, municipality_id=agenda.municipality_id)
    return _idea_form(
        request,
        form,
        {"agenda": agenda},
        similar=lambda query: selectors.similar_ideas(None, query, agenda=agenda),
        create=lambda **fields: services.agenda_idea_create(agenda=agenda, **fields),
    )


@login_required
@require_POST
def agenda_ideas_switch(request: HttpRequest, slug: str) -> HttpResponse:
    agenda = _agenda_or_404(request.user, slug)
    require(request, "participation.open_agenda_ideas", agenda)
    is_open = request.POST.get("open") == "1"
    services.agenda_ideas_set_open(agenda=agenda, by=request.user, open=is_open, request=request)
    messages.success(
        request,
        _("Residents can now submit ideas on the agenda as a whole.")
        if is_open
        else _("Ideas on the agenda as a whole are closed; the ideas already in stay."),
    )
    return redirect("participation:agenda_ideas", slug=agenda.slug)


@login_required
@require_POST
def idea_link(request: HttpRequest, pk: int) -> HttpResponse:
    idea = selectors.idea_for_user_or_404(request.user, pk)
    require(request, "participation.link_idea", idea)
    form = LinkForm(request.POST, idea=idea)
    if form.is_valid():
        try:
            services.idea_link(
                idea=idea, challenge=form.cleaned_data["challenge"], by=request.user, request=request
            )
        except ValidationError:
            pass
        else:
            messages.success(request, _("The idea is now an idea on this challenge."))
            return redirect("participation:idea", pk=idea.pk)
    messages.error(request, _("Choose a challenge of this agenda."))
    return redirect("participation:idea", pk=idea.pk)


# --- a resident's own data --------------------------------------------------------------------------


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """What participation holds about the person logged in: export it, or have it forgotten."""
    if request.method == "POST":
        if request.POST.get("confirm") != "1":
            messages.error(request, _("Tick the box to confirm that your data may be deleted."))
            return render(request, "participation/my_data.html", _my_data_context(request), status=400)
        privacy.participation_forget(user=request.user, request=request)
        messages.success(request, _("Your participation data has been deleted; your ideas stay, anonymised."))
        return redirect("participation:my_data")
    return render(request, "participation/my_data.html", _my_data_context(request))


def _my_data_context(request: HttpRequest) -> dict[str, Any]:
    data = privacy.participation_export(request.user)
    kinds = ("ideas", "supports", "comments", "reports", "sessions")
    return {"counts": {key: len(data[key]) for key in kinds}}


@require_safe
@login_required
def my_data_export(request: HttpRequest) -> HttpResponse:
    body = json.dumps(privacy.participation_export(request.user), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mijn-meedoen-gegevens.json"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
