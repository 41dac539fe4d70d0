"""Part e's demo: needs of every kind, a partner behind on its pledge, an unmet need, a correction; it
leaves governance's mandate at 85 % of its budget; loading twice adds nothing."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from veerkracht.agenda.models import Challenge
from veerkracht.governance.usage import usage_of
from veerkracht.resources import selectors
from veerkracht.resources.models import LedgerEntry, Need, Pledge

pytestmark = pytest.mark.django_db


def test_demo() -> None:
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    social = Challenge.objects.get(slug="transitie-sociaal-domein")
    summary = selectors.summary(social)
    kinds = {k.kind: k for k in summary.kinds}
    assert set(kinds) == {"uren", "expertise", "faciliteit", "data", "geld"}
    # hours: 12 weeks x 8 (one corrected from 8 to 6) by Welzijn, 6 x 4 by the Buurtcoöperatie
    assert kinds["uren"].delivered == Decimal(12 * 8 - 2 + 6 * 4)
    assert kinds["data"].pledged == 0 and kinds["data"].gap == 1  # the unmet need
    shares = {s.organisation.slug: s for s in summary.partners if s.kind == "uren"}
    behind = shares["buurtcooperatie-de-vaart"]
    assert (behind.pledged, behind.delivered) == (120, 24)
    assert LedgerEntry.objects.filter(corrects__isnull=False).count() == 1
    # no money in the ledger on this challenge: the mandate's money use is the entries' 85 %
    money, hours = selectors.ledger_sums(social)
    assert money == 0 and hours == Decimal(94 + 24 + 18)
    used = usage_of(social)
    assert used.money == Decimal("204000")  # the governance demo's entries, 85 % of 240.000
    # a withdrawn offer, not counted; a person who shares their hours with their organisation
    from veerkracht.resources.models import HoursConsent, PledgeState

    withdrawn = Pledge.objects.get(state=PledgeState.INGETROKKEN)
    assert withdrawn.organisation.slug == "buurtcooperatie-de-vaart" and withdrawn.ended_at is not None
    assert kinds["geld"].pledged == 0
    consent = HoursConsent.objects.get()
    assert consent.standing and consent.organisation.slug == "welzijn-veerdam"
    statement = selectors.hours_statement(consent.person, consent.organisation)
    assert statement.total == Decimal(12 * 8 - 2)
    counts = (Need.objects.count(), Pledge.objects.count(), LedgerEntry.objects.count())
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    assert (Need.objects.count(), Pledge.objects.count(), LedgerEntry.objects.count()) == counts
    assert HoursConsent.objects.count() == 1
