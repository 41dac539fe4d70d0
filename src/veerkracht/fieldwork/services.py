"""Writes of the fieldwork: verb-named, keyword-only commands (waves, invitations, the survey,
imports, priorities). Views and tasks call these; other apps too (never the views)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from veerkracht.audit.logger import log
from veerkracht.audit.models import Result
from veerkracht.core.mail import email_queue
from veerkracht.fieldwork import reminders, tokens, workflow
from veerkracht.fieldwork.crashpoints import pause_point
from veerkracht.fieldwork.events import FieldworkEvent
from veerkracht.fieldwork.models import (
    Answer,
    BackgroundAnswer,
    FacetAnswer,
    Invitation,
    InvitationMessage,
    InvitationToken,
    Language,
    MessageKind,
    OpenAnswer,
    PrivacyMode,
    ReportPriority,
    Response,
    ResponseSource,
    ResponseStatus,
    Wave,
    WaveHeadline,
)
from veerkracht.fieldwork.structure import (
    GROUP_QUESTION,
    RESIDENTS_GROUP,
    Page,
    Structure,
    spec_of,
    structure_of,
)
from veerkracht.fieldwork.workflow import WaveState
from veerkracht.monitor.models import Instrument
from veerkracht.monitor.scoring import AnswersError, read_answers_csv
from veerkracht.monitor.services import instrument_lock

WAVE_FIELDS = (
    "instrument",
    "privacy_mode",
    "starts_on",
    "ends_on",
    "k",
    "languages",
    "report_language",
    "intro_nl",
    "intro_en",
    "previous",
    "reminder_days",
    "open_link",
)
MAX_PRIORITIES = 3
MAX_PROBLEMS_SHOWN = 20
OPEN_TEXT_MAX = 2000
CSV_COLUMNS = ("name", "email", "organisation", "group", "language")


class FieldworkError(Exception):
    """A refused command; ``problems`` says every reason (in the active language)."""

    def __init__(self, problems: list[str] | str, code: str = "refused") -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        self.code = code
        super().__init__("; ".join(self.problems))


def _real(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


# --- waves --------------------------------------------------------------------------------------


def default_instrument() -> Instrument | None:
    return Instrument.objects.filter(code="innovatiemonitor").order_by("-version").first()


def _check_wave(wave: Wave) -> None:
    if wave.previous_id and wave.previous is not None:
        if wave.previous.challenge_id != wave.challenge_id:
            raise ValidationError({"previous": _("The previous wave must belong to the same challenge.")})
        if wave.pk and wave.previous_id == wave.pk:
            raise ValidationError({"previous": _("A wave cannot follow itself.")})
    if wave.starts_on and wave.ends_on and wave.ends_on < wave.starts_on:
        raise ValidationError({"ends_on": _("The fieldwork cannot end before it starts.")})
    if wave.reminder_days < reminders.MIN_DAYS:
        raise ValidationError({"reminder_days": _("Reminders are at least 5 days apart.")})
    if wave.k < 2:
        raise ValidationError({"k": _("The anonymity threshold is at least 2.")})


def wave_create(*, challenge: Any, by: Any, request: HttpRequest | None = None, **fields: Any) -> Wave:
    unknown = set(fields) - set(WAVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown wave fields: {sorted(unknown)}")
    fields.setdefault("instrument", default_instrument())
    with transaction.atomic():
        number = (challenge.waves.select_for_update().aggregate(m=Max("number"))["m"] or 0) + 1
        wave = Wave(challenge=challenge, number=number, created_by=by if _real(by) else None, **fields)
        if wave.open_link:
            wave.open_link_key = secrets.token_urlsafe(16)
        _check_wave(wave)
        wave.save()
        log(FieldworkEvent.WAVE_CREATED, actor=by, target=wave, request=request, details={"number": number})
    return wave


def wave_update(*, wave: Wave, by: Any, request: HttpRequest | None = None, **fields: Any) -> Wave:
    unknown = set(fields) - set(WAVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown wave fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = Wave.objects.select_for_update().get(pk=wave.pk)
        if locked.state not in workflow.EDITABLE:
            raise FieldworkError(_("Only a draft wave can be changed."), code="not_editable")
        for name, value in fields.items():
            setattr(locked, name, value)
        if locked.open_link and not locked.open_link_key:
            locked.open_link_key = secrets.token_urlsafe(16)
        _check_wave(locked)
        locked.save()
        log(
            FieldworkEvent.WAVE_UPDATED,
            actor=by,
            target=locked,
            request=request,
            details={"fields": sorted(fields)},
        )
    return locked


def _move_challenge(wave: Wave, by: Any, request: HttpRequest | None) -> str:
    """Opening a wave moves the challenge into measuring (first wave) or evaluating (follow-up) when
    the agenda's table allows it and ``by`` may take that step. Returns the new status or ""."""
    from veerkracht.agenda import services as agenda_services
    from veerkracht.agenda import workflow as agenda_workflow

    challenge = wave.challenge
    targets: dict[str, str] = {
        agenda_workflow.Status.GEAGENDEERD: agenda_workflow.Status.IN_METING,
        agenda_workflow.Status.IN_UITVOERING: agenda_workflow.Status.IN_EVALUATIE,
    }
    target = targets.get(str(challenge.status))
    if target is None or not _real(by):
        return ""
    if target == agenda_workflow.Status.IN_EVALUATIE and wave.previous_id is None:
        return ""
    try:
        with transaction.atomic():
            agenda_services.challenge_transition(
                challenge=challenge, to=target, by=by, note=_("Monitor wave opened."), request=request
            )
    except (agenda_services.TransitionRefused, PermissionDenied):
        return ""
    return str(target)


