"""The states of a team invitation and the one transition table.

An invitation is a ``TeamMember`` row. It is created ``invited`` (or ``accepted`` straight away for
the regisseur who leads the team) and is answered once: accepted or declined. Every answer goes
through :func:`veerkracht.teams.services.invitation_respond`, which consults this table.
"""

from __future__ import annotations

import datetime
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberStatus(models.TextChoices):
    INVITED = "invited", _("invited")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class Answer(StrEnum):
    ACCEPT = "accept"
    DECLINE = "decline"


#: (state, answer) -> new state. Nothing else is allowed: an answer is given once.
TRANSITIONS: dict[tuple[str, str], str] = {
    (MemberStatus.INVITED, Answer.ACCEPT): MemberStatus.ACCEPTED,
    (MemberStatus.INVITED, Answer.DECLINE): MemberStatus.DECLINED,
}

#: How long the personal link in an invitation e-mail can be used (logging in always works).
TOKEN_VALID_FOR = datetime.timedelta(days=14)


def next_state(state: str, answer: str) -> str:
    """The state after ``answer``; a ValidationError when the table has no such transition."""
    try:
        return TRANSITIONS[(state, answer)]
    except KeyError:
        raise ValidationError(
            {"status": ValidationError(_("This invitation has already been answered."), code="answered")}
        ) from None


def token_expired(invited_at: datetime.datetime, now: datetime.datetime) -> bool:
    return now > invited_at + TOKEN_VALID_FOR
