"""Co-creation sessions: places and the waiting list (known sequences), e-mail, permissions on every
write, privacy of registrants, iCalendar parsed back, reminders once, attendance and the talent-pool
invitation, minutes with actions that answer an idea, bounded queries."""

from __future__ import annotations

import datetime as dt
import threading

import icalendar
import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from tests.organisations.factories import UserFactory
from veerkracht.core.models import OutgoingEmail
from veerkracht.participation import services, session_services, states
from veerkracht.participation.models import Idea
from veerkracht.participation.session_models import (
    CoSession,
    RegistrationStatus,
    SessionAction,
    SessionRegistration,
)
from veerkracht.participation.session_receivers import NAME, TASK, schedule_daily

pytestmark = pytest.mark.django_db

R, W, C = RegistrationStatus.REGISTERED, RegistrationStatus.WAITING, RegistrationStatus.CANCELLED


def _session(world, *, capacity=2, start=None, hours=2, challenge=None, **kw):
    start = start or timezone.now() + dt.timedelta(days=10)
    return session_services.session_create(
        challenge=challenge or world.challenge,
        by=world.coordinator if challenge is None else kw.pop("by"),
        title=kw.pop("title", "Ontwerpavond ontmoeten in de wijk"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=hours),
        capacity=capacity,
        place=kw.pop("place", "Buurthuis De Kaai, zaal 2"),
        **kw,
    )


def _statuses(session):
    return {
        r.user.email: r.status
        for r in SessionRegistration.objects.filter(session=session).select_related("user")
    }


def _mails(session, to=None):
    found = OutgoingEmail.objects.filter(reference=f"participation.session:{session.pk}")
    return found.filter(to=to) if to else found


def _register(session, user, **kw):
    return session_services.session_register(session=session, by=user, **kw)


# --- places and the waiting list ----------------------------------------------------------------


def test_places_fill_then_the_waiting_list_moves_up_in_order_when_people_cancel(world):
    dave = UserFactory(email="dave@example.org", preferred_language="nl")
    session = _session(world, capacity=2)
    for person in (world.anna, world.ben, world.carla, dave):
        _register(session, person)
    assert _statuses(session) == {
        "anna@example.org": R,
        "ben@example.org": R,
        "carla@example.org": W,
        "dave@example.org": W,
    }
    # a waiting person cancelling frees no place: nobody moves
    assert session_services.session_cancel(session=session, by=dave) is None
    assert _statuses(session)["dave@example.org"] == C
    # dave registers again: the end of the waiting list, behind carla
    _register(session, dave)
    # ben cancels: carla (first in line) moves up, dave stays waiting
    moved = session_services.session_cancel(session=session, by=world.ben)
    assert moved is not None and moved.user == world.carla and moved.moved_up_at is not None
    assert _statuses(session) == {
        "anna@example.org": R,
        "ben@example.org": C,
        "carla@example.org": R,
        "dave@example.org": W,
    }
    # anna cancels: dave moves up; the session is exactly full
    assert session_services.session_cancel(session=session, by=world.anna).user == dave
    assert SessionRegistration.objects.filter(session=session, status=R).count() == 2
    assert not SessionRegistration.objects.filter(session=session, status=W).exists()


def test_registering_twice_changes_nothing(world, client):
    session = _session(world, capacity=1)
    first = _register(session, world.anna)
    assert _register(session, world.anna).pk == first.pk
    client.force_login(world.anna)
    assert client.post(f"/meedoen/sessies/{session.pk}/aanmelden/").status_code == 302
    assert SessionRegistration.objects.filter(session=session).count() == 1
    assert _mails(session).count() == 1


def test_registration_and_moving_up_are_mailed_in_the_persons_language(world):
    session = _session(world, capacity=1, title="Koffie & <b>plannen</b>")
    _register(session, world.carla)  # Dutch, registered
    _register(session, world.ben)  # English, waiting
    carla = _mails(session, "carla@example.org").get()
    assert carla.language == "nl" and "Je bent aangemeld" in carla.subject
    ben = _mails(session, "ben@example.org").get()
    assert ben.language == "en" and "waiting list" in ben.subject
    assert "<b>plannen</b>" not in ben.body_html and "&lt;b&gt;plannen&lt;/b&gt;" in ben.body_html
    session_services.session_cancel(session=session, by=world.carla)
    moved = _mails(session, "ben@example.org").order_by("pk").last()
    assert "A place has come free" in moved.subject
    assert f"/meedoen/sessies/{session.pk}/agenda.ics" in moved.body_text


