from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command

from veerkracht.accounts.models import User
from veerkracht.organisations.models import Kind, Organisation, Region

pytestmark = pytest.mark.django_db(transaction=False)

VOLATILE = {"audit.auditevent", "sessions.session", "axes.accessattempt", "axes.accesslog"}


def snapshot() -> dict[str, list[str]]:
    state = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in VOLATILE or not model._meta.managed:
            continue
        rows = model._default_manager.order_by("pk")
        state[label] = [serializers.serialize("json", [row]) for row in rows]
    return state


def test_demo_loader_is_idempotent_and_complete():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    first = snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert snapshot() == first

    municipalities = Organisation.objects.filter(kind=Kind.GEMEENTE)
    assert set(municipalities.values_list("name", flat=True)) >= {"Gemeente Veerdam", "Gemeente Lindenwaard"}
    region = Region.objects.get(slug="regio-lindenland")
    assert set(region.municipalities.all()) == set(municipalities.filter(regions=region))
    partners = Organisation.objects.exclude(kind=Kind.GEMEENTE)
    assert 8 <= partners.count() <= 12 + 2
    assert set(partners.values_list("kind", flat=True)) == set(Kind.values) - {Kind.GEMEENTE}
    assert User.objects.count() >= 40
    printed = out.getvalue()
    for role in [
        "beheerder",
        "coördinator agenda",
        "innovatieregisseur",
        "teamlid",
        "bestuurder",
        "partnercontact",
    ]:
        assert role in printed
    assert "veerkracht-demo" in printed
    # a respondent's personal link is printed, and it opens the survey
    import re

    from django.test import Client

    link = re.search(r"respondent[^:]*: https?://[^/]+(/v/[A-Za-z0-9_-]+/)", printed)
    assert link, printed
    assert "innovatiemonitor" in Client().get(link.group(1), follow=True).content.decode()
