"""The permission matrix: role × challenge state × public/non-public, for every challenge permission,
and the same matrix through the pages (internal page, public page)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from tests.agenda.factories import StakeholderFactory
from tests.organisations.factories import member
from veerkracht.agenda import selectors
from veerkracht.organisations.models import Role

pytestmark = pytest.mark.django_db

STATES = [
    "gesignaleerd",
    "geagendeerd",
    "in_meting",
    "team_in_vorming",
    "in_uitvoering",
    "in_evaluatie",
    "afgerond",
    "gestopt",
]
ROLES = [
    "anonymous",
    "outsider",  # staff of the same municipality, not involved
    "other_coordinator",  # coordinator of another municipality's agenda
    "other_regisseur",  # a regisseur of the same municipality, of another challenge
    "partner_staff",  # staff (no partner role) of a partner organisation
    "coordinator",
    "regisseur",
    "partner",  # partner contact of an organisation co-owning the agenda
    "contact",  # contact person of one of the challenge's stakeholders
]
PERMS = [
    "agenda.view_challenge",
    "agenda.view_public_challenge",
    "agenda.manage_challenge",
    "agenda.change_challenge",
    "agenda.manage_stakeholders",
    "agenda.score_challenge",
    "agenda.transition_challenge",
    "agenda.publish_challenge",
]
# the states from which the regisseur has a step of their own in the lifecycle table
REGISSEUR_STEPS_FROM = {"geagendeerd", "in_meting", "team_in_vorming", "in_uitvoering", "in_evaluatie"}


def expected(perm: str, role: str, state: str, public: bool) -> bool:
    participant = role in {"coordinator", "regisseur", "partner", "contact"}
    manager = role in {"coordinator", "regisseur"}
    closed = state in {"afgerond", "gestopt"}
    return {
        "agenda.view_challenge": participant,
        "agenda.view_public_challenge": public,
        "agenda.manage_challenge": manager,
        "agenda.change_challenge": manager and not closed,
        "agenda.manage_stakeholders": manager and not closed,
        "agenda.score_challenge": role in {"coordinator", "partner"}
        and state in {"gesignaleerd", "geagendeerd"},
        "agenda.transition_challenge": (role == "coordinator" and state != "afgerond")
        or (role == "regisseur" and state in REGISSEUR_STEPS_FROM),
        "agenda.publish_challenge": role == "coordinator",
    }[perm]


def _setup(world, state, public):
    challenge = world.challenge(**{state: True, "published": public})
    if public:
        world.agenda.published = True
        world.agenda.save()
    # another challenge of the same agenda with its own regisseur
    world.challenge(regisseur=world.other_regisseur)
    contact_org = world.partner_org.__class__.objects.create(
        name="Buurt", slug="buurt", kind="inwonersinitiatief"
    )
    contact = member(contact_org, Role.MEDEWERKER)
    StakeholderFactory(challenge=challenge, organisation=contact_org, contact_person=contact)
    users = {
        "anonymous": AnonymousUser(),
        "outsider": world.staff,
        "other_coordinator": world.other_coordinator,
        "other_regisseur": world.other_regisseur,
        "partner_staff": world.partner_staff,
        "coordinator": world.coordinator,
        "regisseur": world.regisseur,
        "partner": world.partner,
        "contact": contact,
    }
    return challenge, users


@pytest.mark.parametrize("public", [False, True], ids=["non-public", "public"])
@pytest.mark.parametrize("state", STATES)
def test_permission_matrix(world, state, public):
    challenge, users = _setup(world, state, public)
    failures = []
    for role in ROLES:
        for perm in PERMS:
            user = users[role]
            selectors.forget_access(user)
            got = user.has_perm(perm, challenge)
            if got != expected(perm, role, state, public):
                failures.append((role, perm, got))
    assert failures == []


@pytest.mark.parametrize("public", [False, True], ids=["non-public", "public"])
@pytest.mark.parametrize("state", STATES)
def test_pages_follow_the_matrix(world, client, state, public):
    challenge, users = _setup(world, state, public)
    internal = reverse("agenda:challenge", kwargs={"slug": challenge.slug})
    public_url = reverse("agenda:public_challenge", kwargs={"slug": challenge.slug})
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        participant = expected("agenda.view_challenge", role, state, public)
        response = client.get(internal)
        if participant:
            assert response.status_code == 200, role
            assert challenge.title in response.content.decode()
        elif public:
            assert response.status_code == 302 and response["Location"] == public_url, role
        else:
            assert response.status_code == 404, role
            assert challenge.title not in response.content.decode()
        assert client.get(public_url).status_code == (200 if public else 404), role


def test_another_municipality_sees_nothing_of_a_non_public_agenda(world, client):
    challenge = world.challenge()
    client.force_login(world.other_coordinator)
    for url in [
        reverse("agenda:detail", kwargs={"slug": world.agenda.slug}),
        reverse("agenda:ranking", kwargs={"slug": world.agenda.slug}),
        reverse("agenda:export_csv", kwargs={"slug": world.agenda.slug}),
        reverse("agenda:export_json", kwargs={"slug": world.agenda.slug}),
        reverse("agenda:import", kwargs={"slug": world.agenda.slug}),
        reverse("agenda:edit", kwargs={"slug": world.agenda.slug}),
        reverse("agenda:challenge_create", kwargs={"slug": world.agenda.slug}),
        reverse("agenda:challenge", kwargs={"slug": challenge.slug}),
        reverse("agenda:challenge_edit", kwargs={"slug": challenge.slug}),
        reverse("agenda:challenge_score", kwargs={"slug": challenge.slug}),
        reverse("agenda:challenge_transition", kwargs={"slug": challenge.slug}),
        reverse("agenda:stakeholder_add", kwargs={"slug": challenge.slug}),
        reverse("agenda:public_challenge", kwargs={"slug": challenge.slug}),
        reverse("agenda:public_agenda", kwargs={"slug": world.agenda.slug}),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert challenge.title.encode() not in response.content
    # and the same for a slug that does not exist: the answers cannot be told apart
    assert client.get(reverse("agenda:challenge", kwargs={"slug": "bestaat-niet"})).status_code == 404
    index = client.get(reverse("agenda:index")).content.decode()
    assert world.agenda.title not in index
    assert world.other_agenda.title in index


def test_denial_is_audited(world, client):
    from veerkracht.audit.models import AuditEvent

    challenge = world.challenge()
    client.force_login(world.other_coordinator)
    client.get(reverse("agenda:challenge", kwargs={"slug": challenge.slug}))
    event = AuditEvent.objects.get(event="permission.denied")
    assert event.actor == world.other_coordinator
    assert event.details["permission"] == "agenda.view_challenge"


AGENDA_EXPECTED = {
    # role: (view, change, publish, add_challenge, export)
    "anonymous": (False, False, False, False, False),
    "outsider": (False, False, False, False, False),
    "other_coordinator": (False, False, False, False, False),
    "partner_staff": (False, False, False, False, False),
    "coordinator": (True, True, True, True, True),
    "partner": (True, False, False, False, True),
    "regisseur": (True, False, False, False, True),  # through their challenge
    "administrator": (True, True, True, False, True),  # beheerder of the municipality
}


@pytest.mark.parametrize("role", list(AGENDA_EXPECTED))
def test_agenda_permissions(world, role):
    world.challenge()
    users = {
        "anonymous": AnonymousUser(),
        "outsider": world.staff,
        "other_coordinator": world.other_coordinator,
        "partner_staff": world.partner_staff,
        "coordinator": world.coordinator,
        "partner": world.partner,
        "regisseur": world.regisseur,
        "administrator": member(world.veerdam, Role.BEHEERDER),
    }
    user = users[role]
    got = tuple(
        user.has_perm(p, world.agenda)
        for p in (
            "agenda.view_agenda",
            "agenda.change_agenda",
            "agenda.publish_agenda",
            "agenda.add_challenge",
            "agenda.export_agenda",
        )
    )
    assert got == AGENDA_EXPECTED[role]


def test_who_may_start_an_agenda(world):
    assert world.coordinator.has_perm("agenda.add_agenda")
    assert member(world.veerdam, Role.BEHEERDER).has_perm("agenda.add_agenda")
    assert not world.staff.has_perm("agenda.add_agenda")
    assert not world.partner.has_perm("agenda.add_agenda")
    assert not AnonymousUser().has_perm("agenda.add_agenda")


def test_selectors_for_other_apps(world):
    mine = world.challenge()
    public = world.challenge(regisseur=world.other_regisseur, published=True)
    world.agenda.published = True
    world.agenda.save()
    foreign = world.challenge(agenda=world.other_agenda, regisseur=None)
    assert set(selectors.challenges_of(world.regisseur)) == {mine}
    assert set(selectors.challenges_visible_to(world.regisseur)) == {mine, public}
    assert set(selectors.challenges_visible_to(AnonymousUser())) == {public}
    assert set(selectors.challenges_of(world.coordinator)) == {mine, public}
    assert set(selectors.challenges_of(world.other_coordinator)) == {foreign}
    assert set(selectors.agendas_for_user(world.regisseur)) == {world.agenda}
    assert set(selectors.agendas_for_user(world.other_coordinator)) == {world.other_agenda}
    assert selectors.is_challenge_participant(world.partner, mine)
    assert not selectors.is_challenge_participant(world.other_coordinator, mine)
    assert not selectors.is_challenge_participant(world.other_regisseur, mine)
    assert selectors.challenge_for_user_or_404(world.regisseur, mine.slug) == mine
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.challenge_for_user_or_404(world.other_coordinator, mine.slug)
    with pytest.raises(Http404):
        selectors.challenge_for_user_or_404(world.other_coordinator, "bestaat-niet")


def test_participation_registered_by_another_app(world):
    from django.db.models import Q

    challenge = world.challenge()
    selectors.forget_access(world.staff)
    assert not selectors.is_challenge_participant(world.staff, challenge)

    def team_member(user):
        return Q(pk=challenge.pk) if user.pk == world.staff.pk else Q(pk__in=[])

    selectors.register_participation(team_member)
    try:
        selectors.forget_access(world.staff)
        assert selectors.is_challenge_participant(world.staff, challenge)
        assert list(selectors.challenges_of(world.staff)) == [challenge]
        assert world.staff.has_perm("agenda.view_challenge", challenge)
        assert not world.staff.has_perm("agenda.change_challenge", challenge)
    finally:
        selectors._PARTICIPATION.remove(team_member)
