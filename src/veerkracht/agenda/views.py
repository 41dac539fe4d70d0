"""Thin views: parse, check permission through ``require``, call a selector or service, render."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from veerkracht.agenda import exchange, hub, selectors, services, workflow
from veerkracht.agenda.events import AgendaEvent
from veerkracht.agenda.forms import (
    AgendaForm,
    ChallengeFilterForm,
    ChallengeForm,
    ImportForm,
    InvitationAnswerForm,
    PublishForm,
    ScoreForm,
    StakeholderForm,
    TransitionForm,
)
from veerkracht.agenda.models import Agenda, AgendaPartnerInvitation, Challenge, Score, Stakeholder
from veerkracht.agenda.stakeholder_analysis import MapEntry, stakeholder_map_svg
from veerkracht.audit.logger import log
from veerkracht.core.forms import apply_validation_error
from veerkracht.core.permissions import can, require
from veerkracht.core.response_cache import public_answer, session_answer

PAGE_SIZE = 25
# The fields the forms pass to the services as keywords (the slug is passed on its own).
AGENDA_FIELDS = [f for f in services.AGENDA_FIELDS if f != "slug"]
CHALLENGE_FIELDS = [f for f in services.CHALLENGE_FIELDS if f != "slug"]


def _agenda(slug: str) -> Agenda:
    return get_object_or_404(Agenda.objects.select_related("municipality", "region"), slug=slug)


def _challenge(slug: str) -> Challenge:
    return get_object_or_404(
        Challenge.objects.select_related("agenda", "domain", "lead_municipality", "regisseur"), slug=slug
    )


# --- agendas ------------------------------------------------------------------------------------


@session_answer
def agenda_index(request: HttpRequest) -> HttpResponse:
    agendas = selectors.agendas_visible_to(request.user).order_by("-period_start", "title")
    page = Paginator(agendas, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "agenda/index.html",
        {"page": page, "can_add": can(request.user, "agenda.add_agenda")},
    )


@login_required
def agenda_create(request: HttpRequest) -> HttpResponse:
    require(request, "agenda.add_agenda")
    form = AgendaForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agenda = services.agenda_create(
                by=request.user,
                slug=data["slug"],
                coordinators=data["coordinators"],
                partners=data["partners"],
                request=request,
                **{f: data[f] for f in AGENDA_FIELDS},
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The agenda has been created."))
            return redirect("agenda:detail", slug=agenda.slug)
    return render(request, "agenda/agenda_form.html", {"form": form, "agenda": None})


@session_answer
def agenda_detail(request: HttpRequest, slug: str) -> HttpResponse:
    agenda = _agenda(slug)
    if not can(request.user, "agenda.view_agenda", agenda) and agenda.published:
        return redirect("agenda:public_agenda", slug=agenda.slug)
    require(request, "agenda.view_agenda", agenda, hide=True)
    filter_form = ChallengeFilterForm(request.GET or None, agenda=agenda)
    filters = selectors.ChallengeFilter()
    if filter_form.is_valid():
        filters = selectors.ChallengeFilter(**filter_form.cleaned_data)
    challenges = selectors.filter_challenges(selectors.agenda_challenges_for(request.user, agenda), filters)
    page = Paginator(challenges.order_by("title", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    querystring = urlencode(
        {
            k: v
            for k, v in (
                filter_form.cleaned_data if filter_form.is_bound and filter_form.is_valid() else {}
            ).items()
            if v
        }
    )
    return render(
        request,
        "agenda/agenda_detail.html",
        {
            "agenda": agenda,
            "page": page,
            "filter_form": filter_form,
            "filters": filters,
            "querystring": querystring,
            "can_change": can(request.user, "agenda.change_agenda", agenda),
            "can_add_challenge": can(request.user, "agenda.add_challenge", agenda),
            "can_publish": can(request.user, "agenda.publish_agenda", agenda),
            "invited_partners": selectors.invited_partners(agenda)
            if can(request.user, "agenda.change_agenda", agenda)
            else [],
        },
    )


@login_required
def agenda_edit(request: HttpRequest, slug: str) -> HttpResponse:
    agenda = _agenda(slug)
    require(request, "agenda.change_agenda", agenda, hide=not can(request.user, "agenda.view_agenda", agenda))
    form = AgendaForm(request.POST or None, instance=agenda, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.agenda_update(
                agenda=agenda,
                by=request.user,
                coordinators=data["coordinators"],
                partners=data["partners"],
                request=request,
                slug=data["slug"] or agenda.slug,
                **{f: data[f] for f in AGENDA_FIELDS},
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The agenda has been saved."))
            return redirect("agenda:detail", slug=agenda.slug)
    return render(request, "agenda/agenda_form.html", {"form": form, "agenda": agenda})


@login_required
@require_POST
def agenda_publish(request: HttpRequest, slug: str) -> HttpResponse:
    agenda = _agenda(slug)
    require(
        request, "agenda.publish_agenda", agenda, hide=not can(request.user, "agenda.view_agenda", agenda)
    )
    form = PublishForm(request.POST)
    if form.is_valid():
        services.agenda_publish(
            agenda=agenda, by=request.user, published=form.cleaned_data["published"], request=request
        )
        messages.success(
            request,
            _("The agenda is now public.") if agenda.published else _("The agenda is no longer public."),
        )
    return redirect("agenda:detail", slug=agenda.slug)


def agenda_ranking(request: HttpRequest, slug: str) -> HttpResponse:
    agenda = _agenda(slug)
    require(request, "agenda.view_agenda", agenda, hide=True)
    ranked = selectors.ranked_challenges(agenda, selectors.agenda_challenges_for(request.user, agenda))
    page = Paginator(ranked, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "agenda/ranking.html",
        {"agenda": agenda, "page": page, "weights": agenda.weights, "criteria": _criteria_labels()},
    )


def _criteria_labels() -> dict[str, str]:
    return {
        "urgency": _("Urgency"),
        "impact": _("Societal impact"),
        "feasibility": _("Feasibility"),
        "innovation": _("Innovation potential"),
    }


def _export_rows(request: HttpRequest, agenda: Agenda) -> list[dict[str, Any]]:
    challenges = selectors.agenda_challenges_for(request.user, agenda)
    ranked = selectors.ranked_challenges(agenda, challenges)
    log(AgendaEvent.AGENDA_EXPORTED, actor=request.user, target=agenda, request=request)
    return exchange.export_rows(challenges, ranked)


@login_required
def agenda_export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    agenda = _agenda(slug)
    require(request, "agenda.export_agenda", agenda, hide=True)
    response = HttpResponse(
        "\ufeff" + exchange.agenda_csv(_export_rows(request, agenda)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{slugify(agenda.slug)}.csv"'
    return response


@login_required
def agenda_export_json(request: HttpRequest, slug: str) -> HttpResponse:
    agenda = _agenda(slug)
    require(request, "agenda.export_agenda", agenda, hide=True)
    response = HttpResponse(
        exchange.agenda_json(agenda, _export_rows(request, agenda)), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{slugify(agenda.slug)}.json"'
    return response


@login_required
def agenda_import(request: HttpRequest, slug: str) -> HttpResponse:
    agenda = _agenda(slug)
    require(
        request, "agenda.import_challenges", agenda, hide=not can(request.user, "agenda.view_agenda", agenda)
    )
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[exchange.Problem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > exchange.MAX_BYTES:
            problems = [exchange.Problem(None, None, _("The file is larger than 2 MB."))]
        else:
            outcome = exchange.challenges_import(
                agenda=agenda, by=request.user, data=upload.read(), filename=upload.name, request=request
            )
            if outcome.ok:
                messages.success(
                    request, _("%(count)s challenges have been imported.") % {"count": len(outcome.created)}
                )
                return redirect("agenda:detail", slug=agenda.slug)
            problems = outcome.problems
    status = 400 if problems else 200
    return render(
        request,
        "agenda/import.html",
        {"agenda": agenda, "form": form, "problems": problems, "columns": exchange.COLUMNS},
        status=status,
    )


# --- partner invitations ------------------------------------------------------------------------


@login_required
def partner_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    """An invitation to co-own an agenda, answered by a contact of the invited organisation."""
    invitation = get_object_or_404(
        AgendaPartnerInvitation.objects.select_related(
            "agenda", "agenda__municipality", "agenda__region", "organisation", "invited_by"
        ),
        pk=pk,
    )
    if not selectors.may_answer_for(request.user, invitation.organisation):
        raise Http404
    form = InvitationAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["answer"] == "accept"
        try:
            services.partner_invitation_answer(
                invitation=invitation, by=request.user, accept=accept, request=request
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if accept:
                messages.success(
                    request,
                    _("%(organisation)s is now a partner of the agenda.")
                    % {"organisation": invitation.organisation.name},
                )
                return redirect("agenda:detail", slug=invitation.agenda.slug)
            messages.success(request, _("The invitation has been declined."))
        return redirect("core:home")
    return render(request, "agenda/invitation.html", {"invitation": invitation, "form": form})


# --- challenges ---------------------------------------------------------------------------------


@login_required
def challenge_create(request: HttpRequest, slug: str) -> HttpResponse:
    agenda = _agenda(slug)
    require(request, "agenda.add_challenge", agenda, hide=not can(request.user, "agenda.view_agenda", agenda))
    form = ChallengeForm(request.POST or None, agenda=agenda)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            challenge = services.challenge_create(
                agenda=agenda,
                by=request.user,
                slug=data["slug"],
                sdgs=data["sdgs"],
                neighbourhoods=data["neighbourhoods"],
                request=request,
                **{f: data[f] for f in CHALLENGE_FIELDS},
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The challenge has been added to the agenda."))
            return redirect("agenda:challenge", slug=challenge.slug)
    return render(request, "agenda/challenge_form.html", {"form": form, "agenda": agenda, "challenge": None})


def _score_explanation(challenge: Challenge) -> selectors.Ranked | None:
    ranked = selectors.ranked_challenges(challenge.agenda, [challenge])
    return ranked[0] if ranked else None


def _stakeholder_map(stakeholders: list[Stakeholder]) -> str:
    entries = [
        MapEntry(number=i, name=s.organisation.name, interest=s.interest, influence=s.influence)
        for i, s in enumerate(stakeholders, start=1)
    ]
    high = [e.name for e in entries if e.interest == "high" and e.influence == "high"]
    description = _(
        "Grid of %(count)s stakeholders by interest (horizontal) and influence (vertical). "
        "High interest and high influence: %(high)s. The table next to the map lists every stakeholder."
    ) % {"count": len(entries), "high": ", ".join(high) or _("none")}
    return stakeholder_map_svg(
        entries,
        title=_("Stakeholder map"),
        description=description,
        labels={
            "low": _("low"),
            "medium": _("medium"),
            "high": _("high"),
            "interest": _("Interest"),
            "influence": _("Influence"),
            "more": _("+{n} more"),
        },
    )


@session_answer
def challenge_detail(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = _challenge(slug)
    if not can(request.user, "agenda.view_challenge", challenge) and challenge.is_public:
        return redirect("agenda:public_challenge", slug=challenge.slug)
    require(request, "agenda.view_challenge", challenge, hide=True)
    stakeholders = selectors.stakeholders_of(challenge)
    timeline = selectors.timeline_of(challenge)
    stopped_from = (
        timeline[-1].from_status if timeline and challenge.status == workflow.Status.GESTOPT else ""
    )
    transitions = selectors.transitions_for(request.user, challenge)
    user = request.user
    ranked = _score_explanation(challenge)
    my_score = next((s for s in ranked.scores if s.scorer_id == user.pk), None) if ranked else None
    return render(
        request,
        "agenda/challenge_detail.html",
        {
            "challenge": challenge,
            "agenda": challenge.agenda,
            "stakeholders": stakeholders,
            "gaps": selectors.stakeholder_gaps(challenge, stakeholders),
            "stakeholder_map": _stakeholder_map(stakeholders),
            "timeline": timeline,
            "steps": hub.steps_for(challenge, user, stopped_from=stopped_from),
            "sections": hub.rendered_sections(challenge, user, request),
            "ranked": ranked,
            "criteria": _criteria_labels(),
            "weights": challenge.agenda.weights,
            "my_score": my_score,
            "transition_form": TransitionForm(transitions=transitions) if transitions else None,
            "sdgs": list(challenge.sdgs.all()),
            "neighbourhoods": list(challenge.neighbourhoods.all()),
            "can_change": can(user, "agenda.change_challenge", challenge),
            "can_manage_stakeholders": can(user, "agenda.manage_stakeholders", challenge),
            "can_score": can(user, "agenda.score_challenge", challenge),
            "can_publish": can(user, "agenda.publish_challenge", challenge),
        },
    )


@login_required
def challenge_edit(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = _challenge(slug)
    require(
        request,
        "agenda.change_challenge",
        challenge,
        hide=not can(request.user, "agenda.view_challenge", challenge),
    )
    form = ChallengeForm(request.POST or None, instance=challenge, agenda=challenge.agenda)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.challenge_update(
                challenge=challenge,
                by=request.user,
                slug=data["slug"] or challenge.slug,
                sdgs=data["sdgs"],
                neighbourhoods=data["neighbourhoods"],
                request=request,
                **{f: data[f] for f in CHALLENGE_FIELDS},
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The challenge has been saved."))
            return redirect("agenda:challenge", slug=challenge.slug)
    return render(
        request,
        "agenda/challenge_form.html",
        {"form": form, "agenda": challenge.agenda, "challenge": challenge},
    )


@login_required
@require_POST
def challenge_publish(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = _challenge(slug)
    require(
        request,
        "agenda.publish_challenge",
        challenge,
        hide=not can(request.user, "agenda.view_challenge", challenge),
    )
    form = PublishForm(request.POST)
    if form.is_valid():
        services.challenge_publish(
            challenge=challenge, by=request.user, published=form.cleaned_data["published"], request=request
        )
        if challenge.published and not challenge.agenda.published:
            messages.warning(
                request,
                _(
                    "The challenge is marked as published, but it is only public once its agenda "
                    "is published too."
                ),
            )
        else:
            messages.success(
                request,
                _("The challenge is now public.")
                if challenge.published
                else _("The challenge is no longer public."),
            )
    return redirect("agenda:challenge", slug=challenge.slug)


@login_required
def challenge_score(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = _challenge(slug)
    require(
        request,
        "agenda.score_challenge",
        challenge,
        hide=not can(request.user, "agenda.view_challenge", challenge),
    )
    existing = Score.objects.filter(challenge=challenge, scorer_id=request.user.pk).first()
    form = ScoreForm(request.POST or None, initial=existing.as_dict() if existing else None)
    if request.method == "POST" and form.is_valid():
        services.challenge_score(challenge=challenge, by=request.user, request=request, **form.cleaned_data)
        messages.success(request, _("Your scores have been saved."))
        return redirect("agenda:challenge", slug=challenge.slug)
    return render(
        request, "agenda/score_form.html", {"form": form, "challenge": challenge, "agenda": challenge.agenda}
    )


@login_required
def challenge_transition(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = _challenge(slug)
    require(
        request,
        "agenda.transition_challenge",
        challenge,
        hide=not can(request.user, "agenda.view_challenge", challenge),
    )
    transitions = selectors.transitions_for(request.user, challenge)
    form = TransitionForm(request.POST or None, transitions=transitions)
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_transition(
                challenge=challenge,
                to=form.cleaned_data["to"],
                by=request.user,
                note=form.cleaned_data["note"],
                request=request,
            )
        except services.TransitionRefused as refusal:
            form.add_error("note" if refusal.code == "note_required" else "to", refusal.message)
        else:
            messages.success(
                request,
                _("The challenge is now “%(status)s”.") % {"status": challenge.get_status_display()},
            )
            return redirect("agenda:challenge", slug=challenge.slug)
    return render(
        request,
        "agenda/transition_form.html",
        {"form": form, "challenge": challenge, "agenda": challenge.agenda},
    )


# --- stakeholders -------------------------------------------------------------------------------


def _stakeholder_view(
    request: HttpRequest, challenge: Challenge, stakeholder: Stakeholder | None
) -> HttpResponse:
    require(
        request,
        "agenda.manage_stakeholders",
        challenge,
        hide=not can(request.user, "agenda.view_challenge", challenge),
    )
    form = StakeholderForm(request.POST or None, instance=stakeholder, challenge=challenge)
    if request.method == "POST" and form.is_valid():
        try:
            services.stakeholder_save(
                challenge=challenge,
                by=request.user,
                stakeholder=stakeholder,
                request=request,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The stakeholder has been saved."))
            return redirect(f"{challenge_url(challenge)}#stakeholders")
    return render(
        request,
        "agenda/stakeholder_form.html",
        {"form": form, "challenge": challenge, "agenda": challenge.agenda, "stakeholder": stakeholder},
    )


def challenge_url(challenge: Challenge) -> str:
    from django.urls import reverse

    return reverse("agenda:challenge", kwargs={"slug": challenge.slug})


@login_required
def stakeholder_add(request: HttpRequest, slug: str) -> HttpResponse:
    return _stakeholder_view(request, _challenge(slug), None)


@login_required
def stakeholder_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    challenge = _challenge(slug)
    stakeholder = challenge.stakeholders.select_related("organisation").filter(pk=pk).first()
    if stakeholder is None:
        require(request, "agenda.view_challenge", challenge, hide=True)
        raise Http404
    return _stakeholder_view(request, challenge, stakeholder)


@login_required
def stakeholder_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    challenge = _challenge(slug)
    require(
        request,
        "agenda.manage_stakeholders",
        challenge,
        hide=not can(request.user, "agenda.view_challenge", challenge),
    )
    stakeholder = get_object_or_404(challenge.stakeholders.select_related("organisation"), pk=pk)
    if request.method == "POST":
        services.stakeholder_remove(stakeholder=stakeholder, by=request.user, request=request)
        messages.success(request, _("The stakeholder has been removed."))
        return redirect(f"{challenge_url(challenge)}#stakeholders")
    return render(
        request,
        "agenda/stakeholder_remove.html",
        {"challenge": challenge, "agenda": challenge.agenda, "stakeholder": stakeholder},
    )


# --- public pages -------------------------------------------------------------------------------


@session_answer
@public_answer
def public_agenda(request: HttpRequest, slug: str) -> HttpResponse:
    agenda = _agenda(slug)
    require(request, "agenda.view_public_agenda", agenda, hide=True)
    challenges = (
        Challenge.objects.filter(agenda=agenda, published=True)
        .select_related("domain")
        .order_by("title", "pk")
    )
    page = Paginator(challenges, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "agenda/public_agenda.html",
        {
            "agenda": agenda,
            "page": page,
            "sections": hub.rendered_agenda_sections(agenda, request.user, request),
        },
    )


@public_answer
def public_challenge(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = _challenge(slug)
    require(request, "agenda.view_public_challenge", challenge, hide=True)
    partners = sorted({s.organisation.name for s in challenge.stakeholders.select_related("organisation")})
    timeline = [(t.to_status, t.get_to_status_display(), t.at) for t in selectors.timeline_of(challenge)]
    return render(
        request,
        "agenda/public_challenge.html",
        {
            "challenge": challenge,
            "agenda": challenge.agenda,
            "partners": partners,
            "timeline": timeline,
            "sections": hub.rendered_sections(challenge, request.user, request, public=True),
        },
    )