def test_a_started_session_takes_no_registrations_or_cancellations(world, client):
    session = _session(world, start=timezone.now() + dt.timedelta(days=1))
    _register(session, world.anna)
    CoSession.objects.filter(pk=session.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=5))
    session.refresh_from_db()
    with pytest.raises(PermissionDenied):
        _register(session, world.ben)
    client.force_login(world.anna)
    client.post(f"/meedoen/sessies/{session.pk}/afmelden/")
    assert _statuses(session) == {"anna@example.org": R}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_registrations_never_overbook(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    session = _session(world, capacity=5)
    people = [UserFactory(email=f"gelijk{i}@example.org") for i in range(20)]
    barrier = threading.Barrier(len(people))
    errors: list[BaseException] = []

    def register(person):
        from django.db import connections

        try:
            barrier.wait()
            _register(CoSession.objects.get(pk=session.pk), person)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert SessionRegistration.objects.filter(session=session, status=R).count() == 5
    assert SessionRegistration.objects.filter(session=session, status=W).count() == 15
    # and ten concurrent cancellations by registered people move exactly the freed places up
    registered = [r.user for r in SessionRegistration.objects.filter(session=session, status=R)]
    barrier = threading.Barrier(len(registered))

    def cancel(person):
        from django.db import connections

        try:
            barrier.wait()
            session_services.session_cancel(session=CoSession.objects.get(pk=session.pk), by=person)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cancel, args=(p,)) for p in registered]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert SessionRegistration.objects.filter(session=session, status=R).count() == 5
    assert SessionRegistration.objects.filter(session=session, status=W).count() == 10


# --- permissions and privacy --------------------------------------------------------------------

FORM = {
    "title": "Ontwerpavond",
    "starts_at": "2031-03-05T19:30",
    "ends_at": "2031-03-05T21:30",
    "place": "Buurthuis",
    "capacity": "20",
}


def test_the_coordinator_and_the_regisseur_plan_sessions(world, client):
    for who in (world.coordinator, world.regisseur):
        client.force_login(who)
        response = client.post(f"/meedoen/opgaven/{world.challenge.slug}/sessies/nieuw/", FORM)
        assert response.status_code == 302
    assert CoSession.objects.filter(challenge=world.challenge).count() == 2


@pytest.mark.parametrize("who", ["anna", "bergen_coordinator"])
def test_outsiders_and_another_municipalitys_coordinator_change_nothing(world, client, who):
    session = _session(world, capacity=1)
    _register(session, world.carla)
    idea = world.idea()
    action = session_services.action_add(
        session=session,
        by=world.coordinator,
        text="Plan uitwerken",
        owner="Coby",
        due=dt.date(2031, 1, 1),
        idea=idea,
        idea_state=states.IN_BEHANDELING,
    )
    client.force_login(getattr(world, who))
    base = f"/meedoen/sessies/{session.pk}"
    attempts = [
        (f"/meedoen/opgaven/{world.challenge.slug}/sessies/nieuw/", FORM),
        (f"{base}/aanwezigheid/", {"attended": [str(world.carla.pk)]}),
        (f"{base}/verslag/", {"outcomes": "Overgenomen door een buitenstaander"}),
        (f"{base}/acties/", {"text": "X", "owner": "Y", "due": "2031-01-01"}),
        (f"/meedoen/sessies/acties/{action.pk}/toepassen/", {}),
    ]
    for path, data in attempts:
        assert client.post(path, data).status_code in (403, 404), path
    assert client.get(f"/meedoen/opgaven/{world.challenge.slug}/sessies/nieuw/").status_code == 403
    assert CoSession.objects.count() == 1
    session.refresh_from_db()
    assert session.outcomes == "" and session.minutes_at is None
    assert not SessionRegistration.objects.filter(attended=True).exists()
    assert SessionAction.objects.count() == 1
    action.refresh_from_db()
    assert action.applied_at is None
    assert Idea.objects.get(pk=idea.pk).state == states.ONTVANGEN
    with pytest.raises(PermissionDenied):
        session_services.minutes_save(session=session, by=getattr(world, who), outcomes="x")


