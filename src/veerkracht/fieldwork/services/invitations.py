"""Invitations: check and read a list, add and remove, send and remind through the mail queue."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from veerkracht.audit.logger import log
from veerkracht.core.mail import email_queue
from veerkracht.fieldwork import reminders, tokens, workflow
from veerkracht.fieldwork.crashpoints import pause_point
from veerkracht.fieldwork.events import FieldworkEvent
from veerkracht.fieldwork.models import (
    Invitation,
    InvitationMessage,
    InvitationToken,
    Language,
    MessageKind,
    Response,
    ResponseStatus,
    Wave,
)
from veerkracht.fieldwork.services.common import MAX_PROBLEMS_SHOWN, FieldworkError
from veerkracht.fieldwork.structure import (
    structure_of,
)
from veerkracht.fieldwork.workflow import WaveState

# --- invitations --------------------------------------------------------------------------------


@dataclass(frozen=True)
class InvitationRow:
    email: str
    organisation: str
    name: str = ""
    group: str = ""
    language: str = Language.NL


def _group_codes(wave: Wave) -> set[str]:
    return {c.value for c in structure_of(wave.instrument).group_choices()}


def validate_invitation(wave: Wave, row: Mapping[str, str]) -> tuple[InvitationRow | None, list[str]]:
    """One row (keys as CSV_COLUMNS) → an InvitationRow, or the problems with it."""
    problems = []
    email = (row.get("email") or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        problems.append(
            _("“%(value)s” is not an e-mail address") % {"value": email}
            if email
            else _("the e-mail address is missing")
        )
    organisation = (row.get("organisation") or "").strip()
    if not organisation:
        problems.append(_("the organisation is missing"))
    elif len(organisation) > 200:
        problems.append(_("the organisation is longer than 200 characters"))
    name = (row.get("name") or "").strip()
    if len(name) > 200:
        problems.append(_("the name is longer than 200 characters"))
    group = (row.get("group") or "").strip()
    codes = _group_codes(wave)
    if group and group not in codes:
        problems.append(
            _("“%(value)s” is not a stakeholder group (use one of: %(codes)s)")
            % {"value": group, "codes": ", ".join(sorted(codes))}
        )
    language = (row.get("language") or "").strip().lower() or wave.offered_languages[0]
    if language not in wave.offered_languages:
        problems.append(
            _("the language “%(value)s” is not offered in this wave (%(offered)s)")
            % {"value": language, "offered": ", ".join(wave.offered_languages)}
        )
    if problems:
        return None, problems
    return InvitationRow(
        email=email, organisation=organisation, name=name, group=group, language=language
    ), []


def parse_invitations_csv(*, wave: Wave, data: bytes) -> list[InvitationRow]:
    """Every row of an invitations file, or :class:`FieldworkError` naming every bad row (nothing is
    stored by this function). Columns: name (optional), email, organisation, group, language. Rows
    with the same e-mail address are merged (the later row's non-blank fields win)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FieldworkError(_("The file is not UTF-8 text.")) from None
    try:
        sample = text[:2048]
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;") if sample.strip() else csv.excel
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise FieldworkError(_("The file is empty; a header row is needed.")) from None
    missing = [c for c in ("email", "organisation") if c not in header]
    if missing:
        raise FieldworkError(
            [_("Row 1: the column “%(column)s” is missing.") % {"column": c} for c in missing]
        )
    problems: list[str] = []
    merged: dict[str, InvitationRow] = {}
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                _("Row %(row)s: has %(n)s fields, the header has %(h)s.")
                % {"row": line, "n": len(cells), "h": len(header)}
            )
            continue
        values = dict(zip(header, cells, strict=True))
        row, row_problems = validate_invitation(wave, values)
        if row is None:
            problems.extend(
                _("Row %(row)s: %(problem)s.") % {"row": line, "problem": p} for p in row_problems
            )
            continue
        earlier = merged.get(row.email)
        if earlier is not None:
            row = InvitationRow(
                email=row.email,
                organisation=row.organisation or earlier.organisation,
                name=row.name or earlier.name,
                group=row.group or earlier.group,
                language=row.language or earlier.language,
            )
        merged[row.email] = row
    if problems:
        shown = problems[:MAX_PROBLEMS_SHOWN]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            shown.append(_("… and %(n)s more problems.") % {"n": len(problems) - MAX_PROBLEMS_SHOWN})
        raise FieldworkError(shown, code="bad_file")
    if not merged:
        raise FieldworkError(_("The file has no rows with respondents."), code="bad_file")
    return list(merged.values())


