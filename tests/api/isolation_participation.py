"""Municipality B's objects of this part for the API's isolation test (tests/api/test_isolation.py).

``build(b)`` creates B's non-public objects of this part on ``b.hidden_challenge`` and registers each
with the words that must never reach another municipality (``b.hide``); the test fills every endpoint's
parameters with them.

B's pledges are non-public even on B's public challenge: a ledger is never public.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tests.organisations.factories import OrganisationFactory, UserFactory
from veerkracht.participation.models import Comment, CoSession, Idea
from veerkracht.resources.models import Need, NeedKind, Pledge, PledgeState


def make_pledges(b: Any) -> tuple[Any, Any]:
    """B's accepted pledges: one on its hidden challenge, one on its public challenge (the partner's
    name is no secret: organisations are listed to every key)."""
    suffix = b.gemeente.slug
    partner = OrganisationFactory(
        slug=f"geheime-bijdrager-{suffix}", name=f"Geheime bijdrager {suffix}", municipality=b.gemeente
    )
    pledges = []
    for challenge, what in ((b.hidden_challenge, "verborgen"), (b.public_challenge, "open")):
        need = Need.objects.create(
            challenge=challenge,
            kind=NeedKind.GELD,
            description=f"Geheime behoefte {what} {suffix}",
            quantity=Decimal("1000"),
        )
        pledge = Pledge.objects.create(
            need=need, organisation=partner, quantity=Decimal("400"), state=PledgeState.GEACCEPTEERD
        )
        pledges.append(b.hide(pledge, need.description))
    return pledges[0], pledges[1]


def build(b: Any) -> None:
    suffix = b.gemeente.slug
    idea = Idea.objects.create(
        challenge=b.hidden_challenge,
        author=UserFactory(full_name="Geheime Indiener", email=f"indiener@{suffix}.example"),
        title=f"Geheim idee {suffix}",
        text="Alleen voor de deelnemers.",
    )
    Comment.objects.create(idea=idea, author=idea.author, text=f"Geheime reactie {suffix}")
    start = timezone.now() + dt.timedelta(days=7)
    session = CoSession.objects.create(
        challenge=b.hidden_challenge,
        title=f"Besloten sessie {suffix}",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place=f"Geheime zaal {suffix}",
        capacity=10,
    )
    make_pledges(b)
    b.hide(idea, idea.title, "Geheime Indiener", f"Geheime reactie {suffix}")
    b.hide(session, session.title, session.place)