def test_registrants_names_are_only_shown_to_the_coordinator_and_the_regisseur(world, client):
    session = _session(world, capacity=1)
    _register(session, world.anna)
    _register(session, world.ben)
    url = f"/meedoen/sessies/{session.pk}/"
    for who in (None, world.carla, world.bergen_coordinator):
        client.logout()
        if who is not None:
            client.force_login(who)
        page = client.get(url).content.decode()
        assert "Anna de Vries" not in page and "anna@example.org" not in page and "Ben Smith" not in page
        assert "Wachtlijst</dt><dd>1</dd>" in page or "Waiting list</dt><dd>1</dd>" in page
    for who in (world.coordinator, world.regisseur):
        client.force_login(who)
        page = client.get(url).content.decode()
        assert "Anna de Vries" in page and "anna@example.org" in page and "Ben Smith" in page


def test_a_session_on_a_non_public_challenge_is_hidden(world, client):
    world.challenge.__class__.objects.filter(pk=world.challenge.pk).update(published=False)
    world.challenge.agenda.__class__.objects.filter(pk=world.challenge.agenda_id).update(published=False)
    session = CoSession.objects.create(
        challenge=world.challenge,
        title="Besloten",
        starts_at=timezone.now() + dt.timedelta(days=3),
        ends_at=timezone.now() + dt.timedelta(days=3, hours=1),
        place="Stadhuis",
        capacity=5,
    )
    for who in (None, world.bergen_coordinator, world.anna):
        client.logout()
        if who is not None:
            client.force_login(who)
        for path in (f"/meedoen/sessies/{session.pk}/", f"/meedoen/sessies/{session.pk}/agenda.ics"):
            assert client.get(path).status_code == 404, (who, path)
        assert client.post(f"/meedoen/sessies/{session.pk}/aanmelden/").status_code in (302, 404)
    assert not SessionRegistration.objects.exists()


def test_bad_input_keeps_what_was_typed_and_creates_nothing(world, client):
    client.force_login(world.coordinator)
    data = {**FORM, "title": "<script>alert(1)</script>", "ends_at": "2031-03-05T18:00", "place": ""}
    response = client.post(f"/meedoen/opgaven/{world.challenge.slug}/sessies/nieuw/", data)
    page = response.content.decode()
    assert response.status_code == 400 and not CoSession.objects.exists()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    response = client.post(
        f"/meedoen/opgaven/{world.challenge.slug}/sessies/nieuw/", {**FORM, "capacity": "0"}
    )
    assert response.status_code == 400 and not CoSession.objects.exists()


# --- iCalendar ----------------------------------------------------------------------------------


