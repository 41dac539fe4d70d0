"""Isolation cases of this part's API resources, for tests/api/test_isolation.py.

``addresses(b)`` creates municipality B's non-public objects of this part (on ``b.hidden_challenge``),
appends the words that must never reach A to ``b.secret_words``, and returns the GET address of each
path template filled in with them. ``POST_ONLY`` names the paths that have no GET.

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

POST_ONLY: set[str] = {"/bijdragen/{id}/realisaties"}


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
        pledges.append(
            Pledge.objects.create(
                need=need, organisation=partner, quantity=Decimal("400"), state=PledgeState.GEACCEPTEERD
            )
        )
        b.secret_words.append(need.description)
    return pledges[0], pledges[1]


def addresses(b: Any) -> dict[str, str]:
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
    _hidden, on_public = make_pledges(b)
    b.secret_words.extend(
        [idea.title, "Geheime Indiener", f"Geheime reactie {suffix}", session.title, session.place]
    )
    return {
        "/ideeen": "/api/v1/ideeen?pageSize=100",
        "/ideeen/{id}": f"/api/v1/ideeen/{idea.pk}",
        "/bijeenkomsten": "/api/v1/bijeenkomsten?pageSize=100",
        "/bijeenkomsten/{id}": f"/api/v1/bijeenkomsten/{session.pk}",
        "/bijdragen": "/api/v1/bijdragen?pageSize=100",
        "/bijdragen/{id}": f"/api/v1/bijdragen/{on_public.pk}",
    }
