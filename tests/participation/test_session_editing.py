"""Editing a session and calling it off: the new details go to everyone registered or waiting, in
their language, with the updated calendar file; more places move people up, fewer than registered is
refused; writes by anyone else (another municipality's coordinator, a resident) change nothing."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from veerkracht.audit.models import AuditEvent
from veerkracht.core.models import OutgoingEmail
from veerkracht.participation import session_services, session_workflow
from veerkracht.participation.session_models import CoSession, RegistrationStatus, SessionStatus

pytestmark = pytest.mark.django_db

R, W = RegistrationStatus.REGISTERED, RegistrationStatus.WAITING
START = timezone.now().replace(microsecond=0, second=0) + dt.timedelta(days=10)


def _session(world, *, capacity=1, **kw):
    return session_services.session_create(
        challenge=world.challenge,
        by=world.coordinator,
        title="Koffietafel in de Kaai",
        starts_at=kw.pop("starts_at", START),
        ends_at=kw.pop("ends_at", START + dt.timedelta(hours=2)),
        capacity=capacity,
        place="Buurthuis De Kaai, zaal 2",
        **kw,
    )


def _mails(session, kind_subject_start=""):
    found = OutgoingEmail.objects.filter(reference=f"participation.session:{session.pk}")
    return found.filter(subject__startswith=kind_subject_start) if kind_subject_start else found


def _status(session, user):
    return session.registrations.get(user=user).status


def _form(session, **changes):
    data = {
        "title": session.title,
        "description": session.description,
        "starts_at": timezone.localtime(session.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(session.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "place": session.place,
        "online_url": session.online_url,
        "accessibility": session.accessibility,
        "capacity": str(session.capacity),
    }
    data.update(changes)
    return data


def test_a_new_place_is_mailed_to_registered_and_waiting_in_their_language_with_the_new_ics(
    world, client, django_capture_on_commit_callbacks, mailoutbox
):
    session = _session(world, capacity=1)
    session_services.session_register(session=session, by=world.anna)  # Dutch, a place
    session_services.session_register(session=session, by=world.ben)  # English, waiting
    before = _mails(session).count()
    client.force_login(world.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/meedoen/sessies/{session.pk}/bewerken/", _form(session, place="Bibliotheek Veerdam, zaal 1")
        )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.place == "Bibliotheek Veerdam, zaal 1" and session.sequence == 1
    changed = _mails(session).order_by("pk")[before:]
    assert {m.to for m in changed} == {"anna@example.org", "ben@example.org"}
    assert {m.subject for m in changed} == {
        "Gewijzigd: Koffietafel in de Kaai",
        "Changed: Koffietafel in de Kaai",
    }
    # what was delivered (the stored copy is scrubbed after delivery)
    anna = next(m for m in mailoutbox if m.to == ["anna@example.org"] and m.subject.startswith("Gewijzigd"))
    ben = next(m for m in mailoutbox if m.to == ["ben@example.org"] and m.subject.startswith("Changed"))
    assert "Bibliotheek Veerdam, zaal 1" in anna.body and "Bibliotheek Veerdam, zaal 1" in ben.body
    assert "is gewijzigd" in anna.body and "still on the waiting list" in ben.body
    assert f"/meedoen/sessies/{session.pk}/agenda.ics" in anna.body
    # nobody changed place in the queue
    assert _status(session, world.anna) == R and _status(session, world.ben) == W
    # the calendar file carries the new place under the same UID, with a higher SEQUENCE
    client.force_login(world.anna)
    event = icalendar.Calendar.from_ical(client.get(f"/meedoen/sessies/{session.pk}/agenda.ics").content)
    (vevent,) = event.walk("VEVENT")
    assert str(vevent["location"]) == "Bibliotheek Veerdam, zaal 1"
    assert int(vevent["sequence"]) == 1 and str(vevent["uid"]) == f"session-{session.pk}@veerkracht"
    event = AuditEvent.objects.get(event="participation.session.updated")
    assert event.details["changed"] == ["place"] and event.actor_id == world.coordinator.pk


def test_a_new_time_is_announced_and_reminded_again_a_new_title_alone_is_not_announced(
    world, django_capture_on_commit_callbacks
):
    session = _session(world, capacity=3)
    session_services.session_register(session=session, by=world.anna)
    session.registrations.update(reminded_at=timezone.now())
    before = _mails(session).count()
    with django_capture_on_commit_callbacks(execute=True):
        session_services.session_update(session=session, by=world.coordinator, title="Koffietafel (2)")
    assert _mails(session).count() == before
    later = START + dt.timedelta(days=1, hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        session_services.session_update(
            session=session, by=world.coordinator, starts_at=later, ends_at=later + dt.timedelta(hours=2)
        )
    assert _mails(session).count() == before + 1
    session.refresh_from_db()
    assert session.starts_at == later and session.sequence == 1
    assert session.registrations.get().reminded_at is None
    # the task run twice sends nothing again
    session_services.notify_all(session_id=session.pk, kind=session_services.MAIL_CHANGED, key="v1")
    assert _mails(session).count() == before + 1


def test_more_places_move_people_up_in_order_and_fewer_than_registered_is_refused(world, client):
    session = _session(world, capacity=1)
    for person in (world.anna, world.ben, world.carla):
        session_services.session_register(session=session, by=person)
    assert [_status(session, p) for p in (world.anna, world.ben, world.carla)] == [R, W, W]
    session_services.session_update(session=session, by=world.coordinator, capacity=2)
    assert [_status(session, p) for p in (world.anna, world.ben, world.carla)] == [R, R, W]
    assert _mails(session).filter(to="ben@example.org", subject__startswith="A place").count() == 1
    assert not _mails(session).filter(to="carla@example.org", subject__startswith="Er is").exists()

    with pytest.raises(ValidationError) as refused:
        session_services.session_update(session=session, by=world.coordinator, capacity=1)
    assert "capacity" in refused.value.message_dict
    session.refresh_from_db()
    assert session.capacity == 2
    # the form says why, keeps what was typed, and nobody is dropped
    client.force_login(world.coordinator)
    response = client.post(
        f"/meedoen/sessies/{session.pk}/bewerken/", _form(session, capacity="1", title="Nieuwe titel")
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "2 mensen zijn aangemeld" in page and 'value="Nieuwe titel"' in page
    session.refresh_from_db()
    assert session.capacity == 2 and session.title == "Koffietafel in de Kaai"
    assert [_status(session, p) for p in (world.anna, world.ben, world.carla)] == [R, R, W]


def test_calling_a_session_off_mails_everyone_and_closes_it(
    world, client, django_capture_on_commit_callbacks
):
    session = _session(world, capacity=1)
    session_services.session_register(session=session, by=world.anna)
    session_services.session_register(session=session, by=world.ben)
    client.force_login(world.coordinator)
    # without the confirmation nothing happens
    assert client.post(f"/meedoen/sessies/{session.pk}/afgelasten/", {}).status_code == 400
    assert CoSession.objects.get(pk=session.pk).status == SessionStatus.GEPLAND
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/meedoen/sessies/{session.pk}/afgelasten/", {"confirm": "on"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.GEANNULEERD and session.cancelled_at is not None
    assert _mails(session, "Afgelast:").filter(to="anna@example.org").count() == 1
    assert _mails(session, "Called off:").filter(to="ben@example.org").count() == 1
    assert AuditEvent.objects.get(event="participation.session.transitioned").details == {
        "from": "gepland",
        "to": "geannuleerd",
    }
    # the calendar file cancels the event; nobody registers, edits or calls it off again
    (vevent,) = icalendar.Calendar.from_ical(
        client.get(f"/meedoen/sessies/{session.pk}/agenda.ics").content
    ).walk("VEVENT")
    assert str(vevent["status"]) == "CANCELLED"
    client.force_login(world.carla)
    assert client.post(f"/meedoen/sessies/{session.pk}/aanmelden/").status_code == 403
    assert not session.registrations.filter(user=world.carla).exists()
    with pytest.raises(PermissionDenied):
        session_services.session_update(session=session, by=world.coordinator, title="Toch")
    assert not session_workflow.allowed(session.status, SessionStatus.GEPLAND)
    # no reminder for a session called off
    session.starts_at = timezone.now() + dt.timedelta(days=1)
    CoSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() + dt.timedelta(days=1),
        ends_at=timezone.now() + dt.timedelta(days=1, hours=2),
    )
    assert session_services.send_reminders() == 0


def test_a_started_session_is_not_edited_or_called_off(world):
    session = _session(world, capacity=2)
    CoSession.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=5), ends_at=timezone.now() + dt.timedelta(hours=1)
    )
    session.refresh_from_db()
    with pytest.raises(PermissionDenied):
        session_services.session_update(session=session, by=world.coordinator, capacity=5)
    with pytest.raises(PermissionDenied):
        session_services.session_transition(
            session=session, to=SessionStatus.GEANNULEERD, by=world.coordinator
        )


@pytest.mark.parametrize("who", ["anna", "bergen_coordinator"])
def test_another_municipality_or_a_resident_edits_or_calls_off_nothing(
    world, client, who, django_capture_on_commit_callbacks
):
    session = _session(world, capacity=1)
    session_services.session_register(session=session, by=world.carla)
    mails = _mails(session).count()
    person = getattr(world, who)
    client.force_login(person)
    base = f"/meedoen/sessies/{session.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(f"{base}/bewerken/").status_code == 403
        assert (
            client.post(f"{base}/bewerken/", _form(session, place="Elders", capacity="9")).status_code == 403
        )
        assert client.post(f"{base}/afgelasten/", {"confirm": "on"}).status_code == 403
    with pytest.raises(PermissionDenied):
        session_services.session_update(session=session, by=person, capacity=9)
    with pytest.raises(PermissionDenied):
        session_services.session_transition(session=session, to=SessionStatus.GEANNULEERD, by=person)
    fresh = CoSession.objects.get(pk=session.pk)
    assert (fresh.place, fresh.capacity, fresh.status, fresh.sequence) == (
        "Buurthuis De Kaai, zaal 2",
        1,
        SessionStatus.GEPLAND,
        0,
    )
    assert _mails(session).count() == mails
    assert not AuditEvent.objects.filter(
        event__in=["participation.session.updated", "participation.session.transitioned"]
    ).exists()


def test_the_organiser_sees_the_edit_link_others_do_not(world, client):
    session = _session(world)
    client.force_login(world.regisseur)
    assert (
        f"/meedoen/sessies/{session.pk}/bewerken/"
        in client.get(f"/meedoen/sessies/{session.pk}/").content.decode()
    )
    client.force_login(world.anna)
    assert (
        f"/meedoen/sessies/{session.pk}/bewerken/"
        not in client.get(f"/meedoen/sessies/{session.pk}/").content.decode()
    )
