"""The list of organisations: each with the number of people who are members of it (a person with two
roles counted once, an organisation without members 0), in a fixed number of queries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.organisations.factories import MembershipFactory, OrganisationFactory, member
from veerkracht.organisations.models import Role

pytestmark = pytest.mark.django_db


def counts(html: str) -> dict[str, int]:
    rows = re.findall(r'href="/organisaties/([\w-]+)/">.*?</td>.*?</td>.*?</td><td>(\d+)</td>', html)
    return {slug: int(n) for slug, n in rows}


def test_member_counts_and_bounded_queries(client):
    gemeente = OrganisationFactory(gemeente=True, slug="gemeente-veerdam", name="Gemeente Veerdam")
    coordinator = member(gemeente, Role.COORDINATOR)
    MembershipFactory(organisation=gemeente, user=coordinator, role=Role.REGISSEUR)  # a second role
    member(gemeente, Role.MEDEWERKER)
    welzijn = OrganisationFactory(slug="welzijn", name="Welzijn", municipality=gemeente)
    member(welzijn, Role.PARTNERCONTACT)
    OrganisationFactory(slug="leeg", name="Leeg", municipality=gemeente)
    client.force_login(coordinator)

    assert counts(client.get("/organisaties/").content.decode()) == {
        "gemeente-veerdam": 2,
        "welzijn": 1,
        "leeg": 0,
    }
    with CaptureQueriesContext(connection) as few:
        client.get("/organisaties/")
    for n in range(30):
        member(OrganisationFactory(slug=f"extra-{n}", municipality=gemeente), Role.MEDEWERKER)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/organisaties/").status_code == 200
    assert len(many) == len(few)
