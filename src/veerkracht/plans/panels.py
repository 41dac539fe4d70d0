"""The plan's section on the challenge page: links to the analysis and the plan van aanpak."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from veerkracht.agenda import hub
from veerkracht.plans import selectors


@hub.register_section
def plan_section(challenge: Any, user: Any) -> hub.Section | None:
    """Shown to whoever may see the plan (team, regisseur, coordinators, board; the council once a
    version was sent)."""
    analysis = user.has_perm("plans.view_analysis", challenge)  # who may see the analysis sees the plan
    if not analysis and not user.has_perm("plans.view_plan", challenge):
        return None
    latest = selectors.latest_version(challenge, user, analysis=analysis)
    return hub.Section(
        key="plan-van-aanpak",
        template="plans/_hub_section.html",
        context={
            "analysis_url": reverse("plans:analysis", args=[challenge.slug]) if analysis else "",
            "plan_url": reverse("plans:plan", args=[challenge.slug]),
            "latest": latest,
        },
        order=60,
    )
