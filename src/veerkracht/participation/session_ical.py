"""iCalendar (RFC 5545) for co-creation sessions: one file per session, a feed per challenge and per
community of practice. An edited session keeps its UID and raises its SEQUENCE, so a calendar that
imported it replaces the old event; a session called off has STATUS:CANCELLED."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import icalendar

from veerkracht.participation.session_models import CoSession

PRODID = "-//Veerkracht//Co-creation sessions//NL"


def uid_of(session: CoSession) -> str:
    return f"session-{session.pk}@veerkracht"


def _event(session: CoSession, url: str, stamp: dt.datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid_of(session))
    event.add("dtstamp", stamp)
    event.add("sequence", session.sequence)
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    event.add("dtstart", session.starts_at.astimezone(dt.UTC))
    event.add("dtend", session.ends_at.astimezone(dt.UTC))
    event.add("summary", session.title)
    location = session.place or session.online_url
    if location:
        event.add("location", location)
    description = "\n\n".join(
        p for p in (session.description, session.accessibility, session.online_url) if p
    )
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    return event


def calendar(sessions: Iterable[tuple[CoSession, str]], *, name: str = "") -> bytes:
    """The calendar of ``(session, page url)`` pairs, as bytes (text/calendar, UTF-8)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if name:
        cal.add("x-wr-calname", name)
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for session, url in sessions:
        cal.add_component(_event(session, url, stamp))
    return cal.to_ical()
