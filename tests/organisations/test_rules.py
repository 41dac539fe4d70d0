"""The role × state permission matrix: the pattern later apps copy.

Each row names a person (by how they relate to the organisation), each column a permission, for each
state of the organisation. The expected table is written out by hand from the rules' specification,
not derived from the code.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.organisations.factories import OrganisationFactory, UserFactory, member
from veerkracht.organisations.models import OrganisationStatus, Role

pytestmark = pytest.mark.django_db

PERMS = [
    "organisations.view_organisation",
    "organisations.view_members",
    "organisations.change_organisation",
    "organisations.manage_members",
    "organisations.archive_organisation",
]

# person → state → (view, view_members, change, manage_members, archive)
EXPECTED = {
    "anonymous": {"active": (0, 0, 0, 0, 0), "archived": (0, 0, 0, 0, 0)},
    "outsider": {"active": (1, 0, 0, 0, 0), "archived": (1, 0, 0, 0, 0)},
    "staff member": {"active": (1, 1, 0, 0, 0), "archived": (1, 1, 0, 0, 0)},
    "partner contact": {"active": (1, 1, 1, 1, 0), "archived": (1, 1, 0, 0, 0)},
    "coordinator": {"active": (1, 1, 1, 1, 0), "archived": (1, 1, 0, 0, 0)},
    "contact of another organisation": {"active": (1, 0, 0, 0, 0), "archived": (1, 0, 0, 0, 0)},
    "beheerder of the municipality": {"active": (1, 1, 1, 1, 1), "archived": (1, 1, 1, 1, 0)},
    "beheerder of another municipality": {"active": (1, 0, 0, 0, 0), "archived": (1, 0, 0, 0, 0)},
    "installation admin": {"active": (1, 1, 1, 1, 1), "archived": (1, 1, 1, 1, 0)},
}


def person(kind: str, organisation, municipality):
    if kind == "anonymous":
        return AnonymousUser()
    if kind == "outsider":
        return UserFactory()
    if kind == "staff member":
        return member(organisation, Role.MEDEWERKER)
    if kind == "partner contact":
        return member(organisation, Role.PARTNERCONTACT)
    if kind == "coordinator":
        return member(organisation, Role.COORDINATOR)
    if kind == "contact of another organisation":
        return member(OrganisationFactory(municipality=municipality), Role.PARTNERCONTACT)
    if kind == "beheerder of the municipality":
        return member(municipality, Role.BEHEERDER)
    if kind == "beheerder of another municipality":
        return member(OrganisationFactory(gemeente=True), Role.BEHEERDER)
    if kind == "installation admin":
        return UserFactory(superuser=True)
    raise AssertionError(kind)


@pytest.mark.parametrize("state", [OrganisationStatus.ACTIVE, OrganisationStatus.ARCHIVED])
@pytest.mark.parametrize("kind", list(EXPECTED))
def test_permission_matrix(kind, state):
    municipality = OrganisationFactory(gemeente=True)
    organisation = OrganisationFactory(municipality=municipality, status=state)
    user = person(kind, organisation, municipality)
    actual = tuple(int(user.has_perm(perm, organisation)) for perm in PERMS)
    assert actual == EXPECTED[kind][state]


def test_edit_page_enforces_the_rule_and_keeps_input_on_error(client):
    organisation = OrganisationFactory(name="Welzijn Veerdam")
    contact = member(organisation, Role.PARTNERCONTACT)
    client.force_login(contact)
    response = client.post(
        f"/organisaties/{organisation.slug}/bewerken/",
        {"name": "Welzijn Veerdam Nieuw", "description": "", "website": "geen url", "theme_colour": "rood"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="geen url"' in body and 'value="rood"' in body
    assert "Voer een geldige URL in" in body
    assert "Voer een kleur in als #rrggbb" in body
    organisation.refresh_from_db()
    assert organisation.name == "Welzijn Veerdam"  # nothing half-written
    response = client.post(
        f"/organisaties/{organisation.slug}/bewerken/",
        {"name": "Welzijn Veerdam Nieuw", "description": "", "website": "", "theme_colour": "#123456"},
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Welzijn Veerdam Nieuw"


def test_member_list_is_shown_only_to_insiders(client):
    organisation = OrganisationFactory()
    insider = member(organisation, Role.MEDEWERKER, full_name="Femke Jansen")
    client.force_login(UserFactory())
    assert "Femke Jansen" not in client.get(f"/organisaties/{organisation.slug}/").content.decode()
    client.force_login(insider)
    assert "Femke Jansen" in client.get(f"/organisaties/{organisation.slug}/").content.decode()


@pytest.mark.parametrize("size", [5, 60])
def test_organisation_list_query_count_is_bounded(client, django_assert_max_num_queries, size):
    municipality = OrganisationFactory(gemeente=True)
    for _ in range(size):
        member(OrganisationFactory(municipality=municipality))
    client.force_login(UserFactory())
    with django_assert_max_num_queries(8):
        response = client.get("/organisaties/")
    assert response.status_code == 200
