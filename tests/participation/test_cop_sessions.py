"""Sessions of a community of practice: exactly one of challenge and community (a database
constraint), run by the community's moderators and owners, registration for members (and everyone who
sees an open community), the waiting list and reminders as for a challenge, the community's page and
calendar feed, and minutes whose actions become lessons, not idea answers."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from tests.organisations.factories import member
from veerkracht.community.models import CommunityOfPractice, MemberRole, Membership
from veerkracht.core.models import OutgoingEmail
from veerkracht.organisations.models import Role
from veerkracht.participation import session_services
from veerkracht.participation.session_forms import ActionForm
from veerkracht.participation.session_models import CoSession, RegistrationStatus

pytestmark = pytest.mark.django_db

R, W = RegistrationStatus.REGISTERED, RegistrationStatus.WAITING

FORM = {
    "title": "Intervisie: wijkgericht werken",
    "description": "We bespreken twee casussen uit de wijk.",
    "starts_at": "2031-03-05T19:00",
    "ends_at": "2031-03-05T21:00",
    "place": "Stadskantoor Veerdam, zaal 3",
    "online_url": "",
    "accessibility": "Lift aanwezig.",
    "capacity": "12",
}


@pytest.fixture
def cop(world):
    """A community of Veerdam: a moderator, an owner and a member (all of Veerdam), and a stale
    moderator who works in Bergen (so no longer sees the community)."""
    cop = CommunityOfPractice.objects.create(
        theme="Wijkgericht werken", slug="wijkgericht-werken-t", municipality=world.veerdam
    )
    world.moderator = member(world.veerdam, Role.MEDEWERKER, full_name="Mona Moderator")
    world.owner = member(world.veerdam, Role.MEDEWERKER, full_name="Otto Eigenaar")
    world.cop_member = member(world.veerdam, Role.MEDEWERKER, full_name="Mees Lid", email="mees@example.org")
    world.veerdam_staff = member(world.veerdam, Role.MEDEWERKER, full_name="Vera Veerdam")
    world.bergen_moderator = member(world.bergen, Role.MEDEWERKER, full_name="Bas Bergen")
    Membership.objects.create(cop=cop, user=world.moderator, role=MemberRole.MODERATOR)
    Membership.objects.create(cop=cop, user=world.owner, role=MemberRole.EIGENAAR)
    Membership.objects.create(cop=cop, user=world.cop_member)
    Membership.objects.create(cop=cop, user=world.bergen_moderator, role=MemberRole.MODERATOR)
    return cop


def _session(world, cop, *, capacity=2, start=None, **kw):
    start = start or timezone.now() + dt.timedelta(days=10)
    return session_services.session_create(
        cop=cop,
        by=kw.pop("by", world.moderator),
        title=kw.pop("title", "Intervisie: wijkgericht werken"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        capacity=capacity,
        place="Stadskantoor Veerdam, zaal 3",
        **kw,
    )


def test_a_session_is_on_exactly_one_of_a_challenge_or_a_community(world, cop):
    start = timezone.now() + dt.timedelta(days=3)
    base = {
        "title": "x",
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=1),
        "place": "Stadhuis",
        "capacity": 3,
    }
    for where in ({}, {"challenge": world.challenge, "cop": cop}):
        with pytest.raises(IntegrityError), transaction.atomic():
            CoSession.objects.create(**base, **where)
    CoSession.objects.create(**base, cop=cop)
    CoSession.objects.create(**base, challenge=world.challenge)
    with pytest.raises(ValueError):
        session_services.session_create(by=world.moderator, **base)


def test_moderators_and_owners_plan_members_and_other_municipalities_do_not(world, cop, client):
    url = f"/meedoen/praktijken/{cop.slug}/sessies/nieuw/"
    for who in (world.moderator, world.owner):
        client.force_login(who)
        assert client.post(url, FORM).status_code == 302
    assert CoSession.objects.filter(cop=cop).count() == 2
    for who, status in (
        (world.cop_member, 403),
        (world.veerdam_staff, 403),
        (world.coordinator, 403),  # runs a challenge in Veerdam, not this community
        (world.bergen_coordinator, 404),
        (world.bergen_moderator, 404),  # a moderator who no longer sees the community
    ):
        client.force_login(who)
        assert client.post(url, FORM).status_code == status, who
    assert CoSession.objects.filter(cop=cop).count() == 2
    with pytest.raises(PermissionDenied):
        _session(world, cop, by=world.bergen_moderator)


def test_moderators_edit_take_attendance_and_write_minutes_others_change_nothing(world, cop, client):
    session = _session(world, cop, capacity=2)
    session_services.session_register(session=session, by=world.cop_member)
    base = f"/meedoen/sessies/{session.pk}"
    for who in (world.cop_member, world.coordinator, world.bergen_moderator, world.bergen_coordinator):
        client.force_login(who)
        for path, data in (
            (f"{base}/bewerken/", {**FORM, "capacity": "40"}),
            (f"{base}/afgelasten/", {"confirm": "on"}),
            (f"{base}/aanwezigheid/", {"attended": [str(world.cop_member.pk)]}),
            (f"{base}/verslag/", {"outcomes": "Niet van jou"}),
            (f"{base}/acties/", {"text": "X", "owner": "Y", "due": "2031-01-01"}),
        ):
            assert client.post(path, data).status_code in (403, 404), (who, path)
    fresh = CoSession.objects.get(pk=session.pk)
    assert (fresh.capacity, fresh.status, fresh.outcomes, fresh.actions.count()) == (2, "gepland", "", 0)
    client.force_login(world.owner)
    assert client.post(f"{base}/bewerken/", {**FORM, "capacity": "40"}).status_code == 302
    assert client.post(f"{base}/verslag/", {"outcomes": "Twee casussen besproken."}).status_code == 302
    fresh = CoSession.objects.get(pk=session.pk)
    assert fresh.capacity == 40 and fresh.outcomes == "Twee casussen besproken."


def test_members_register_a_closed_community_others_do_not_an_open_one_everyone_who_sees_it(
    world, cop, client
):
    session = _session(world, cop, capacity=5)
    client.force_login(world.cop_member)
    assert client.post(f"/meedoen/sessies/{session.pk}/aanmelden/").status_code == 302
    client.force_login(world.veerdam_staff)  # sees the community but is not a member
    assert client.post(f"/meedoen/sessies/{session.pk}/aanmelden/").status_code == 403
    for who in (world.anna, world.bergen_coordinator):  # does not see it
        client.force_login(who)
        assert client.get(f"/meedoen/sessies/{session.pk}/").status_code == 404
        assert client.post(f"/meedoen/sessies/{session.pk}/aanmelden/").status_code == 404
    assert list(session.registrations.values_list("user__email", flat=True)) == ["mees@example.org"]

    open_cop = CommunityOfPractice.objects.create(theme="Mantelzorg", slug="mantelzorg-t")
    Membership.objects.create(cop=open_cop, user=world.owner, role=MemberRole.EIGENAAR)
    open_session = _session(world, open_cop, by=world.owner)
    client.force_login(world.anna)  # a resident, no member
    assert client.post(f"/meedoen/sessies/{open_session.pk}/aanmelden/").status_code == 302
    assert open_session.registrations.get().user == world.anna
    client.logout()
    assert client.get(f"/meedoen/sessies/{open_session.pk}/").status_code == 404


def test_the_waiting_list_and_reminders_work_as_for_a_challenge(world, cop):
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    session = _session(world, cop, capacity=1, start=tomorrow)
    session_services.session_register(session=session, by=world.cop_member)
    session_services.session_register(session=session, by=world.owner)
    statuses = dict(session.registrations.values_list("user_id", "status"))
    assert statuses == {world.cop_member.pk: R, world.owner.pk: W}
    moved = session_services.session_cancel(session=session, by=world.cop_member)
    assert moved is not None and moved.user == world.owner
    mails = OutgoingEmail.objects.filter(
        reference=f"participation.session:{session.pk}", to=world.owner.email
    )
    assert mails.filter(subject__startswith="Er is een plaats vrijgekomen").count() == 1
    assert session_services.send_reminders() == 1
    assert session_services.send_reminders() == 0


def test_the_community_page_lists_its_sessions_and_the_feed_parses_back(
    world, cop, client, django_assert_max_num_queries
):
    coming = _session(world, cop, title="Intervisie maart")
    past = CoSession.objects.create(
        cop=cop,
        title="Kennismaking wijkteams",
        starts_at=timezone.now() - dt.timedelta(days=20),
        ends_at=timezone.now() - dt.timedelta(days=20, hours=-2),
        place="Stadskantoor",
        capacity=10,
    )
    CoSession.objects.create(
        challenge=world.challenge,
        title="Een sessie op een opgave",
        starts_at=timezone.now() + dt.timedelta(days=3),
        ends_at=timezone.now() + dt.timedelta(days=3, hours=1),
        place="Stadhuis",
        capacity=5,
    )
    client.force_login(world.moderator)
    page = client.get(_cop_url(cop)).content.decode()
    assert "Intervisie maart" in page and "Kennismaking wijkteams" in page
    assert "Een sessie op een opgave" not in page
    assert f"/meedoen/praktijken/{cop.slug}/sessies/nieuw/" in page
    client.force_login(world.cop_member)
    assert f"/meedoen/praktijken/{cop.slug}/sessies/nieuw/" not in client.get(_cop_url(cop)).content.decode()
    feed = client.get(f"/meedoen/praktijken/{cop.slug}/sessies.ics")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert sorted(str(e["uid"]) for e in events) == sorted(
        f"session-{s.pk}@veerkracht" for s in (coming, past)
    )
    for who in (world.anna, world.bergen_coordinator):
        client.force_login(who)
        assert client.get(f"/meedoen/praktijken/{cop.slug}/sessies.ics").status_code == 404
    # the page's queries do not grow with the number of sessions
    client.force_login(world.moderator)
    with django_assert_max_num_queries(30) as small:
        client.get(_cop_url(cop))
    for n in range(8):
        _session(world, cop, title=f"Extra {n}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(_cop_url(cop))


def _cop_url(cop):
    from django.urls import reverse

    return reverse("community:community", args=[cop.slug])


def test_actions_of_a_community_session_become_lessons_not_idea_answers(world, cop, client):
    session = _session(world, cop)
    form = ActionForm(session=session)
    assert "idea" not in form.fields and "idea_state" not in form.fields
    with translation.override("en"):
        assert str(form.fields["link"].help_text) == "Optional: the lesson this action became."
    idea = world.idea()
    with pytest.raises(ValidationError):
        session_services.action_add(
            session=session, by=world.moderator, text="x", owner="y", due=dt.date(2031, 1, 1), idea=idea
        )
    action = session_services.action_add(
        session=session,
        by=world.moderator,
        text="Les schrijven over de casus",
        owner="Mona",
        due=dt.date(2031, 1, 1),
        link="https://veerkracht.example/leren/lessen/1/",
    )
    assert action.idea is None
    client.force_login(world.moderator)
    page = client.get(f"/meedoen/sessies/{session.pk}/").content.decode()
    assert 'name="idea"' not in page and "Les schrijven over de casus" in page