def invitations_add(
    *, wave: Wave, rows: Iterable[InvitationRow], by: Any, request: HttpRequest | None = None
) -> tuple[int, int]:
    """Add respondents (an existing e-mail address in the wave is updated, not duplicated).
    When the wave is open, the new ones get their invitation right away. Returns (added, merged)."""
    rows = list(rows)
    added = merged = 0
    with transaction.atomic():
        locked = Wave.objects.select_for_update().get(pk=wave.pk)
        if locked.state not in workflow.INVITING:
            raise FieldworkError(
                _("Respondents can only be added to a draft or open wave."), code="not_inviting"
            )
        existing = {
            i.email: i for i in Invitation.objects.filter(wave=locked, email__in=[r.email for r in rows])
        }
        new = []
        for row in rows:
            invitation = existing.get(row.email)
            if invitation is None:
                new.append(
                    Invitation(
                        wave=locked,
                        email=row.email,
                        name=row.name,
                        organisation=row.organisation,
                        group=row.group,
                        language=row.language,
                    )
                )
                added += 1
            else:
                invitation.name = row.name or invitation.name
                invitation.organisation = row.organisation or invitation.organisation
                if not invitation.started:
                    invitation.group = row.group or invitation.group
                invitation.language = row.language or invitation.language
                invitation.save(update_fields=["name", "organisation", "group", "language"])
                merged += 1
        Invitation.objects.bulk_create(new)
        log(
            FieldworkEvent.INVITATIONS_ADDED,
            actor=by,
            target=locked,
            request=request,
            details={"added": added, "merged": merged},
        )
        if locked.state == WaveState.OPEN:
            invitations_queue(wave_id=locked.pk)
    return added, merged


def invitations_queue(*, wave_id: int) -> None:
    """Have the invitations of an open wave sent in the background once the current transaction
    commits (the ``send_invitations`` task, in batches; in-process when no broker is configured).
    What a lost task leaves unsent, the hourly ``send_due_reminders`` sends."""
    from veerkracht.fieldwork.signals import invitations_due

    transaction.on_commit(lambda: invitations_due.send(sender=Invitation, wave_id=wave_id))


def invitation_remove(*, invitation: Invitation, by: Any, request: HttpRequest | None = None) -> None:
    """Remove a respondent. Answers in progress go with them; submitted answers stay (they are no
    longer linked in anonymous mode, and the removal must not reveal who answered)."""
    wave = invitation.wave
    with transaction.atomic():
        Response.objects.filter(invitation=invitation, status=ResponseStatus.IN_PROGRESS).delete()
        invitation.delete()
    log(FieldworkEvent.INVITATION_REMOVED, actor=by, target=wave, request=request)


def link_for(token: str) -> str:
    return str(settings.SITE_URL).rstrip("/") + reverse("survey:start", args=[token])


