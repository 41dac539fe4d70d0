"""The daily digest of overdue ideas: each person who answers ideas gets, once a day, the list of
ideas on their challenges (or agendas) that have waited past their municipality's term for a first
answer. Nothing overdue, no e-mail. Safe to run twice: one e-mail per person per day (its key)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from veerkracht.core.http import site_url
from veerkracht.core.mail import email_queue
from veerkracht.participation import selectors

#: At most this many ideas are listed in one e-mail (the overview page has them all).
LISTED = 50


def digest_recipients() -> list[Any]:
    """Active people who coordinate an agenda or direct a challenge (installation administrators
    only when they hold such a role themselves)."""
    return list(
        get_user_model()
        .objects.filter(
            Q(coordinated_agendas__isnull=False) | Q(directed_challenges__isnull=False), is_active=True
        )
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def send_overdue_digests(*, now: dt.datetime | None = None) -> int:
    """Queue today's digest for everyone with overdue ideas; the number of people with overdue ideas
    (an e-mail already queued today for a person is not queued again)."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    sent = 0
    overview_url = site_url() + reverse("participation:overview")
    for user in digest_recipients():
        # an installation administrator answers everything; the digest is about their own roles
        overdue = selectors.overdue_ideas(user, now=now, own_roles=True)
        total = overdue.count()
        if not total:
            continue
        ideas = list(overdue[:LISTED])
        context = {
            "name": user.full_name or "",
            "total": total,
            "ideas": [
                {
                    "title": idea.title,
                    "where": idea.challenge.title
                    if idea.challenge
                    else idea.agenda.title
                    if idea.agenda
                    else "",
                    "days": (now - idea.created_at).days,
                    "url": site_url() + reverse("participation:idea", args=[idea.pk]),
                }
                for idea in ideas
            ],
            "more": total - len(ideas),
            "overview_url": overview_url,
        }
        with translation.override(user.preferred_language or "nl"):
            email_queue(
                to=user.email,
                subject=_("%(n)s ideas wait too long for an answer") % {"n": total}
                if total != 1
                else _("1 idea waits too long for an answer"),
                text=render_to_string("participation/email/overdue_digest.txt", context),
                html=render_to_string("participation/email/overdue_digest.html", context),
                reference="participation.digest",
                key=f"participation:digest:{day.isoformat()}:{user.pk}",
                scrub_after_send=False,
            )
        sent += 1
    return sent
