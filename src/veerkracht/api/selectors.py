from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from veerkracht.api.models import TeamFormationJob


def team_formation_jobs_of(user: Any) -> QuerySet[TeamFormationJob]:
    """The jobs a person started; nobody else's (not even an administrator's view of them)."""
    if not getattr(user, "is_authenticated", False):
        return TeamFormationJob.objects.none()
    return TeamFormationJob.objects.filter(owner=user)