def wave_transition(
    *,
    wave: Wave,
    to: str,
    by: Any,
    note: str = "",
    ends_on: dt.date | None = None,
    request: HttpRequest | None = None,
) -> Wave:
    """Move ``wave`` to state ``to`` along the table in workflow.py. ``by`` None is the system (the
    scheduled close at the end of the fieldwork period). Raises :class:`FieldworkError`."""
    note = (note or "").strip()
    try:
        with transaction.atomic():
            locked = Wave.objects.select_for_update().select_related("challenge__agenda").get(pk=wave.pk)
            source = locked.state
            step = workflow.find(source, to)
            if step is None:
                raise FieldworkError(_("This step is not possible for this wave."), code="not_in_table")
            if by is not None and not (_real(by) and by.has_perm("fieldwork.transition_wave", locked)):
                raise FieldworkError(_("You may not take this step for this wave."), code="not_allowed")
            if step.note_required and not note:
                raise FieldworkError(_("Give a reason for this step."), code="note_required")
            now = timezone.now()
            if to == WaveState.OPEN:
                if ends_on is not None:
                    locked.ends_on = ends_on
                if locked.ends_on < timezone.localdate():
                    raise FieldworkError(
                        _("The fieldwork period has ended; choose a later end date first."),
                        code="period_ended",
                    )
                if source == WaveState.CONCEPT:
                    locked.opened_at = now
            elif to == WaveState.GESLOTEN:
                locked.closed_at = now
                WaveHeadline.objects.filter(wave=locked).delete()  # withdrawn: no longer a benchmark
            elif to == WaveState.GERAPPORTEERD:
                locked.reported_at = now
            locked.state = to
            locked.save()
            log(
                FieldworkEvent.WAVE_TRANSITIONED,
                actor=by,
                target=locked,
                request=request,
                details={"from": source, "to": str(to), "note": bool(note), "system": by is None},
            )
            if to == WaveState.OPEN and source == WaveState.CONCEPT:
                wave_id = locked.pk
                transaction.on_commit(lambda: invitations_send(wave_id=wave_id))
            if to == WaveState.GERAPPORTEERD:
                wave_headlines_store(wave_id=locked.pk)
                from veerkracht.fieldwork.tasks import render_report_pdf

                wave_id, language = locked.pk, locked.report_language
                transaction.on_commit(lambda: render_report_pdf.delay(wave_id, language))
    except FieldworkError as refusal:
        log(
            FieldworkEvent.WAVE_TRANSITION_REFUSED,
            actor=by,
            target=wave,
            request=request,
            result=Result.DENIED if refusal.code == "not_allowed" else Result.FAILURE,
            details={"from": wave.state, "to": str(to), "code": refusal.code},
        )
        raise
    if to == WaveState.OPEN and source == WaveState.CONCEPT:
        _move_challenge(locked, by, request)
    wave.state, wave.opened_at, wave.closed_at, wave.reported_at, wave.ends_on = (
        locked.state,
        locked.opened_at,
        locked.closed_at,
        locked.reported_at,
        locked.ends_on,
    )
    return locked


