"""Municipality B's objects of this part for the API's isolation test (tests/api/test_isolation.py).

``build(b)`` creates B's non-public objects of this part on ``b.hidden_challenge`` and registers each
with the words that must never reach another municipality (``b.hide``); the test fills every endpoint's
parameters with them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from tests.governance.objective_world import make_objective
from tests.organisations.factories import member
from veerkracht.governance.models import Measurement, Objective, ObjectiveState
from veerkracht.governance.services.decisions import record_decision
from veerkracht.organisations.models import Role


def build(b: Any) -> None:
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
    decision = record_decision(
        challenge=b.hidden_challenge,
        kind="besluit",
        title=f"Geheim besluit {slug}",
        text=f"Geheime afweging {slug}",
        by=board,
        role="bestuurder",
        organisation=b.gemeente,
        public=False,
    )
    b.hide(objective, objective.name, objective.description)
    b.hide(indicator, indicator.name, f"Geheime meting {slug}")
    b.hide(decision, f"Geheim besluit {slug}", f"Geheime afweging {slug}", f"Geheime wethouder {slug}")
    # a municipal goal of B's hidden agenda (an objective of an agenda, not of a challenge)
    goal = Objective.objects.create(
        agenda=b.hidden_agenda,
        code="GG1",
        name=f"Geheim gemeentelijk doel {slug}",
        state=ObjectiveState.OVEREENGEKOMEN,
    )
    b.hide(goal, goal.name)
