"""Isolation cases of this part's API resources, for tests/api/test_isolation.py.

``addresses(b)`` creates municipality B's non-public objects of this part (on ``b.hidden_challenge``),
appends the words that must never reach A to ``b.secret_words``, and returns the GET address of each
path template filled in with them. ``POST_ONLY`` names the paths that have no GET.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from tests.governance.objective_world import make_objective
from tests.organisations.factories import member
from veerkracht.governance.models import Measurement
from veerkracht.governance.services.decisions import record_decision
from veerkracht.organisations.models import Role

POST_ONLY: set[str] = set()


def addresses(b: Any) -> dict[str, str]:
    slug = b.gemeente.slug
    objective = make_objective(b.hidden_challenge, code="GEHEIM")
    objective.name = f"Geheim doel {slug}"
    objective.description = f"Geheime omschrijving {slug}"
    objective.save()
    indicator = objective.indicators.get()
    indicator.name = f"Geheime indicator {slug}"
    indicator.save()
    Measurement.objects.create(
        indicator=indicator, date=date(2026, 3, 1), value=Decimal(45), note=f"Geheime meting {slug}"
    )
    board = member(b.gemeente, Role.BESTUURDER, full_name=f"Geheime wethouder {slug}")
    record_decision(
        challenge=b.hidden_challenge,
        kind="besluit",
        title=f"Geheim besluit {slug}",
        text=f"Geheime afweging {slug}",
        by=board,
        role="bestuurder",
        organisation=b.gemeente,
        public=False,
    )
    b.secret_words += [
        objective.name,
        objective.description,
        indicator.name,
        f"Geheime meting {slug}",
        f"Geheim besluit {slug}",
        f"Geheime afweging {slug}",
        f"Geheime wethouder {slug}",
    ]
    return {
        "/doelen": "/api/v1/doelen?pageSize=100",
        "/doelen/{id}": f"/api/v1/doelen/{objective.pk}",
        "/indicatoren": "/api/v1/indicatoren?pageSize=100",
        "/indicatoren/{id}": f"/api/v1/indicatoren/{indicator.pk}",
        "/indicatoren/{indicator_id}/metingen": f"/api/v1/indicatoren/{indicator.pk}/metingen",
        "/besluiten": f"/api/v1/besluiten?pageSize=100&gemeente={slug}",
    }
