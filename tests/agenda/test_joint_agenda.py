"""A joint (regional) agenda belongs to every municipality of its region: no single municipality can
take it over, by the form or through the service (issue 9, point 1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.agenda.factories import AgendaFactory, ChallengeFactory
from tests.organisations.factories import OrganisationFactory, RegionFactory, UserFactory, member
from veerkracht.agenda import selectors, services
from veerkracht.agenda.models import Agenda
from veerkracht.organisations.models import Role

pytestmark = pytest.mark.django_db


class Region:
    def __init__(self) -> None:
        self.veerdam = OrganisationFactory(gemeente=True, name="Gemeente Veerdam")
        self.linden = OrganisationFactory(gemeente=True, name="Gemeente Lindenwaard")
        self.region = RegionFactory(name="Regio Lindenland")
        self.region.municipalities.set([self.veerdam, self.linden])
        self.veerdam_coordinator = member(self.veerdam, Role.COORDINATOR)
        self.linden_coordinator = member(self.linden, Role.COORDINATOR)
        self.linden_colleague = member(self.linden, Role.COORDINATOR)
        self.agenda = AgendaFactory(
            region=self.region,
            municipality=None,
            coordinators=[self.veerdam_coordinator, self.linden_coordinator, self.linden_colleague],
        )
        self.veerdam_challenge = ChallengeFactory(agenda=self.agenda, lead_municipality=self.veerdam)
        self.linden_challenge = ChallengeFactory(agenda=self.agenda, lead_municipality=self.linden)

    def form(self, **changes):
        data = {
            "title": self.agenda.title,
            "slug": self.agenda.slug,
            "municipality": "",
            "region": str(self.region.pk),
            "period_start": self.agenda.period_start.isoformat(),
            "period_end": self.agenda.period_end.isoformat(),
            "description": "",
            "coordinators": [
                str(self.veerdam_coordinator.pk),
                str(self.linden_coordinator.pk),
                str(self.linden_colleague.pk),
            ],
            "weight_urgency": "1",
            "weight_impact": "1",
            "weight_feasibility": "1",
            "weight_innovation": "1",
        }
        data.update(changes)
        return data


@pytest.fixture
def joint():
    return Region()


def test_takeover_through_the_edit_form_is_refused(joint, client):
    client.force_login(joint.linden_coordinator)
    url = reverse("agenda:edit", kwargs={"slug": joint.agenda.slug})
    response = client.post(
        url,
        joint.form(
            municipality=str(joint.linden.pk), region="", coordinators=[str(joint.linden_coordinator.pk)]
        ),
    )
    assert response.status_code == 200  # the form again, with a message
    form = response.context["form"]
    assert joint.veerdam_coordinator.get_full_name() in str(form.errors["coordinators"])
    agenda = Agenda.objects.get(pk=joint.agenda.pk)
    assert agenda.region_id == joint.region.pk and agenda.municipality_id is None
    assert set(agenda.coordinators.values_list("pk", flat=True)) == {
        joint.veerdam_coordinator.pk,
        joint.linden_coordinator.pk,
        joint.linden_colleague.pk,
    }
    # Veerdam keeps access to the challenges it leads
    assert selectors.is_challenge_participant(joint.veerdam_coordinator, joint.veerdam_challenge)


def test_owner_fields_cannot_be_changed_by_a_coordinator(joint, client):
    client.force_login(joint.linden_coordinator)
    url = reverse("agenda:edit", kwargs={"slug": joint.agenda.slug})
    page = client.get(url)
    assert page.context["form"].fields["municipality"].disabled
    assert page.context["form"].fields["region"].disabled
    # a posted owner is ignored; everything else is saved
    response = client.post(url, joint.form(municipality=str(joint.linden.pk), region="", title="Nieuw"))
    assert response.status_code == 302
    agenda = Agenda.objects.get(pk=joint.agenda.pk)
    assert agenda.title == "Nieuw"
    assert agenda.region_id == joint.region.pk and agenda.municipality_id is None


def test_a_coordinator_may_remove_a_colleague_of_their_own_municipality(joint, client):
    client.force_login(joint.linden_coordinator)
    url = reverse("agenda:edit", kwargs={"slug": joint.agenda.slug})
    coordinators = [str(joint.veerdam_coordinator.pk), str(joint.linden_coordinator.pk)]
    assert client.post(url, joint.form(coordinators=coordinators)).status_code == 302
    assert set(Agenda.objects.get(pk=joint.agenda.pk).coordinators.values_list("pk", flat=True)) == {
        joint.veerdam_coordinator.pk,
        joint.linden_coordinator.pk,
    }


def test_the_service_refuses_an_owner_change_by_a_coordinator(joint):
    with pytest.raises(ValidationError) as error:
        services.agenda_update(
            agenda=joint.agenda, by=joint.linden_coordinator, municipality=joint.linden, region=None
        )
    assert "municipality" in error.value.message_dict
    assert Agenda.objects.get(pk=joint.agenda.pk).region_id == joint.region.pk


def test_an_installation_admin_may_not_drop_a_leading_municipality(joint):
    admin = UserFactory(is_superuser=True, is_staff=True)
    with pytest.raises(ValidationError) as error:
        services.agenda_update(agenda=joint.agenda, by=admin, municipality=joint.linden, region=None)
    assert "Gemeente Veerdam" in str(error.value.message_dict["municipality"])
    assert Agenda.objects.get(pk=joint.agenda.pk).region_id == joint.region.pk
    # once Veerdam no longer leads a challenge here, the administrator can make it Lindenwaard's
    joint.veerdam_challenge.lead_municipality = joint.linden
    joint.veerdam_challenge.save()
    services.agenda_update(agenda=joint.agenda, by=admin, municipality=joint.linden, region=None)
    agenda = Agenda.objects.get(pk=joint.agenda.pk)
    assert agenda.municipality_id == joint.linden.pk and agenda.region_id is None


def test_an_installation_admin_may_remove_any_coordinator(joint):
    admin = UserFactory(is_superuser=True, is_staff=True)
    services.agenda_update(agenda=joint.agenda, by=admin, coordinators=[joint.linden_coordinator])
    assert list(joint.agenda.coordinators.all()) == [joint.linden_coordinator]


def test_period_is_unchanged_by_refusal(joint):
    start = joint.agenda.period_start
    with pytest.raises(ValidationError):
        services.agenda_update(
            agenda=joint.agenda,
            by=joint.linden_coordinator,
            coordinators=[joint.linden_coordinator],
            period_start=start - dt.timedelta(days=1),
        )
    assert Agenda.objects.get(pk=joint.agenda.pk).period_start == start
