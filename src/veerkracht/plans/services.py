"""Writes of the plan van aanpak: generating a version, the team's own text, sending it to the board.

Each runs in one transaction with an audit event. Callers check the permission (``plans.generate``,
``plans.edit_text``, ``plans.send_to_board``); the services refuse what is never allowed (text on a
version already sent, sending twice, a section that does not exist).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from veerkracht.agenda.models import Challenge
from veerkracht.agenda.rules import is_regisseur
from veerkracht.agenda.sanitise import clean_rich_text
from veerkracht.audit.logger import log
from veerkracht.governance.models import DecisionKind
from veerkracht.governance.services.decisions import municipality_of, record_decision
from veerkracht.organisations.models import Role
from veerkracht.plans import generate
from veerkracht.plans.document import PLAN_SECTIONS, to_data
from veerkracht.plans.events import PlanEvent
from veerkracht.plans.version_models import PlanVersion, SectionText

LANGUAGES = ("nl", "en")
MAX_OWN_TEXT = 20_000


def generate_version(*, challenge: Challenge, by: Any, language: str = "nl") -> PlanVersion:
    """Generate the plan of ``challenge`` and store it as its next version, with the figures it was
    made from. The team's own text of the previous version is carried over (and can then be edited)."""
    if language not in LANGUAGES:
        raise ValidationError(_("Choose Dutch or English."), code="language")
    built = generate.plan(challenge, user=by, language=language)
    with transaction.atomic():
        Challenge.objects.select_for_update().filter(pk=challenge.pk).first()  # one number at a time
        previous = PlanVersion.objects.filter(challenge=challenge).order_by("-number").first()
        number = (PlanVersion.objects.filter(challenge=challenge).aggregate(n=Max("number"))["n"] or 0) + 1
        version = PlanVersion.objects.create(
            challenge=challenge,
            number=number,
            language=language,
            document=to_data(built.document),
            inputs=built.inputs,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        if previous is not None:
            SectionText.objects.bulk_create(
                SectionText(version=version, section=t.section, text=t.text, updated_by=t.updated_by)
                for t in previous.section_texts.all()
            )
        log(
            PlanEvent.VERSION_GENERATED,
            actor=by,
            target=challenge,
            details={"version": number, "language": language},
        )
    return version


def save_section_text(*, version: PlanVersion, section: str, text: str, by: Any) -> SectionText:
    """Keep the team's own text for ``section`` of ``version`` (sanitised; empty removes nothing, it
    keeps an empty text)."""
    if section not in PLAN_SECTIONS:
        raise ValidationError(_("This section does not exist."), code="section")
    if len(text) > MAX_OWN_TEXT:
        raise ValidationError(
            _("Keep the text under %(n)s characters.") % {"n": MAX_OWN_TEXT}, code="too_long"
        )
    with transaction.atomic():
        locked = PlanVersion.objects.select_for_update().get(pk=version.pk)
        if locked.is_sent:
            raise ValidationError(
                _("This version has been sent to the board; generate a new version to change it."),
                code="sent",
            )
        found, _created = SectionText.objects.update_or_create(
            version=locked,
            section=section,
            defaults={"text": clean_rich_text(text), "updated_by": by, "updated_at": timezone.now()},
        )
        log(
            PlanEvent.SECTION_TEXT_SAVED,
            actor=by,
            target=version.challenge,
            details={"version": version.number, "section": section},
        )
    return found


def mark_sent_to_board(*, version: PlanVersion, by: Any) -> PlanVersion:
    """Send ``version`` to the board: a decision in the municipality's decision chain that names the
    version, and the version marked as sent (from then on the council of its municipality may read it
    and its text is fixed)."""
    challenge = version.challenge
    role = Role.REGISSEUR if is_regisseur(by, challenge) else Role.COORDINATOR
    municipality = municipality_of(challenge)
    with transaction.atomic():
        locked = PlanVersion.objects.select_for_update().get(pk=version.pk)
        if locked.is_sent:
            raise ValidationError(_("This version has already been sent to the board."), code="sent")
        with translation.override(locked.language):
            decision = record_decision(
                challenge=challenge,
                kind=DecisionKind.BESLUIT,
                title=_("Plan van aanpak version %(number)s sent to the board") % {"number": locked.number},
                text=_(
                    "Version %(number)s of the plan van aanpak for “%(challenge)s” is put before the board."
                )
                % {"number": locked.number, "challenge": challenge.title},
                by=by,
                role=role,
                organisation=municipality,
                refs=[f"plan:{challenge.slug}:{locked.number}"],
            )
        locked.sent_to_board = decision
        locked.sent_at = timezone.now()
        locked.save(update_fields=["sent_to_board", "sent_at"])
        log(
            PlanEvent.VERSION_SENT_TO_BOARD,
            actor=by,
            target=challenge,
            details={"version": locked.number, "decision": decision.seq},
        )
    return locked
