"""The mandate page of a challenge: the mandate in force and its use, the experimentation space,
earlier versions, warnings and escalations; giving or changing the mandate (the board), entering use
(the regisseur, coordinators), and the board's answer to an escalation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from veerkracht.agenda.models import Challenge
from veerkracht.core.forms import apply_validation_error
from veerkracht.core.permissions import can, require
from veerkracht.governance.forms_mandate import AnswerForm, ExperimentRuleFormSet, MandateForm, UsageForm
from veerkracht.governance.models import Escalation, ExperimentRule, Mandate, MandateState, UsageEntry
from veerkracht.governance.services import escalations as escalation_services
from veerkracht.governance.services import mandates as services
from veerkracht.governance.usage import usage_of

RULES_PREFIX = "ruimte"


def _challenge(request: HttpRequest, slug: str) -> Challenge:
    challenge = (
        Challenge.objects.select_related("agenda", "agenda__municipality", "lead_municipality", "regisseur")
        .filter(slug=slug)
        .first()
    )
    if challenge is None:
        raise Http404
    require(request, "governance.view_challenge", challenge, hide=True)
    return challenge


def _bar(used: Decimal, amount: Decimal, mandate: Mandate) -> dict[str, Any]:
    """What a use bar shows: the numbers, the share in whole percents, and the meter's bounds."""
    percent = int((used * 100 / amount).to_integral_value()) if amount > 0 else (100 if used > 0 else 0)
    return {
        "used": used,
        "amount": amount,
        "left": amount - used,
        "percent": percent,
        "value": max(used, Decimal(0)),
        "low": mandate.warn_share * amount,
        "high": mandate.escalate_share * amount,
        "over": used > amount,
    }


def _page(
    request: HttpRequest,
    challenge: Challenge,
    *,
    usage_form: UsageForm | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    mandates = list(
        Mandate.objects.filter(challenge=challenge)
        .select_related("holder", "given_by", "decision")
        .prefetch_related(
            Prefetch("experiment_rules", queryset=ExperimentRule.objects.order_by("until", "pk"))
        )
        .order_by("-version")
    )
    in_force = next((m for m in mandates if m.state == MandateState.GEGEVEN), None)
    context: dict[str, Any] = {
        "challenge": challenge,
        "mandate": in_force,
        "earlier": [m for m in mandates if m is not in_force],
        "today": today,
        "may_give": can(request.user, "governance.give_mandate", challenge),
        "may_enter": can(request.user, "governance.enter_usage", challenge),
        "may_answer": can(request.user, "governance.answer_escalation", challenge),
        "confidential": can(request.user, "governance.view_confidential", challenge),
        "entries": list(
            UsageEntry.objects.filter(challenge=challenge).select_related("entered_by").order_by("-on", "-pk")
        ),
        "escalations": list(
            Escalation.objects.filter(challenge=challenge)
            .select_related("raised_entry", "answer")
            .order_by("-raised_at", "-pk")
        ),
    }
    if in_force is not None:
        used = usage_of(challenge)
        context["money"] = _bar(used.money, in_force.budget, in_force)
        context["hours"] = _bar(used.hours, in_force.hours, in_force)
        if context["may_enter"]:
            context["usage_form"] = usage_form or UsageForm(initial={"on": today})
    return render(request, "governance/mandate.html", context)


@require_safe
def mandate(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, _challenge(request, slug))


@login_required
def mandate_give(request: HttpRequest, slug: str) -> HttpResponse:
    """Give a mandate, or change the one in force (a new version, the form starts from the old one)."""
    challenge = _challenge(request, slug)
    require(request, "governance.give_mandate", challenge)
    current = services.mandate_in_force(challenge)
    allowed_by = services.default_allowed_by(request.user, challenge)
    if request.method == "POST":
        form = MandateForm(request.POST)
        formset: Any = ExperimentRuleFormSet(request.POST, prefix=RULES_PREFIX)
        if form.is_valid():
            formset.ends_on = form.cleaned_data["ends_on"]
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                services.give_mandate(
                    challenge=challenge,
                    by=request.user,
                    scope=data["scope"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    budget=data["budget"],
                    hours=data["hours"],
                    decides_alone=data["decides_alone"],
                    warn_share=data["warn_share"],
                    escalate_share=data["escalate_share"],
                    rules=formset.rules(),
                    public=data["public"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                return redirect("governance:mandate", slug=challenge.slug)
    else:
        initial: dict[str, Any] = {"public": True}
        rows: list[dict[str, Any]] = []
        if current is not None:
            initial.update(
                scope=current.scope,
                starts_on=current.starts_on,
                ends_on=current.ends_on,
                budget=current.budget,
                hours=current.hours,
                decides_alone=current.decides_alone,
                warn_share=current.warn_share,
                escalate_share=current.escalate_share,
            )
            rows = [
                {"rule": r.rule, "explanation": r.explanation, "allowed_by": r.allowed_by, "until": r.until}
                for r in current.experiment_rules.all()
            ]
        form = MandateForm(initial=initial)
        formset = ExperimentRuleFormSet(prefix=RULES_PREFIX, initial=rows + [{"allowed_by": allowed_by}] * 3)
        formset.extra = 0
    return render(
        request,
        "governance/mandate_form.html",
        {
            "challenge": challenge,
            "current": current,
            "form": form,
            "formset": formset,
            "formset_errors": bool(request.method == "POST" and not formset.is_valid()),
            "no_regisseur": challenge.regisseur_id is None,
        },
    )


@login_required
@require_POST
def usage_add(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = _challenge(request, slug)
    require(request, "governance.enter_usage", challenge)
    form = UsageForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.enter_usage(
                challenge=challenge,
                by=request.user,
                kind=data["kind"],
                amount=data["amount"],
                on=data["on"],
                description=data["description"],
                correction=data["correction"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect(f"{challenge_url(challenge)}#gebruik")
    return _page(request, challenge, usage_form=form)


def challenge_url(challenge: Challenge) -> str:
    return reverse("governance:mandate", kwargs={"slug": challenge.slug})


@login_required
def escalation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = (
        Escalation.objects.select_related(
            "challenge", "challenge__agenda", "challenge__lead_municipality", "raised_entry", "answer"
        )
        .filter(pk=pk)
        .first()
    )
    if escalation is None:
        raise Http404
    challenge = escalation.challenge
    require(request, "governance.view_challenge", challenge, hide=True)
    require(request, "governance.answer_escalation", challenge)
    if not escalation.is_open:
        return render(
            request, "governance/escalation_answer.html", {"escalation": escalation, "challenge": challenge}
        )
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                escalation_services.answer_escalation(
                    escalation=escalation,
                    by=request.user,
                    title=form.cleaned_data["title"],
                    text=form.cleaned_data["text"],
                    public=form.cleaned_data["public"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                return redirect(f"{challenge_url(challenge)}#escalaties")
    else:
        form = AnswerForm(
            initial={
                "public": True,
                "title": (_("Answer to: %(summary)s") % {"summary": escalation.summary})[:300],
            }
        )
    return render(
        request,
        "governance/escalation_answer.html",
        {"escalation": escalation, "challenge": challenge, "form": form},
    )


urlpatterns: list[URLPattern] = [
    path("opgaven/<slug:slug>/mandaat/", mandate, name="mandate"),
    path("opgaven/<slug:slug>/mandaat/geven/", mandate_give, name="mandate_give"),
    path("opgaven/<slug:slug>/mandaat/gebruik/", usage_add, name="usage_add"),
    path("escalaties/<int:pk>/beantwoorden/", escalation_answer, name="escalation_answer"),
]
