"""Two ways of asking whether someone may see a challenge must give the same answer for every person:
``challenges_visible_to(user)`` (a query, used by lists and by ``challenge_for_user_or_404``) and
``may_see_challenge(user, challenge)`` (answered from what was already read for the request, used by
the sections of a challenge page). Every way of taking part is here: coordinator, agenda partner,
regisseur, stakeholder contact, accepted team member, pledging contact, booked worker; and the people
who take no part: an invited team member who has not answered, a board member, staff of a partner,
another municipality. The expected sets are written out by hand from the rules in the docstring of
``veerkracht.agenda.selectors``."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from tests.agenda.factories import AgendaFactory, ChallengeFactory, StakeholderFactory
from tests.organisations.factories import UserFactory, member
from tests.resources.world import World
from tests.teams.factories import ProfileFactory
from veerkracht.agenda.selectors import challenge_for_user_or_404, challenges_visible_to, may_see_challenge
from veerkracht.organisations.models import Role
from veerkracht.resources.models import Need, NeedKind, Pledge, PledgeState
from veerkracht.teams.models import MemberStatus, Team, TeamMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def people_and_expectations():
    w = World()
    c1 = w.challenge  # Veerdam's agenda (not published), partners Welzijn and Zorg
    second_agenda = AgendaFactory(municipality=w.veerdam)  # no coordinators, no partners
    c2 = ChallengeFactory(agenda=second_agenda, in_uitvoering=True, title="Tweede")
    elders_public = AgendaFactory(municipality=w.other, published=True, coordinators=[w.other_coordinator])
    elders_hidden = AgendaFactory(municipality=w.other, published=False)
    c3 = ChallengeFactory(agenda=elders_public, published=True, title="Openbaar elders")
    c4 = ChallengeFactory(agenda=elders_hidden, published=True, title="Gepubliceerd, agenda niet")
    c5 = ChallengeFactory(agenda=elders_public, published=False, title="Niet gepubliceerd")

    # Welzijn pledges hours on c1 and its worker books them; Zorg pledges money on c2 only.
    booked = w.pledge(w.need())
    w.hours(booked, "6")
    need = Need.objects.create(challenge=c2, kind=NeedKind.GELD, description="Geld", quantity=Decimal("900"))
    Pledge.objects.create(
        need=need, organisation=w.zorg, quantity=Decimal("300"), state=PledgeState.GEACCEPTEERD
    )
    # a team on c1: one member accepted, one invited who has not answered
    team = Team.objects.create(challenge=c1, leader=w.regisseur)
    teamlid = member(w.veerdam, Role.TEAMLID, email="teamlid@veerdam.example")
    invited = member(w.veerdam, Role.TEAMLID, email="uitgenodigd@veerdam.example")
    for user, status in ((teamlid, MemberStatus.ACCEPTED), (invited, MemberStatus.INVITED)):
        profile = ProfileFactory(user=user, resident=True, municipality=w.veerdam)
        TeamMember.objects.create(team=team, profile=profile, status=status)
    # the contact person of one of c5's stakeholders
    contact = UserFactory(email="contact@stakeholder.example")
    StakeholderFactory(challenge=c5, contact_person=contact)
    admin = UserFactory(superuser=True, email="beheer@installatie.example")

    everything = {c1, c2, c3, c4, c5}
    expected = {
        "anonymous": (None, {c3}),
        "superuser": (admin, everything),
        "coordinator": (w.coordinator, {c1, c3}),
        "regisseur": (w.regisseur, {c1, c3}),
        "partner contact": (w.welzijn_contact, {c1, c3}),
        "booked worker": (w.welzijn_worker, {c1, c3}),
        "pledging contact": (w.zorg_contact, {c1, c2, c3}),  # c1 as agenda partner, c2 by its pledge
        "partner staff": (w.zorg_worker, {c3}),
        "board member": (w.board, {c3}),
        "team member": (teamlid, {c1, c3}),
        "invited, not answered": (invited, {c3}),
        "stakeholder contact": (contact, {c3, c5}),
        "other coordinator": (w.other_coordinator, {c3, c5}),
    }
    return everything, expected


def fresh(user):
    """A new user object each time, so neither answer leans on what the other read and kept."""
    if user is None:
        return AnonymousUser()
    return get_user_model().objects.get(pk=user.pk)


def test_the_list_and_the_single_answer_agree_for_every_person(people_and_expectations):
    everything, expected = people_and_expectations
    for role, (user, visible) in expected.items():
        listed = set(challenges_visible_to(fresh(user)).filter(pk__in=[c.pk for c in everything]))
        assert listed == visible, role
        one_user = fresh(user)  # one object for all sections of a page, as a request has
        answered = {c for c in everything if may_see_challenge(one_user, c)}
        assert answered == visible, role
        for challenge in everything:
            if challenge in visible:
                assert challenge_for_user_or_404(fresh(user), challenge.slug) == challenge, role
            else:
                with pytest.raises(Http404):
                    challenge_for_user_or_404(fresh(user), challenge.slug)