def _send(invitation: Invitation, kind: str, now: dt.datetime) -> bool:
    """Queue one e-mail of ``kind`` with a fresh token; False when one of that kind exists already.
    Must run in a transaction holding the invitation's row lock."""
    message, created = InvitationMessage.objects.get_or_create(invitation=invitation, kind=kind)
    if not created:
        return False
    token = tokens.new_token()
    InvitationToken.objects.create(invitation=invitation, token_hash=tokens.hash_token(token))
    wave = invitation.wave
    context = {
        "invitation": invitation,
        "wave": wave,
        "challenge": wave.challenge,
        "municipality": wave.challenge.lead_municipality,
        "link": link_for(token),
        "kind": kind,
        "ends_on": wave.ends_on,
        "intro": wave.intro_en if invitation.language == "en" and wave.intro_en else wave.intro_nl,
    }
    with translation.override(invitation.language):
        if kind == MessageKind.INVITATION:
            subject = _("Invitation: innovation monitor for “%(challenge)s”") % {
                "challenge": wave.challenge.title
            }
        else:
            subject = _("Reminder: innovation monitor for “%(challenge)s”") % {
                "challenge": wave.challenge.title
            }
        text = render_to_string("fieldwork/email/invitation.txt", context)
        html = render_to_string("fieldwork/email/invitation.html", context)
        email = email_queue(
            to=invitation.email,
            subject=subject,
            text=text,
            html=html,
            reference=f"fieldwork:wave:{wave.pk}",
            key=f"fieldwork:invitation:{invitation.pk}:{kind}",
            scrub_after_send=True,  # the stored copy loses the personal link once delivered
        )
    message.email = email
    message.save(update_fields=["email"])
    fields = ["last_sent_at"]
    invitation.last_sent_at = now
    if kind == MessageKind.INVITATION:
        invitation.first_sent_at = now
        fields.append("first_sent_at")
    else:
        invitation.reminders_sent = int(kind[-1])
        fields.append("reminders_sent")
    invitation.save(update_fields=fields)
    return True


def invitations_send(*, wave_id: int, limit: int | None = None) -> int:
    """Send the invitation e-mail to everyone in an open wave who has not had it, at most ``limit``
    (idempotent; each invitation is committed on its own, so a killed worker loses nothing)."""
    sent = 0
    wave = Wave.objects.select_related("challenge__lead_municipality").get(pk=wave_id)
    if wave.state != WaveState.OPEN:
        return 0
    pending = Invitation.objects.filter(wave=wave, first_sent_at__isnull=True).order_by("pk")
    if limit is not None:
        pending = pending[:limit]
    now = timezone.now()
    for pk in list(pending.values_list("pk", flat=True)):
        with transaction.atomic():
            invitation = (
                Invitation.objects.select_for_update().filter(pk=pk, first_sent_at__isnull=True).first()
            )
            if invitation is None:
                continue
            invitation.wave = wave
            sent += _send(invitation, MessageKind.INVITATION, now)
        if sent == 1:
            pause_point("fieldwork.invitations.after_first")  # tests kill the worker here
    if sent:
        log(FieldworkEvent.INVITATIONS_SENT, target=wave, details={"sent": sent})
    return sent


def invitations_unsent(*, wave_id: int) -> int:
    return Invitation.objects.filter(wave_id=wave_id, first_sent_at__isnull=True).count()


def reminders_send(
    *, wave: Wave, by: Any = None, now: dt.datetime | None = None, request: HttpRequest | None = None
) -> int:
    """Send the reminders that are due (reminders.next_reminder): at most two per person, at least
    5 days apart, only to those who have not completed. Safe to run twice and concurrently: each
    invitation is locked, and a reminder of the same number is never queued twice."""
    now = now or timezone.now()
    wave = Wave.objects.select_related("challenge__lead_municipality").get(pk=wave.pk)
    if wave.state != WaveState.OPEN:
        return 0
    candidates = Invitation.objects.filter(
        wave=wave, completed=False, first_sent_at__isnull=False, reminders_sent__lt=reminders.MAX_REMINDERS
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(candidates):
        with transaction.atomic():
            invitation = Invitation.objects.select_for_update().filter(pk=pk).first()
            if invitation is None:
                continue
            number = reminders.next_reminder(
                reminders.InvitationState(
                    first_sent_at=invitation.first_sent_at,
                    last_sent_at=invitation.last_sent_at,
                    reminders_sent=invitation.reminders_sent,
                    completed=invitation.completed,
                ),
                now=now,
                interval_days=wave.reminder_days,
                wave_open=True,
                ends_on=wave.ends_on,
            )
            if number is None:
                continue
            invitation.wave = wave
            sent += _send(invitation, f"reminder_{number}", now)
        if sent == 1:
            pause_point("fieldwork.reminders.after_first")  # tests kill the worker here
    if sent or by is not None:
        log(
            FieldworkEvent.REMINDERS_SENT,
            actor=by,
            target=wave,
            request=request,
            details={"sent": sent, "on_demand": by is not None},
        )
    return sent
