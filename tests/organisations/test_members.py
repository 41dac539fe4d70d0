from __future__ import annotations

import pytest
from django.core import mail

from tests.organisations.factories import OrganisationFactory, UserFactory, member
from veerkracht.accounts.models import User
from veerkracht.audit.models import AuditEvent
from veerkracht.organisations.models import Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Woonstichting Veerdam Wonen", slug="woonstichting")


def url(org):
    return f"/organisaties/{org.slug}/mensen/"


def test_partner_contact_adds_a_colleague_who_gets_a_link_to_choose_a_password(
    client, organisation, django_capture_on_commit_callbacks
):
    contact = member(organisation, Role.PARTNERCONTACT, full_name="Anouk Visser")
    client.force_login(contact)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(organisation),
            {
                "email": "Marloes@Example.org",
                "full_name": "Marloes Peters",
                "role": Role.MEDEWERKER,
                "job_title": "",
            },
        )
    assert response.status_code == 302
    person = User.objects.get(email="marloes@example.org")
    assert not person.has_usable_password()
    assert Membership.objects.filter(user=person, organisation=organisation, role=Role.MEDEWERKER).exists()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "U bent toegevoegd aan Woonstichting Veerdam Wonen op Veerkracht"
    assert "Anouk Visser heeft u toegevoegd" in message.body
    assert "/account/password-reset/" in message.body
    assert AuditEvent.objects.filter(event="organisation.member_added", actor=contact).exists()

    # Adding the same again changes nothing and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url(organisation), {"email": "marloes@example.org", "full_name": "M", "role": Role.MEDEWERKER}
        )
    assert Membership.objects.filter(user=person).count() == 1
    assert len(mail.outbox) == 1


def test_contact_cannot_give_administrator_roles_and_input_is_kept(client, organisation):
    contact = member(organisation, Role.PARTNERCONTACT)
    client.force_login(contact)
    response = client.post(
        url(organisation),
        {"email": "nieuw@example.org", "full_name": "Nieuwe Beheerder", "role": Role.BEHEERDER},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Nieuwe Beheerder"' in body
    assert "Selecteer een geldige keuze" in body
    assert not User.objects.filter(email="nieuw@example.org").exists()


def test_removing_roles_follows_the_rules(client, organisation):
    contact = member(organisation, Role.PARTNERCONTACT)
    colleague = member(organisation, Role.TEAMLID)
    director = member(organisation, Role.BESTUURDER)
    client.force_login(contact)
    teamlid = Membership.objects.get(user=colleague)
    assert client.post(url(organisation), {"remove": teamlid.pk}).status_code == 302
    assert not Membership.objects.filter(pk=teamlid.pk).exists()
    board = Membership.objects.get(user=director)
    assert client.post(url(organisation), {"remove": board.pk}).status_code == 403
    assert Membership.objects.filter(pk=board.pk).exists()
    assert AuditEvent.objects.filter(
        event="permission.denied", details__permission="organisations.remove_membership"
    ).exists()


@pytest.mark.parametrize("role", [None, Role.MEDEWERKER, Role.TEAMLID])
def test_others_cannot_manage_people(client, organisation, role):
    user = member(organisation, role) if role else UserFactory()
    client.force_login(user)
    assert client.get(url(organisation)).status_code == 403
    assert (
        client.post(
            url(organisation), {"email": "x@example.org", "full_name": "X", "role": Role.MEDEWERKER}
        ).status_code
        == 403
    )
    assert not User.objects.filter(email="x@example.org").exists()
