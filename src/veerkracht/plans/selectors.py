"""Reads of the plan van aanpak: a challenge's versions, the one a person may see, two to compare."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from veerkracht.agenda.models import Challenge
from veerkracht.plans import compare as comparison
from veerkracht.plans.document import Document
from veerkracht.plans.version_models import PlanVersion


def versions_of(challenge: Challenge, user: Any, *, analysis: bool | None = None) -> QuerySet[PlanVersion]:
    """The versions ``user`` may see, newest first (the council: only those sent to the board); one
    query for the list. ``analysis``: whether ``user`` may see the analysis, when the caller knows."""
    found = PlanVersion.objects.filter(challenge=challenge).select_related("created_by", "sent_to_board")
    if analysis is None:
        analysis = user.has_perm("plans.view_analysis", challenge)
    if not analysis:
        found = found.filter(sent_to_board__isnull=False)
    return found.order_by("-number")


def latest_version(challenge: Challenge, user: Any, *, analysis: bool | None = None) -> PlanVersion | None:
    return versions_of(challenge, user, analysis=analysis).first()


def own_texts(version: PlanVersion) -> dict[str, str]:
    return dict(version.section_texts.values_list("section", "text"))


def document_of(version: PlanVersion) -> Document:
    """The version's document with the team's own text per section."""
    return version.as_document(own_texts(version))


def previous_of(version: PlanVersion, user: Any) -> PlanVersion | None:
    return versions_of(version.challenge, user).filter(number__lt=version.number).first()


def comparison_of(earlier: PlanVersion, later: PlanVersion) -> comparison.Comparison:
    return comparison.compare(document_of(earlier), document_of(later))