def test_the_icalendar_file_and_feed_parse_back(world, client):
    start = dt.datetime(2031, 3, 5, 18, 30, tzinfo=dt.UTC)
    first = _session(world, start=start, title="Ontwerpavond; eerste ronde, met komma's")
    second = _session(
        world,
        start=start + dt.timedelta(days=7),
        title="Tweede avond",
        place="",
        online_url="https://meet.example.org/x",
    )
    _session(world, challenge=world.bergen_challenge, by=world.bergen_coordinator, title="Bergen")
    response = client.get(f"/meedoen/sessies/{first.pk}/agenda.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == "Ontwerpavond; eerste ronde, met komma's"
    assert event.decoded("DTSTART") == start and event.decoded("DTEND") == start + dt.timedelta(hours=2)
    assert str(event["LOCATION"]) == "Buurthuis De Kaai, zaal 2"
    assert str(event["UID"]) == f"session-{first.pk}@veerkracht"
    assert str(event["URL"]).endswith(f"/meedoen/sessies/{first.pk}/")
    feed = icalendar.Calendar.from_ical(
        client.get(f"/meedoen/opgaven/{world.challenge.slug}/sessies.ics").content
    )
    found = {str(e["UID"]): e for e in feed.walk("VEVENT")}
    assert set(found) == {f"session-{first.pk}@veerkracht", f"session-{second.pk}@veerkracht"}
    assert str(found[f"session-{second.pk}@veerkracht"]["LOCATION"]) == "https://meet.example.org/x"


# --- reminders ----------------------------------------------------------------------------------


def test_reminders_go_the_day_before_once_each(world):
    now = timezone.now()
    tomorrow = timezone.localtime(now).replace(hour=14, minute=0, second=0, microsecond=0) + dt.timedelta(
        days=1
    )
    session = _session(world, start=tomorrow, capacity=2)
    later = _session(world, start=tomorrow + dt.timedelta(days=1), title="Overmorgen")
    for person in (world.anna, world.ben, world.carla):  # carla waits: no reminder
        _register(session, person)
    _register(later, world.anna)
    assert session_services.send_reminders(now=now) == 2
    assert session_services.send_reminders(now=now) == 0
    reminders = OutgoingEmail.objects.filter(key__contains=":reminder:")
    assert sorted(reminders.values_list("to", flat=True)) == ["anna@example.org", "ben@example.org"]
    assert "Morgen" in reminders.get(to="anna@example.org").subject
    assert "Tomorrow" in reminders.get(to="ben@example.org").subject
    from veerkracht.participation.session_tasks import daily_sessions

    assert daily_sessions.apply().get() == {"reminded": 0, "invited": 0}


def test_the_daily_task_is_scheduled_once():
    from django_celery_beat.models import PeriodicTask

    schedule_daily()
    schedule_daily()
    assert PeriodicTask.objects.filter(name=NAME, task=TASK, enabled=True).count() == 1


# --- attendance, minutes, the talent pool -------------------------------------------------------


def test_attendees_who_consented_and_are_not_in_the_pool_are_invited_once(world, client):
    from veerkracht.teams.models import Profile

    start = timezone.now() + dt.timedelta(days=1)
    session = _session(world, start=start, capacity=5)
    _register(session, world.anna, talent_consent=True)
    _register(session, world.ben, talent_consent=True)  # already in the pool
    _register(session, world.carla, talent_consent=False)
    Profile.objects.create(user=world.ben, municipality=world.veerdam, consent_given_at=timezone.now())
    CoSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=3), ends_at=timezone.now() - dt.timedelta(hours=1)
    )
    client.force_login(world.coordinator)
    came = [str(u.pk) for u in (world.anna, world.ben, world.carla)]
    assert client.post(f"/meedoen/sessies/{session.pk}/aanwezigheid/", {"attended": came}).status_code == 302
    assert client.post(f"/meedoen/sessies/{session.pk}/aanwezigheid/", {"attended": came}).status_code == 302
    assert session_services.invite_after_sessions() == 0
    invitations = OutgoingEmail.objects.filter(key__contains=":talent:")
    assert list(invitations.values_list("to", flat=True)) == ["anna@example.org"]
    assert "/samenwerken/meedoen/" in invitations.get().body_text
    assert SessionRegistration.objects.filter(session=session, attended=True).count() == 3
    # unticking someone records that they did not come
    client.post(f"/meedoen/sessies/{session.pk}/aanwezigheid/", {"attended": came[:1]})
    assert SessionRegistration.objects.filter(session=session, attended=True).count() == 1


def test_minutes_with_an_action_that_answers_an_idea(world, client):
    session = _session(world)
    idea = world.idea(title="Koffie bij de supermarkt")
    services.idea_support(idea=idea, by=world.ben)
    client.force_login(world.regisseur)
    url = f"/meedoen/sessies/{session.pk}"
    assert client.post(f"{url}/verslag/", {"outcomes": "Drie plannen gekozen."}).status_code == 302
    response = client.post(
        f"{url}/acties/",
        {
            "text": "Koffiehoek starten",
            "owner": "Buurtwerk",
            "due": "2031-04-01",
            "idea": str(idea.pk),
            "idea_state": states.OVERGENOMEN,
            "link": "https://example.org/behoefte/3",
        },
    )
    assert response.status_code == 302
    action = SessionAction.objects.get()
    assert (action.owner, action.due, action.idea_id) == ("Buurtwerk", dt.date(2031, 4, 1), idea.pk)
    assert client.post(f"/meedoen/sessies/acties/{action.pk}/toepassen/").status_code == 302
    idea.refresh_from_db()
    assert idea.state == states.OVERGENOMEN and "Koffiehoek starten" in idea.outcome
    assert idea.outcome_url == "https://example.org/behoefte/3"
    assert OutgoingEmail.objects.filter(reference=f"participation.idea:{idea.pk}").count() == 2
    # applied once: a second time changes nothing
    client.post(f"/meedoen/sessies/acties/{action.pk}/toepassen/")
    assert idea.changes.count() == 1
    page = client.get(f"{url}/").content.decode()
    assert "Drie plannen gekozen." in page and "Koffiehoek starten" in page


