"""Pages of key results across organisations: a challenge's key results with the form to declare one
(``/organiseren/opgaven/<slug>/kernresultaten/``), and the sections registered on the team page and on
the partner's page (docs/organising/results.md). Thin: check a declared rule, call ``results``, render."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veerkracht.agenda.models import Challenge
from veerkracht.core.forms import apply_validation_error
from veerkracht.core.permissions import can, require
from veerkracht.governance.models import Indicator
from veerkracht.organisations.models import Organisation
from veerkracht.resources import results
from veerkracht.resources.models import KeyResult
from veerkracht.teams.models import Team


class IndicatorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.objective.code} {obj.objective.name} — {obj.code} {obj.name}"


class KeyResultForm(forms.Form):
    indicator = IndicatorChoice(
        label=gettext_lazy("Indicator"),
        queryset=Indicator.objects.none(),
        empty_label=gettext_lazy("Choose an indicator"),
        error_messages={"invalid_choice": gettext_lazy("Choose one of this challenge's indicators.")},
    )
    contributors = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Contributing partners"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "The organisations taking part in the challenge that work towards this result."
        ),
        error_messages={
            "required": gettext_lazy("Name at least one contributing partner."),
            "invalid_choice": gettext_lazy("Choose partners taking part in this challenge."),
        },
    )

    def __init__(self, *args: Any, challenge: Challenge, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = results.current_indicators(challenge)  # type: ignore[attr-defined]
        self.fields["contributors"].queryset = results.taking_part(challenge)  # type: ignore[attr-defined]


def _challenge(request: HttpRequest, slug: str) -> Challenge:
    challenge = (
        Challenge.objects.select_related("agenda__municipality", "lead_municipality", "regisseur")
        .filter(slug=slug)
        .first()
    )
    if challenge is None:
        raise Http404
    require(request, "resources.view_key_result", challenge, hide=True)
    return challenge


def _initial(request: HttpRequest, challenge: Challenge) -> dict[str, Any]:
    wanted = request.GET.get("indicator", "")
    if not wanted.isdigit():
        return {}
    existing = KeyResult.objects.filter(
        indicator_id=int(wanted), indicator__objective__challenge=challenge
    ).first()
    initial: dict[str, Any] = {"indicator": int(wanted)}
    if existing is not None:
        initial["contributors"] = list(existing.contributors.values_list("pk", flat=True))
    return initial


@login_required
def results_page(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = _challenge(request, slug)
    manage = can(request.user, "resources.manage_key_results", challenge)
    team = results.challenge_team(challenge)
    form = None
    status = 200
    if request.method == "POST":
        require(request, "resources.manage_key_results", challenge)
        if team is None:
            raise Http404
        if request.POST.get("action") == "remove":
            result = get_object_or_404(KeyResult, pk=request.POST.get("result") or 0, team=team)
            results.key_result_remove(result=result, by=request.user)
            messages.success(request, _("The key result was withdrawn; the indicator stays."))
            return redirect("resources:result_challenge", slug=challenge.slug)
        form = KeyResultForm(request.POST, challenge=challenge)
        if form.is_valid():
            try:
                results.key_result_declare(
                    team=team,
                    indicator=form.cleaned_data["indicator"],
                    contributors=form.cleaned_data["contributors"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("The key result was saved."))
                return redirect("resources:result_challenge", slug=challenge.slug)
        status = 400
    elif manage and team is not None:
        form = KeyResultForm(challenge=challenge, initial=_initial(request, challenge))
    rows = results.team_results(team) if team is not None else []
    return render(
        request,
        "resources/results.html",
        {"challenge": challenge, "team": team, "rows": rows, "form": form, "manage": manage},
        status=status,
    )


# --- sections on other apps' pages ---------------------------------------------------------------


def team_section(request: HttpRequest, team: Team) -> str | None:
    """The team page's "Key results": each with its status and contributing partners."""
    challenge = team.challenge
    if not can(request.user, "resources.view_key_result", challenge):
        return None
    manage = can(request.user, "resources.manage_key_results", challenge)
    rows = results.team_results(team)
    if not rows and not manage:
        return None
    return render_to_string(
        "resources/_team_results.html",
        {"challenge": challenge, "rows": rows, "manage": manage},
        request=request,
    )


def partner_section(request: HttpRequest, organisation: Organisation) -> str | None:
    """The partner page's "Results we contribute to": only what the viewer may see."""
    rows = results.organisation_results(organisation, request.user)
    if not rows:
        return None
    return render_to_string(
        "resources/_partner_results.html", {"organisation": organisation, "rows": rows}, request=request
    )


urlpatterns: list[URLPattern] = [
    path("opgaven/<slug:slug>/kernresultaten/", results_page, name="result_challenge"),
]
