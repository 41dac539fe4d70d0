"""The respondent's survey: find the response for a link, save pages, submit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from veerkracht.audit.logger import log
from veerkracht.fieldwork import tokens
from veerkracht.fieldwork.events import FieldworkEvent
from veerkracht.fieldwork.models import (
    Answer,
    BackgroundAnswer,
    FacetAnswer,
    Invitation,
    InvitationToken,
    OpenAnswer,
    PrivacyMode,
    Response,
    ResponseSource,
    ResponseStatus,
    Wave,
)
from veerkracht.fieldwork.services.common import OPEN_TEXT_MAX
from veerkracht.fieldwork.services.invitations import _group_codes
from veerkracht.fieldwork.structure import (
    GROUP_QUESTION,
    RESIDENTS_GROUP,
    Page,
    Structure,
)
from veerkracht.fieldwork.workflow import WaveState
from veerkracht.monitor.services import instrument_lock

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


OPEN_LINK_ABANDONED_AFTER = dt.timedelta(hours=2)


def response_for_open_link(*, wave: Wave, session: Any, language: str, create: bool) -> Response | None:
    """The open-link response of this browser session (one per session); SurveyClosed when this
    session has submitted already. Creating one removes the wave's open-link drafts on which nothing
    was saved within :data:`OPEN_LINK_ABANDONED_AFTER` (a visitor who comes back later starts anew,
    having lost nothing)."""
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
    # drafts of this wave opened through the open link and left without a single saved page
    Response.objects.filter(
        wave=wave,
        source=ResponseSource.OPEN_LINK,
        page=0,
        submitted_at__isnull=True,
        started_at__lt=timezone.now() - OPEN_LINK_ABANDONED_AFTER,
    ).delete()
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


def response_set_language(*, response: Response, language: str) -> None:
    """The language a respondent answers in (chosen on the welcome page; one of the wave's)."""
    if response.language == language or language not in response.wave.offered_languages:
        return
    Response.objects.filter(pk=response.pk).update(language=language)
    response.language = language


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
