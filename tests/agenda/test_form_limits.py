"""Every database constraint an agenda form can hit is checked by the form with a plain message next
to the field, and the help texts state the limits (issue 10, point 8)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from veerkracht.agenda.forms import AgendaForm, ChallengeForm, StakeholderForm
from veerkracht.agenda.models import Agenda, Challenge

pytestmark = pytest.mark.django_db


def _agenda_data(world, **changes):
    data = {
        "title": "Agenda",
        "municipality": str(world.veerdam.pk),
        "period_start": "2026-01-01",
        "period_end": "2027-12-31",
        "coordinators": [str(world.coordinator.pk)],
        "weight_urgency": "1",
        "weight_impact": "1",
        "weight_feasibility": "1",
        "weight_innovation": "1",
        "ranking_quorum": "3",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"weight_urgency": "11"}, "weight_urgency"),  # agenda_weights_at_most_max
        (
            {
                "weight_urgency": "0",
                "weight_impact": "0",
                "weight_feasibility": "0",
                "weight_innovation": "0",
            },
            "weight_urgency",
        ),  # agenda_some_weight_positive
        ({"period_end": "2025-01-01"}, "period_end"),  # agenda_period_order
        ({"ranking_quorum": "0"}, "ranking_quorum"),  # agenda_ranking_quorum_range
        ({"ranking_quorum": "51"}, "ranking_quorum"),
        ({"title": "x" * 201}, "title"),
        ({"slug": "x" * 81}, "slug"),
    ],
)
def test_agenda_form_names_each_limit_next_to_its_field(world, client, changes, field):
    client.force_login(world.coordinator)
    response = client.post(reverse("agenda:create"), _agenda_data(world, **changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    body = response.content.decode()
    assert "Beperking" not in body and "constraint" not in body.lower()
    assert not Agenda.objects.filter(title="Agenda").exists()


@pytest.mark.parametrize("value", [str(10**12 + 1), str(2**63)])
def test_challenge_money_has_a_plain_limit(world, client, value):
    from tests.agenda.factories import _domain

    client.force_login(world.coordinator)
    data = {
        "title": "Opgave",
        "problem": "Probleem",
        "domain": str(_domain().pk),
        "lead_municipality": str(world.veerdam.pk),
        "public_money": value,
    }
    response = client.post(reverse("agenda:challenge_create", kwargs={"slug": world.agenda.slug}), data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["public_money"]
    assert not Challenge.objects.filter(title="Opgave").exists()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_help_texts_state_the_limits(world, language):
    translation.activate(language)
    agenda_form = AgendaForm(user=world.coordinator)
    for name, limit in [
        ("title", "200"),
        ("slug", "80"),
        ("weight_urgency", "10"),
        ("ranking_quorum", "50"),
    ]:
        assert limit in str(agenda_form.fields[name].help_text), name
    challenge_form = ChallengeForm(agenda=world.agenda)
    money = "1.000.000.000.000" if language == "nl" else "1,000,000,000,000"
    for name, limit in [("title", "200"), ("slug", "80"), ("public_money", money)]:
        assert limit in str(challenge_form.fields[name].help_text), name
    from tests.agenda.factories import ChallengeFactory

    stakeholder_form = StakeholderForm(challenge=ChallengeFactory(agenda=world.agenda))
    assert "300" in str(stakeholder_form.fields["note"].help_text)
    translation.activate("nl")