def test_an_action_without_a_due_date_is_refused_and_keeps_the_text(world, client):
    session = _session(world)
    client.force_login(world.coordinator)
    response = client.post(f"/meedoen/sessies/{session.pk}/acties/", {"text": "Flyer maken", "owner": "Anna"})
    assert response.status_code == 400 and 'value="Flyer maken"' in response.content.decode()
    assert not SessionAction.objects.exists()


# --- bounded queries ----------------------------------------------------------------------------


def test_session_pages_do_a_bounded_number_of_queries(world, client, django_assert_max_num_queries):
    people = [UserFactory() for _ in range(12)]
    for n in range(12):
        session = _session(
            world, capacity=4, title=f"Sessie {n}", start=timezone.now() + dt.timedelta(days=n + 1)
        )
        for person in people[: n + 1]:
            _register(session, person)
    client.force_login(world.carla)
    with django_assert_max_num_queries(20):
        response = client.get(f"/meedoen/opgaven/{world.challenge.slug}/sessies/")
    assert response.status_code == 200 and response.content.decode().count("/meedoen/sessies/") >= 12
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(30):
        response = client.get(f"/meedoen/sessies/{session.pk}/")
    assert response.status_code == 200 and response.content.decode().count('name="attended"') == 4
    with django_assert_max_num_queries(20):
        assert client.get(f"/meedoen/opgaven/{world.challenge.slug}/sessies.ics").status_code == 200


# --- demo ---------------------------------------------------------------------------------------


def test_the_demo_has_a_past_session_with_minutes_and_a_full_one_with_a_waiting_list(settings):
    import io

    from django.core.management import call_command

    settings.DEMO_MODE = True
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    counts = (CoSession.objects.count(), SessionRegistration.objects.count(), SessionAction.objects.count())
    now = timezone.now()
    past = CoSession.objects.get(ends_at__lt=now, challenge__isnull=False)
    assert past.outcomes and past.minutes_at is not None and past.challenge.is_public
    assert past.actions.count() == 2 and all(a.owner and a.due for a in past.actions.all())
    assert 0 < past.registrations.filter(attended=True).count() < past.registrations.count()
    coming = CoSession.objects.get(starts_at__gt=now, challenge__isnull=False)
    assert coming.registrations.filter(status=R).count() == coming.capacity
    assert coming.registrations.filter(status=W).count() >= 1
    # and the community of practice's sessions, run by its owner, one past with a lesson as action
    cop_past = CoSession.objects.get(cop__slug="jongeren-en-wijk", ends_at__lt=now)
    assert cop_past.outcomes and cop_past.actions.get().idea is None
    assert "/gemeenschap/lessen/" in cop_past.actions.get().link
    assert (
        CoSession.objects.filter(cop__slug="jongeren-en-wijk", starts_at__gt=now).get().registrations.exists()
    )
    assert cop_past.created_by.practice_memberships.get(cop=cop_past.cop).role == "eigenaar"
    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    assert counts == (
        CoSession.objects.count(),
        SessionRegistration.objects.count(),
        SessionAction.objects.count(),
    )


def test_the_challenge_pages_link_to_the_sessions(world, client):
    _session(world)
    _session(world, start=timezone.now() - dt.timedelta(days=3), title="Voorbij")
    page = client.get(f"/agenda/openbaar/opgaven/{world.challenge.slug}/").content.decode()
    assert 'id="section-sessies"' in page and "1 komende sessie." in page
    assert f"/meedoen/opgaven/{world.challenge.slug}/sessies/" in page and "sessies/nieuw/" not in page
    client.force_login(world.coordinator)
    page = client.get(f"/agenda/opgaven/{world.challenge.slug}/").content.decode()
    assert (
        'id="section-sessies"' in page and f"/meedoen/opgaven/{world.challenge.slug}/sessies/nieuw/" in page
    )