def wave_headlines_store(*, wave_id: int) -> int:
    """Store the headline per dimension of a reported wave (the engine's, without benchmark), read by
    other waves' benchmarks. Idempotent (update or create per dimension). Returns the number stored."""
    from veerkracht.fieldwork.selectors import wave_scores

    wave = Wave.objects.select_related("instrument").get(pk=wave_id)
    result = wave_scores(wave, with_benchmark=False)
    rows = [
        WaveHeadline(wave=wave, dimension_code=dim.code, headline=dim.headline) for dim in result.dimensions
    ]
    WaveHeadline.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["wave", "dimension_code"], update_fields=["headline"]
    )
    return len(rows)


def waves_close_expired(*, today: dt.date | None = None) -> int:
    """Close open waves whose fieldwork period has ended (run by the scheduler)."""
    today = today or timezone.localdate()
    closed = 0
    for wave in Wave.objects.filter(state=WaveState.OPEN, ends_on__lt=today):
        wave_transition(wave=wave, to=WaveState.GESLOTEN, by=None)
        closed += 1
    return closed


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
            wave_id = locked.pk
            transaction.on_commit(lambda: invitations_send(wave_id=wave_id))
    return added, merged


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


def invitations_send(*, wave_id: int) -> int:
    """Send the invitation e-mail to everyone in an open wave who has not had it (idempotent)."""
    sent = 0
    wave = Wave.objects.select_related("challenge__lead_municipality").get(pk=wave_id)
    if wave.state != WaveState.OPEN:
        return 0
    pending = Invitation.objects.filter(wave=wave, first_sent_at__isnull=True).values_list("pk", flat=True)
    now = timezone.now()
    for pk in list(pending):
        with transaction.atomic():
            invitation = (
                Invitation.objects.select_for_update().filter(pk=pk, first_sent_at__isnull=True).first()
            )
            if invitation is None:
                continue
            invitation.wave = wave
            sent += _send(invitation, MessageKind.INVITATION, now)
    if sent:
        log(FieldworkEvent.INVITATIONS_SENT, target=wave, details={"sent": sent})
    return sent


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


# --- the respondent's survey -------------------------------------------------------------------


