"""Editing an organisation's own details goes through the service and leaves an audit event."""

from __future__ import annotations

import pytest

from tests.organisations.factories import OrganisationFactory, member
from veerkracht.audit.models import AuditEvent
from veerkracht.organisations.models import Organisation, Role

pytestmark = pytest.mark.django_db


def edit_url(org: Organisation) -> str:
    return f"/organisaties/{org.slug}/bewerken/"


def form(org: Organisation, **changes: str) -> dict[str, str]:
    data = {
        "name": org.name,
        "description": org.description,
        "website": org.website,
        "theme_colour": org.theme_colour,
    }
    return {**data, **changes}


def test_a_contact_changes_the_details_and_the_change_is_audited(client):
    organisation = OrganisationFactory(name="Buurtkracht", website="https://oud.example.org")
    contact = member(organisation, Role.PARTNERCONTACT)
    client.force_login(contact)
    response = client.post(edit_url(organisation), form(organisation, website="https://nieuw.example.org"))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.website == "https://nieuw.example.org"
    event = AuditEvent.objects.get(event="organisation.changed")
    assert event.actor == contact
    assert event.object_id == str(organisation.pk)
    assert event.details == {
        "website": {"from": "https://oud.example.org", "to": "https://nieuw.example.org"}
    }
    # saving again without a change logs nothing more
    client.post(edit_url(organisation), form(organisation))
    assert AuditEvent.objects.filter(event="organisation.changed").count() == 1


def test_a_bad_value_keeps_what_was_typed_and_changes_nothing(client):
    organisation = OrganisationFactory(name="Buurtkracht")
    client.force_login(member(organisation, Role.PARTNERCONTACT))
    response = client.post(edit_url(organisation), form(organisation, name="", website="geen adres"))
    assert response.status_code == 200
    assert 'value="geen adres"' in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.name == "Buurtkracht"
    assert not AuditEvent.objects.filter(event="organisation.changed").exists()


def test_another_organisations_contact_cannot_change_it(client):
    organisation = OrganisationFactory(name="Buurtkracht")
    other = OrganisationFactory()
    client.force_login(member(other, Role.PARTNERCONTACT))
    response = client.post(edit_url(organisation), form(organisation, name="Overgenomen"))
    assert response.status_code in (403, 404)
    organisation.refresh_from_db()
    assert organisation.name == "Buurtkracht"
    assert not AuditEvent.objects.filter(event="organisation.changed").exists()


def test_the_service_refuses_fields_it_does_not_edit():
    from veerkracht.organisations import services

    organisation = OrganisationFactory()
    with pytest.raises(ValueError, match="status"):
        services.organisation_update(organisation=organisation, by=None, status="archived")  # type: ignore[arg-type]
