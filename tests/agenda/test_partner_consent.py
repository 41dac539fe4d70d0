"""An organisation becomes a partner of an agenda only when its own contact accepts; what partnership
opens (its staff's talent profiles to the agenda's coordinators, the agenda's challenges to its
representatives) follows accepted partnership only (issue 9, point 2)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from tests.agenda.factories import ChallengeFactory
from tests.organisations.factories import OrganisationFactory, UserFactory, member
from tests.teams.factories import ProfileFactory
from veerkracht.agenda import selectors, services
from veerkracht.agenda.models import Agenda, AgendaPartnerInvitation, InvitationStatus
from veerkracht.organisations.models import Role
from veerkracht.teams.selectors import visible_profiles

pytestmark = pytest.mark.django_db


def _fresh(user):
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def setting(world):
    world.company = OrganisationFactory(kind="bedrijf", name="Bouwbedrijf Stroom", municipality=world.other)
    world.company_contact = member(world.company, Role.PARTNERCONTACT)
    world.company_staff = member(world.company, Role.MEDEWERKER)
    world.company_profile = ProfileFactory(user=world.company_staff, organisation=world.company)
    return world


def _create(client, world, **extra):
    data = {
        "title": "Nieuwe agenda",
        "municipality": str(world.veerdam.pk),
        "period_start": "2026-01-01",
        "period_end": "2027-12-31",
        "coordinators": [str(world.coordinator.pk)],
        "partners": [str(world.company.pk)],
        "weight_urgency": "1",
        "weight_impact": "1",
        "weight_feasibility": "1",
        "weight_innovation": "1",
    }
    data.update(extra)
    client.force_login(world.coordinator)
    response = client.post(reverse("agenda:create"), data)
    assert response.status_code == 302, response.context["form"].errors
    return Agenda.objects.get(title="Nieuwe agenda")


def test_creating_an_agenda_invites_partners_instead_of_adding_them(setting, client):
    world = setting
    before = set(visible_profiles(_fresh(world.coordinator)).values_list("pk", flat=True))
    assert world.company_profile.pk not in before
    agenda = _create(client, world)
    assert list(agenda.partners.all()) == []
    invitation = AgendaPartnerInvitation.objects.get(agenda=agenda)
    assert invitation.organisation == world.company and invitation.status == InvitationStatus.PENDING
    # nothing opened by the invitation alone
    assert set(visible_profiles(_fresh(world.coordinator)).values_list("pk", flat=True)) == before
    assert not selectors.is_agenda_partner(_fresh(world.company_contact), agenda)


def test_profiles_follow_accepted_partnership(setting, client):
    world = setting
    agenda = _create(client, world)
    challenge = ChallengeFactory(agenda=agenda)
    invitation = AgendaPartnerInvitation.objects.get(agenda=agenda)
    client.force_login(world.company_contact)
    home = client.get(reverse("core:home")).content.decode()
    url = reverse("agenda:partner_invitation", kwargs={"pk": invitation.pk})
    assert url in home
    assert client.get(url).status_code == 200
    assert client.post(url, {"answer": "accept"}).status_code == 302
    assert list(agenda.partners.all()) == [world.company]
    assert world.company_profile.pk in visible_profiles(_fresh(world.coordinator)).values_list(
        "pk", flat=True
    )
    assert selectors.is_challenge_participant(_fresh(world.company_contact), challenge)


def test_a_declined_invitation_opens_nothing(setting, client):
    world = setting
    agenda = _create(client, world)
    invitation = AgendaPartnerInvitation.objects.get(agenda=agenda)
    client.force_login(world.company_contact)
    url = reverse("agenda:partner_invitation", kwargs={"pk": invitation.pk})
    assert client.post(url, {"answer": "decline"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED
    assert list(agenda.partners.all()) == []
    assert world.company_profile.pk not in visible_profiles(_fresh(world.coordinator)).values_list(
        "pk", flat=True
    )


@pytest.mark.parametrize("who", ["coordinator", "company_staff", "admin", "other_coordinator", "partner"])
def test_only_the_organisations_own_contacts_may_answer(setting, client, who):
    world = setting
    agenda = _create(client, world)
    invitation = AgendaPartnerInvitation.objects.get(agenda=agenda)
    person = UserFactory(is_superuser=True, is_staff=True) if who == "admin" else getattr(world, who)
    with pytest.raises(PermissionDenied):
        services.partner_invitation_answer(invitation=invitation, by=person, accept=True)
    if who != "admin":  # (the admin's pages first ask for a second factor)
        client.force_login(person)
        url = reverse("agenda:partner_invitation", kwargs={"pk": invitation.pk})
        assert client.post(url, {"answer": "accept"}).status_code == 404
    assert list(agenda.partners.all()) == []


def test_editing_keeps_open_invitations_and_can_withdraw_them(setting, client):
    world = setting
    agenda = _create(client, world)
    client.force_login(world.coordinator)
    form = client.get(reverse("agenda:edit", kwargs={"slug": agenda.slug})).context["form"]
    assert world.company.pk in form.initial["partners"]
    services.agenda_update(agenda=agenda, by=world.coordinator, partners=[world.company])
    assert AgendaPartnerInvitation.objects.filter(agenda=agenda, status="pending").count() == 1
    services.agenda_update(agenda=agenda, by=world.coordinator, partners=[])
    assert not AgendaPartnerInvitation.objects.filter(agenda=agenda).exists()


def test_someone_who_may_answer_for_the_organisation_adds_it_directly(setting):
    world = setting
    agenda = services.agenda_update(
        agenda=world.other_agenda, by=world.company_contact, partners=[world.company]
    )
    assert list(agenda.partners.all()) == [world.company]