class SurveyClosed(Exception):
    """The link cannot be used (any more); ``reason`` is unknown, used, closed, expired or not_open."""

    def __init__(self, reason: str, wave: Wave | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wave = wave


def invitation_for_token(token: str) -> Invitation | None:
    if not tokens.looks_like_token(token):
        return None
    found = (
        InvitationToken.objects.select_related(
            "invitation__wave__instrument", "invitation__wave__challenge__lead_municipality"
        )
        .filter(token_hash=tokens.hash_token(token))
        .first()
    )
    return found.invitation if found else None


def wave_accepts(wave: Wave, *, today: dt.date | None = None) -> None:
    """Raise SurveyClosed unless the wave takes answers now."""
    today = today or timezone.localdate()
    if wave.state == WaveState.CONCEPT:
        raise SurveyClosed("not_open", wave)
    if wave.state != WaveState.OPEN:
        raise SurveyClosed("closed", wave)
    if today > wave.ends_on:
        raise SurveyClosed("expired", wave)


def _lock_instrument(wave: Wave) -> None:
    if wave.instrument.locked_at is None:
        instrument_lock(instrument=wave.instrument)


def response_for_invitation(*, invitation: Invitation, language: str, create: bool) -> Response | None:
    """The invitation's response in progress (created when ``create``); SurveyClosed when used."""
    wave = invitation.wave
    if invitation.completed:
        raise SurveyClosed("used", wave)
    wave_accepts(wave)
    response = Response.objects.filter(invitation=invitation).first()
    if response is not None and response.is_completed:
        raise SurveyClosed("used", wave)
    if response is not None or not create:
        return response
    pseudonym = ""
    if wave.privacy_mode == PrivacyMode.CONFIDENTIAL:
        pseudonym = tokens.pseudonym(secret=settings.SECRET_KEY, email=invitation.email)
    try:
        with transaction.atomic():
            response = Response.objects.create(
                wave=wave,
                invitation=invitation,
                source=ResponseSource.INVITATION,
                language=language,
                group=invitation.group,
                pseudonym=pseudonym,
            )
            Invitation.objects.filter(pk=invitation.pk).update(started=True)
    except IntegrityError:  # started at the same moment on another device
        response = Response.objects.get(invitation=invitation)
    invitation.started = True
    return response


OPEN_LINK_SESSION = "fieldwork_open_link"


def response_for_open_link(*, wave: Wave, session: Any, language: str, create: bool) -> Response | None:
    """The open-link response of this browser session (one per session); SurveyClosed when this
    session has submitted already."""
    wave_accepts(wave)
    if not wave.open_link:
        raise SurveyClosed("unknown", wave)
    state = session.get(OPEN_LINK_SESSION, {}).get(str(wave.pk))
    if state and state.get("done"):
        raise SurveyClosed("used", wave)
    if state:
        response = Response.objects.filter(draft_key=tokens.hash_token(state["secret"]), wave=wave).first()
        if response is not None and not response.is_completed:
            return response
        if response is not None:
            raise SurveyClosed("used", wave)
    if not create:
        return None
    secret = tokens.new_token()
    response = Response.objects.create(
        wave=wave,
        draft_key=tokens.hash_token(secret),
        source=ResponseSource.OPEN_LINK,
        language=language,
        short_form=True,
        group=RESIDENTS_GROUP if RESIDENTS_GROUP in _group_codes(wave) else "",
    )
    all_states = dict(session.get(OPEN_LINK_SESSION, {}))
    all_states[str(wave.pk)] = {"secret": secret, "done": False}
    session[OPEN_LINK_SESSION] = all_states
    return response


@dataclass
class PageErrors:
    messages: list[str]
    values: dict[str, str]


def page_values(response: Response, page: Page, structure: Structure) -> dict[str, str]:
    """The stored answers of ``page`` as form values (field name → value)."""
    if page.key == "dimension":
        pks = {i.pk: i.code for i in page.items}
        return {
            pks[a.item_id]: str(a.value)
            for a in Answer.objects.filter(response=response, item_id__in=list(pks))
        }
    if page.key == "facets":
        codes = {pk: c.value for pk, c in structure.facets}
        return {f"facet_{codes[f.option_id]}": str(f.points) for f in response.facet_answers.all()}
    if page.key == "background":
        options = {pk: c.value for q in structure.background for pk, c in q.options}
        questions = {q.pk: q.code for q in structure.background}
        values = {
            f"bg_{questions[b.question_id]}": options[b.option_id] for b in response.background_answers.all()
        }
        return values
    if page.key == "open":
        questions = {q.pk: q.code for q in structure.open_questions}
        return {f"open_{questions[o.question_id]}": o.text for o in response.open_answers.all()}
    return {}


def survey_save_page(
    *,
    response: Response,
    page: Page,
    data: Mapping[str, str],
    structure: Structure,
    number: int,
    language: str,
) -> PageErrors | None:
    """Validate and store the answers of one page. Returns PageErrors (nothing stored) or None."""
    wave = response.wave
    wave_accepts(wave)
    errors: list[str] = []
    values = {k: str(v) for k, v in data.items()}
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.is_completed:
            raise SurveyClosed("used", wave)
        if page.key == "dimension":
            valid = structure.valid_values
            answers, blank = [], []
            for item in page.items:
                raw = (data.get(item.code) or "").strip()
                if not raw:
                    blank.append(item.pk)
                    continue
                if not raw.lstrip("-").isdigit() or int(raw) not in valid:
                    errors.append(
                        _("Choose one of the answers for: %(item)s") % {"item": item.text(language)}
                    )
                    continue
                answers.append(Answer(response=locked, item_id=item.pk, value=int(raw)))
            if not errors:
                if answers:
                    _lock_instrument(wave)
                Answer.objects.bulk_create(
                    answers,
                    update_conflicts=True,
                    unique_fields=["response", "item"],
                    update_fields=["value"],
                )
                Answer.objects.filter(response=locked, item_id__in=blank).delete()
        elif page.key == "facets":
            facet_raw = {
                code.value: (data.get(f"facet_{code.value}") or "").strip() for _pk, code in structure.facets
            }
            if any(facet_raw.values()):
                numbers: dict[str, int] = {}
                for code, text in facet_raw.items():
                    if not text.isdigit() or int(text) > 100:
                        errors.append(
                            _("Fill in a whole number from 0 to 100 for (%(code)s).") % {"code": code}
                        )
                    else:
                        numbers[code] = int(text)
                if not errors and sum(numbers.values()) != 100:
                    errors.append(
                        _("The points add up to %(total)s; they must add up to exactly 100.")
                        % {"total": sum(numbers.values())}
                    )
                if not errors:
                    FacetAnswer.objects.filter(response=locked).delete()
                    FacetAnswer.objects.bulk_create(
                        FacetAnswer(response=locked, option_id=pk, points=numbers[c.value])
                        for pk, c in structure.facets
                    )
            else:
                FacetAnswer.objects.filter(response=locked).delete()
        elif page.key == "background":
            chosen = []
            for question in page.questions:
                raw = (data.get(f"bg_{question.code}") or "").strip()
                if not raw:
                    continue
                option = next((pk for pk, c in question.options if c.value == raw), None)
                if option is None:
                    errors.append(_("Choose one of the answers for: %(q)s") % {"q": question.text(language)})
                else:
                    chosen.append((question, option, raw))
            if not errors:
                BackgroundAnswer.objects.filter(
                    response=locked, question_id__in=[q.pk for q in page.questions]
                ).delete()
                BackgroundAnswer.objects.bulk_create(
                    BackgroundAnswer(response=locked, question_id=q.pk, option_id=o) for q, o, _raw in chosen
                )
                group = next((raw for q, _o, raw in chosen if q.code == GROUP_QUESTION), None)
                if group is not None:
                    locked.group = group
        elif page.key == "open":
            for question in page.questions:
                text = (data.get(f"open_{question.code}") or "").strip()
                if len(text) > OPEN_TEXT_MAX:
                    errors.append(
                        _("Keep your answer to “%(q)s” under %(n)s characters.")
                        % {"q": question.text(language), "n": OPEN_TEXT_MAX}
                    )
            if not errors:
                OpenAnswer.objects.filter(response=locked).delete()
                OpenAnswer.objects.bulk_create(
                    OpenAnswer(
                        response=locked, question_id=q.pk, text=(data.get(f"open_{q.code}") or "").strip()
                    )
                    for q in page.questions
                    if (data.get(f"open_{q.code}") or "").strip()
                )
        if errors:
            transaction.set_rollback(True)
            return PageErrors(messages=errors, values=values)
        locked.page = max(locked.page, number)
        locked.language = language
        locked.save(update_fields=["page", "language", "group"])
    response.page, response.language, response.group = locked.page, locked.language, locked.group
    return None


def survey_submit(*, response: Response, session: Any = None) -> bool:
    """Submit the response: True the first time, False when it was submitted already (a second
    submit stores nothing). In anonymous mode the link to the invitation is dropped here."""
    wave = response.wave
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.is_completed:
            return False
        wave_accepts(wave)
        invitation_id = locked.invitation_id
        if invitation_id:
            Invitation.objects.select_for_update().filter(pk=invitation_id).update(
                started=True, completed=True
            )
        now = timezone.now()
        locked.status = ResponseStatus.COMPLETED
        if wave.privacy_mode == PrivacyMode.ANONYMOUS:
            locked.invitation = None
            # to the day only: a time would let submissions be matched to invitations' activity
            locked.submitted_at = now.replace(hour=12, minute=0, second=0, microsecond=0)
            locked.draft_key = None
        else:
            locked.submitted_at = now
        locked.save(update_fields=["status", "invitation", "submitted_at", "draft_key"])
        _lock_instrument(wave)
        log(FieldworkEvent.RESPONSE_SUBMITTED, target=wave, details={"source": locked.source})
    if session is not None and locked.source == ResponseSource.OPEN_LINK:
        states = dict(session.get(OPEN_LINK_SESSION, {}))
        states[str(wave.pk)] = {"done": True}
        session[OPEN_LINK_SESSION] = states
    response.status = locked.status
    return True


# --- import from another survey tool -----------------------------------------------------------


def responses_import(*, wave: Wave, data: bytes, by: Any, request: HttpRequest | None = None) -> int:
    """Store the answers of an answers file in the form of ``score_responses`` (``respondent,group,
    <item codes>``). The whole file is refused with every problem named (AnswersError rules of the
    engine, plus respondent ids already in the wave); nothing is stored then."""
    spec = spec_of(wave.instrument)
    try:
        cleaned = read_answers_csv(data, instrument=spec, invalid="error")
    except AnswersError as exc:
        problems = [str(p) for p in exc.problems]
        log(
            FieldworkEvent.RESPONSES_IMPORT_REFUSED,
            actor=by,
            target=wave,
            request=request,
            result=Result.FAILURE,
            details={"problems": problems[:MAX_PROBLEMS_SHOWN]},
        )
        shown = problems[:MAX_PROBLEMS_SHOWN]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            shown.append(_("… and %(n)s more problems.") % {"n": len(problems) - MAX_PROBLEMS_SHOWN})
        raise FieldworkError(shown, code="bad_file") from exc
    responses = cleaned.responses
    if not responses.respondents:
        raise FieldworkError(_("The file has no rows with answers."), code="bad_file")
    # raw values (including missing codes) come from the file again, by item code
    text = data.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    raw_by_ref = {(r.get("respondent") or "").strip(): r for r in rows}
    items = {i.code: i.pk for d in structure_of(wave.instrument).dimensions for i in d.items}
    with transaction.atomic():
        locked = Wave.objects.select_for_update().get(pk=wave.pk)
        if locked.state == WaveState.GERAPPORTEERD:
            raise FieldworkError(_("A reported wave accepts no more answers."), code="reported")
        taken = set(
            Response.objects.filter(wave=locked, respondent_ref__in=responses.respondents).values_list(
                "respondent_ref", flat=True
            )
        )
        if taken:
            raise FieldworkError(
                [_("Respondent “%(ref)s” is already in this wave.") % {"ref": ref} for ref in sorted(taken)][
                    :MAX_PROBLEMS_SHOWN
                ],
                code="bad_file",
            )
        now = timezone.now()
        created = Response.objects.bulk_create(
            Response(
                wave=locked,
                source=ResponseSource.IMPORT,
                status=ResponseStatus.COMPLETED,
                respondent_ref=ref,
                group=group,
                language=locked.report_language,
                submitted_at=now,
                page=0,
            )
            for ref, group in zip(responses.respondents, responses.groups, strict=True)
        )
        if not all(r.pk for r in created):  # backends without RETURNING
            by_ref = dict(
                Response.objects.filter(wave=locked, respondent_ref__in=responses.respondents).values_list(
                    "respondent_ref", "pk"
                )
            )
            for r in created:
                r.pk = by_ref[r.respondent_ref]
        answers = []
        for response in created:
            raw = raw_by_ref[response.respondent_ref]
            for code, item_pk in items.items():
                cell = (raw.get(code) or "").strip()
                if cell == "":
                    continue
                answers.append(Answer(response_id=response.pk, item_id=item_pk, value=int(float(cell))))
        Answer.objects.bulk_create(answers, batch_size=2000)
        _lock_instrument(locked)
        log(
            FieldworkEvent.RESPONSES_IMPORTED,
            actor=by,
            target=locked,
            request=request,
            details={"responses": len(created)},
        )
    return len(created)


# --- priorities ---------------------------------------------------------------------------------


def priority_add(
    *,
    wave: Wave,
    dimension_code: str,
    intervention: str,
    owner: str,
    due_on: dt.date,
    by: Any,
    allowed: Iterable[tuple[str, str]],
    request: HttpRequest | None = None,
) -> ReportPriority:
    """Pick an intervention as one of at most three priorities. ``allowed`` are the (dimension,
    intervention) pairs the report recommends."""
    owner = owner.strip()
    if (dimension_code, intervention) not in set(allowed):
        raise FieldworkError(_("Choose one of the recommended interventions."), code="unknown")
    if not owner:
        raise FieldworkError(_("Name an owner."), code="owner")
    with transaction.atomic():
        locked = Wave.objects.select_for_update().get(pk=wave.pk)
        if locked.state not in workflow.REPORTABLE:
            raise FieldworkError(_("Priorities are chosen from a closed wave's report."), code="state")
        if ReportPriority.objects.filter(wave=locked).count() >= MAX_PRIORITIES:
            raise FieldworkError(_("At most three priorities; remove one first."), code="too_many")
        if ReportPriority.objects.filter(wave=locked, intervention=intervention).exists():
            raise FieldworkError(_("This intervention is a priority already."), code="duplicate")
        priority = ReportPriority.objects.create(
            wave=locked,
            dimension_code=dimension_code,
            intervention=intervention,
            owner=owner,
            due_on=due_on,
            created_by=by if _real(by) else None,
        )
        log(
            FieldworkEvent.PRIORITY_ADDED,
            actor=by,
            target=locked,
            request=request,
            details={"intervention": intervention},
        )
    return priority


def priority_remove(*, priority: ReportPriority, by: Any, request: HttpRequest | None = None) -> None:
    wave = priority.wave
    intervention = priority.intervention
    priority.delete()
    log(
        FieldworkEvent.PRIORITY_REMOVED,
        actor=by,
        target=wave,
        request=request,
        details={"intervention": intervention},
    )
