"""Giving and changing a challenge's mandate, its experimentation space, and entering what it used.

Rules (docs/governance/mandate.md):

* Only the board (``governance.give_mandate``) gives a mandate; it goes to the challenge's regisseur
  (refused when the challenge has none).
* A mandate is never edited: a change is a new version that supersedes the one in force (which becomes
  ``vervangen``). Each version, with its experimentation space, is an entry of kind ``mandaat`` in the
  decision log, written in the same transaction.
* Use (money and hours) is entered by the regisseur or a coordinator (``governance.enter_usage``) as
  append-only entries; a correction is a negative entry that says what it corrects.
* After the write commits, the escalation triggers are checked (:mod:`.escalations`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from veerkracht.agenda.models import Challenge
from veerkracht.audit.logger import log
from veerkracht.governance.models import (
    DecisionKind,
    ExperimentRule,
    Mandate,
    MandateState,
    UsageEntry,
    UsageKind,
)
from veerkracht.governance.services.decisions import record_decision
from veerkracht.organisations.models import Membership, Organisation, Role

#: Bounds that keep the shares sensible: warn before escalating, never above five times the mandate.
MAX_ESCALATE_SHARE = Decimal("5.00")
MAX_AMOUNT = Decimal("999999999999.99")


@dataclass(frozen=True)
class RuleInput:
    """One rule of the experimentation space as entered with the mandate."""

    rule: str
    explanation: str
    allowed_by: str
    until: dt.date


def mandate_in_force(challenge: Any) -> Mandate | None:
    return (
        Mandate.objects.filter(challenge_id=challenge.pk, state=MandateState.GEGEVEN)
        .select_related("holder", "given_by", "decision")
        .first()
    )


def board_organisation(user: Any, challenge: Any) -> Organisation | None:
    """The municipality of ``challenge`` in which ``user`` is a bestuurder (the agenda's owner first)."""
    ids = [challenge.agenda.municipality_id, challenge.lead_municipality_id]
    held = set(
        Membership.objects.filter(user_id=user.pk, role=Role.BESTUURDER, organisation_id__in=ids).values_list(
            "organisation_id", flat=True
        )
    )
    for pk in ids:
        if pk in held:
            return Organisation.objects.get(pk=pk)
    return None


def default_allowed_by(user: Any, challenge: Any) -> str:
    """Who allows a rule by default: the giving bestuurder's name and role."""
    organisation = board_organisation(user, challenge)
    name = getattr(user, "full_name", "") or getattr(user, "email", "")
    where = f", {organisation.name}" if organisation is not None else ""
    return f"{name} ({_('board member')}{where})"


def validate_mandate(
    *,
    starts_on: dt.date,
    ends_on: dt.date,
    budget: Decimal,
    hours: Decimal,
    warn_share: Decimal,
    escalate_share: Decimal,
) -> None:
    """Raise a ValidationError naming each field that is wrong (the form checks the same)."""
    errors: dict[str, list[str]] = {}
    if ends_on < starts_on:
        errors.setdefault("ends_on", []).append(_("The end date cannot be before the start date."))
    if budget < 0:
        errors.setdefault("budget", []).append(_("The budget cannot be negative."))
    if hours < 0:
        errors.setdefault("hours", []).append(_("The hours cannot be negative."))
    if not (Decimal("0.01") <= warn_share <= Decimal("1.00")):
        errors.setdefault("warn_share", []).append(_("Warn at a share between 0.01 and 1.00."))
    if not (Decimal("0.01") <= escalate_share <= MAX_ESCALATE_SHARE):
        errors.setdefault("escalate_share", []).append(_("Escalate at a share between 0.01 and 5.00."))
    elif escalate_share < warn_share:
        errors.setdefault("escalate_share", []).append(
            _("Escalate at a share at least as high as the warning share.")
        )
    if errors:
        raise ValidationError(errors)


def _money(value: Decimal) -> str:
    return f"€ {value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def mandate_text(mandate: Mandate, rules: Iterable[RuleInput | ExperimentRule]) -> str:
    """The summary of a mandate in the decision log (in the language that is active)."""
    lines = [
        _("Scope: %(scope)s") % {"scope": mandate.scope.strip()},
        _("Period: %(start)s to %(end)s")
        % {"start": date_format(mandate.starts_on), "end": date_format(mandate.ends_on)},
        _("Budget: %(budget)s; hours: %(hours)s")
        % {"budget": _money(mandate.budget), "hours": mandate.hours},
        _("Warn at %(warn)s%%, escalate at %(escalate)s%% of budget or hours.")
        % {"warn": int(mandate.warn_share * 100), "escalate": int(mandate.escalate_share * 100)},
        _("Decides alone: %(what)s") % {"what": mandate.decides_alone.strip()},
    ]
    rules = list(rules)
    if rules:
        lines.append(_("Experimentation space:"))
        lines.extend(
            "- "
            + _("%(rule)s (allowed by %(by)s, until %(until)s)")
            % {"rule": r.rule, "by": r.allowed_by, "until": date_format(r.until)}
            + (f": {r.explanation.strip()}" if r.explanation.strip() else "")
            for r in rules
        )
    else:
        lines.append(_("No experimentation space."))
    return "\n".join(lines)


def _after_commit_check(challenge_id: int) -> None:
    from veerkracht.governance.services.escalations import check_escalations_of

    transaction.on_commit(lambda: check_escalations_of(challenge_id))


def _log_text(
    challenge: Challenge, mandate: Mandate, previous: Mandate | None, rules: list[RuleInput]
) -> tuple[str, str]:
    """The log entry's title and text, in the site's language (the log is the municipality's record)."""
    with translation.override(settings.LANGUAGE_CODE):
        if previous is not None:
            title = _("Mandate changed (version %(v)s): %(title)s") % {
                "v": mandate.version,
                "title": challenge.title,
            }
        else:
            title = _("Mandate given: %(title)s") % {"title": challenge.title}
        holder = challenge.regisseur
        text = (
            _("Given to %(holder)s.") % {"holder": getattr(holder, "full_name", "") or str(holder)}
            + "\n"
            + mandate_text(mandate, rules)
        )
    return title, text


def give_mandate(
    *,
    challenge: Challenge,
    by: Any,
    scope: str,
    starts_on: dt.date,
    ends_on: dt.date,
    budget: Decimal,
    hours: Decimal,
    decides_alone: str,
    warn_share: Decimal = Decimal("0.80"),
    escalate_share: Decimal = Decimal("1.00"),
    rules: Iterable[RuleInput] = (),
    public: bool = True,
) -> Mandate:
    """Give ``challenge`` a mandate, or change the one in force (a new version; the old one becomes
    ``vervangen``). Records it in the decision log in the same transaction. Raises PermissionDenied
    unless ``by`` may give mandates for the challenge, ValidationError for bad input (nothing written)."""
    if not by.has_perm("governance.give_mandate", challenge):
        raise PermissionDenied
    rules = list(rules)
    validate_mandate(
        starts_on=starts_on,
        ends_on=ends_on,
        budget=budget,
        hours=hours,
        warn_share=warn_share,
        escalate_share=escalate_share,
    )
    if not scope.strip() or not decides_alone.strip():
        raise ValidationError(
            {
                name: _("This field is required.")
                for name, value in (("scope", scope), ("decides_alone", decides_alone))
                if not value.strip()
            }
        )
    organisation = board_organisation(by, challenge)
    with transaction.atomic():
        locked = (
            Challenge.objects.select_for_update(of=("self",))
            .select_related("agenda", "regisseur")
            .get(pk=challenge.pk)
        )
        if locked.regisseur_id is None:
            raise ValidationError(
                _(
                    "This challenge has no innovation director yet: a mandate is given to its director. "
                    "Appoint one first."
                )
            )
        previous = Mandate.objects.filter(challenge=locked, state=MandateState.GEGEVEN).first()
        version = (Mandate.objects.filter(challenge=locked).aggregate(v=Max("version"))["v"] or 0) + 1
        mandate = Mandate(
            challenge=locked,
            version=version,
            supersedes=previous,
            holder=locked.regisseur,
            given_by=by,
            scope=scope.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            budget=budget,
            hours=hours,
            decides_alone=decides_alone.strip(),
            warn_share=warn_share,
            escalate_share=escalate_share,
        )
        if previous is not None:
            Mandate.objects.filter(pk=previous.pk).update(state=MandateState.VERVANGEN)
        title, text = _log_text(locked, mandate, previous, rules)
        mandate.decision = record_decision(
            challenge=locked,
            kind=DecisionKind.MANDAAT,
            title=title,
            text=text,
            by=by,
            role="bestuurder",
            organisation=organisation or locked.agenda.municipality,
            public=public,
            refs=[f"mandaat:v{previous.version}"] if previous is not None else [],
        )
        mandate.save()
        ExperimentRule.objects.bulk_create(
            ExperimentRule(
                mandate=mandate,
                rule=r.rule.strip(),
                explanation=r.explanation.strip(),
                allowed_by=r.allowed_by.strip(),
                until=r.until,
            )
            for r in rules
        )
        log(
            "governance.mandate_given",
            actor=by,
            target=locked,
            details={"mandate": mandate.pk, "version": version, "rules": len(rules)},
        )
        _after_commit_check(locked.pk)
    return mandate


def enter_usage(
    *,
    challenge: Challenge,
    by: Any,
    kind: str,
    amount: Decimal,
    on: dt.date,
    description: str,
    correction: bool = False,
) -> UsageEntry:
    """Enter money spent or hours worked. A negative amount is only taken as a ``correction`` with a
    description; entries are never changed. Raises PermissionDenied / ValidationError (nothing written)."""
    if not by.has_perm("governance.enter_usage", challenge):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if kind not in UsageKind.values:
        errors.setdefault("kind", []).append(_("Choose money or hours."))
    if amount == 0:
        errors.setdefault("amount", []).append(_("Enter an amount other than zero."))
    elif amount < 0 and not correction:
        errors.setdefault("amount", []).append(
            _(
                "A negative amount is only allowed as a correction: tick 'correction' "
                "and say what it corrects."
            )
        )
    elif amount > 0 and correction:
        errors.setdefault("amount", []).append(_("A correction is a negative amount."))
    if abs(amount) > MAX_AMOUNT:
        errors.setdefault("amount", []).append(_("The amount is too large."))
    if not description.strip():
        errors.setdefault("description", []).append(_("Say what the use (or the correction) is for."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = Challenge.objects.select_for_update().get(pk=challenge.pk)
        if not Mandate.objects.filter(challenge=locked, state=MandateState.GEGEVEN).exists():
            raise ValidationError(_("This challenge has no mandate in force: there is nothing to use yet."))
        entry = UsageEntry.objects.create(
            challenge=locked,
            kind=kind,
            amount=amount,
            on=on,
            description=description.strip(),
            entered_by=by,
        )
        log(
            "governance.usage_entered",
            actor=by,
            target=locked,
            details={"entry": entry.pk, "kind": kind, "correction": amount < 0},
        )
        _after_commit_check(locked.pk)
    return entry
