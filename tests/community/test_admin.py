"""The admin names a community of practice's moderators and owners."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.organisations.factories import UserFactory
from veerkracht.community.models import CommunityOfPractice, MemberRole, Membership

pytestmark = pytest.mark.django_db


def test_an_administrator_makes_a_member_moderator_in_the_admin(client):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    cop = CommunityOfPractice.objects.create(theme="Mantelzorg", slug="mantelzorg-a")
    membership = Membership.objects.create(cop=cop, user=UserFactory())
    client.force_login(admin_user)
    url = reverse("admin:community_communityofpractice_change", args=[cop.pk])
    assert client.get(url).status_code == 200
    data = {
        "theme": "Mantelzorg",
        "slug": "mantelzorg-a",
        "description": "",
        "municipality": "",
        "region": "",
        "created_at_0": "2030-01-01",
        "created_at_1": "10:00:00",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "1",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-id": str(membership.pk),
        "memberships-0-cop": str(cop.pk),
        "memberships-0-user": str(membership.user_id),
        "memberships-0-role": MemberRole.MODERATOR,
        "memberships-0-opted_in_at_0": "2030-01-01",
        "memberships-0-opted_in_at_1": "10:00:00",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    membership.refresh_from_db()
    assert membership.role == MemberRole.MODERATOR
