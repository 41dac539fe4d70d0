"""Every write on pilots (docs/plans/pilots.md). Verb-named, keyword-only, one transaction each, with
an audit event from :mod:`veerkracht.plans.events`.

* :func:`create_pilot` / :func:`edit_pilot` / :func:`write_conclusion` — the team's work on a pilot.
* :func:`transition_pilot` — the one way a pilot's state changes, through the transition table in
  :mod:`veerkracht.plans.states`. Moving into ``opgeschaald``, ``aangepast`` or ``gestopt`` is the
  go/no-go: it is taken by whoever the mandate names (``plans.decide_pilot``) and recorded, in the same
  transaction, as an entry of kind ``go-no-go`` in the municipality's decision log. Closing a pilot
  (``opgeschaald``, ``gestopt``) needs at least one lesson for the learning community.
* :func:`link_lesson` / :func:`write_lesson` — the lessons a pilot gives the learning community.
* :func:`add_need` / :func:`link_needs` — its budget and hours as needs in the resources ledger.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from veerkracht.audit.logger import log
from veerkracht.audit.models import Result
from veerkracht.community.models import EvidenceKind, Lesson
from veerkracht.community.services import LessonError, add_evidence, save_lesson
from veerkracht.governance import chain
from veerkracht.governance.models import DecisionKind, ExperimentRule, Indicator
from veerkracht.governance.services.decisions import municipality_of, record_decision
from veerkracht.governance.services.mandates import board_organisation
from veerkracht.organisations.models import Role
from veerkracht.plans import pilot_selectors as selectors
from veerkracht.plans import states
from veerkracht.plans.models import Pilot, PilotChange, PilotState
from veerkracht.plans.pilot_events import PlansEvent
from veerkracht.resources.models import Need
from veerkracht.resources.services import need_add

MAX_TEXT = 5000


class PilotRefused(Exception):
    """A step the table, the person's role or the pilot's condition does not allow. ``code`` is
    ``not_in_table``, ``not_allowed``, ``note_required``, ``conclusion_required`` or ``lesson_required``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def state_label(state: str) -> str:
    try:
        return str(PilotState(state).label)
    except ValueError:
        return str(state)


def _require(user: Any, perm: str, obj: Any) -> None:
    if not (getattr(user, "is_authenticated", False) and user.has_perm(perm, obj)):
        raise PermissionDenied(perm)


def _clean_pilot(
    *,
    challenge: Any,
    title: str,
    intervention: str,
    expectation: str,
    indicators: Iterable[Indicator],
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    needs: Iterable[Need],
    experiment_rules: Iterable[ExperimentRule],
) -> tuple[list[Indicator], list[Need], list[ExperimentRule]]:
    """Raise a ValidationError naming each field that is wrong (the form says the same)."""
    errors: dict[str, list[str]] = {}
    for name, value, message in (
        ("title", title, _("Give the pilot a title.")),
        ("intervention", intervention, _("Say what you will do (“if we do …”).")),
        ("expectation", expectation, _("Say what you expect (“then we expect …”).")),
    ):
        if not (value or "").strip():
            errors.setdefault(name, []).append(message)
    indicators, needs, experiment_rules = list(indicators), list(needs), list(experiment_rules)
    if not indicators:
        errors.setdefault("indicators", []).append(_("Choose at least one indicator to measure it with."))
    allowed = set(selectors.indicator_choices(challenge).values_list("pk", flat=True))
    if any(i.pk not in allowed for i in indicators):
        errors.setdefault("indicators", []).append(_("Choose indicators of this challenge's objectives."))
    if any(n.challenge_id != challenge.pk for n in needs):
        errors.setdefault("needs", []).append(_("Choose needs of this challenge."))
    rules_allowed = set(selectors.rule_choices(challenge).values_list("pk", flat=True))
    if any(r.pk not in rules_allowed for r in experiment_rules):
        errors.setdefault("experiment_rules", []).append(
            _("Choose rules of the experimentation space of the challenge's mandate in force.")
        )
    if starts_on is None:
        errors.setdefault("starts_on", []).append(_("Give a start date."))
    if ends_on is None:
        errors.setdefault("ends_on", []).append(_("Give an end date."))
    elif starts_on is not None and ends_on <= starts_on:
        errors.setdefault("ends_on", []).append(_("The end date must be after the start date."))
    if errors:
        raise ValidationError(errors)
    return indicators, needs, experiment_rules


def create_pilot(
    *,
    challenge: Any,
    by: Any,
    title: str,
    intervention: str,
    expectation: str,
    indicators: Iterable[Indicator],
    starts_on: dt.date,
    ends_on: dt.date,
    neighbourhood: str = "",
    target_group: str = "",
    needs: Iterable[Need] = (),
    experiment_rules: Iterable[ExperimentRule] = (),
    request: HttpRequest | None = None,
) -> Pilot:
    """A new pilot of ``challenge``, run by its team, in preparation. Raises PermissionDenied unless
    ``by`` runs pilots of the challenge, ValidationError for bad input (nothing written)."""
    _require(by, "plans.add_pilot", challenge)
    chosen, chosen_needs, chosen_rules = _clean_pilot(
        challenge=challenge,
        title=title,
        intervention=intervention,
        expectation=expectation,
        indicators=indicators,
        starts_on=starts_on,
        ends_on=ends_on,
        needs=needs,
        experiment_rules=experiment_rules,
    )
    with transaction.atomic():
        pilot = Pilot.objects.create(
            challenge=challenge,
            team=getattr(challenge, "innovation_team", None),
            title=title.strip(),
            intervention=intervention.strip(),
            expectation=expectation.strip(),
            neighbourhood=neighbourhood.strip(),
            target_group=target_group.strip(),
            starts_on=starts_on,
            ends_on=ends_on,
            created_by=by,
        )
        pilot.indicators.set(chosen)
        pilot.needs.set(chosen_needs)
        pilot.experiment_rules.set(chosen_rules)
        log(
            PlansEvent.PILOT_CREATED,
            actor=by,
            target=pilot,
            request=request,
            details={"challenge": challenge.pk, "indicators": len(chosen)},
        )
    return pilot


def edit_pilot(
    *,
    pilot: Pilot,
    by: Any,
    title: str,
    intervention: str,
    expectation: str,
    indicators: Iterable[Indicator],
    starts_on: dt.date,
    ends_on: dt.date,
    neighbourhood: str = "",
    target_group: str = "",
    needs: Iterable[Need] = (),
    experiment_rules: Iterable[ExperimentRule] = (),
    request: HttpRequest | None = None,
) -> Pilot:
    """Change a pilot's hypothesis, scope, period, needs and experimentation space (not once closed)."""
    _require(by, "plans.change_pilot", pilot)
    chosen, chosen_needs, chosen_rules = _clean_pilot(
        challenge=pilot.challenge,
        title=title,
        intervention=intervention,
        expectation=expectation,
        indicators=indicators,
        starts_on=starts_on,
        ends_on=ends_on,
        needs=needs,
        experiment_rules=experiment_rules,
    )
    with transaction.atomic():
        locked = Pilot.objects.select_for_update().get(pk=pilot.pk)
        if locked.state in states.CLOSED:
            raise PermissionDenied("plans.change_pilot")
        for name, value in (
            ("title", title.strip()),
            ("intervention", intervention.strip()),
            ("expectation", expectation.strip()),
            ("neighbourhood", neighbourhood.strip()),
            ("target_group", target_group.strip()),
            ("starts_on", starts_on),
            ("ends_on", ends_on),
        ):
            setattr(locked, name, value)
        locked.save()
        locked.indicators.set(chosen)
        locked.needs.set(chosen_needs)
        locked.experiment_rules.set(chosen_rules)
        log(PlansEvent.PILOT_UPDATED, actor=by, target=locked, request=request)
    return locked


def write_conclusion(*, pilot: Pilot, by: Any, conclusion: str, request: HttpRequest | None = None) -> Pilot:
    """The team's conclusion of the pilot (before the go/no-go)."""
    _require(by, "plans.change_pilot", pilot)
    text = (conclusion or "").strip()
    if not text:
        raise ValidationError({"conclusion": _("Write the team's conclusion.")})
    if len(text) > MAX_TEXT:
        raise ValidationError({"conclusion": _("Keep the conclusion under 5,000 characters.")})
    with transaction.atomic():
        updated = Pilot.objects.filter(pk=pilot.pk).exclude(state__in=states.CLOSED).update(conclusion=text)
        if not updated:
            raise PermissionDenied("plans.change_pilot")
        log(PlansEvent.PILOT_CONCLUDED, actor=by, target=pilot, request=request)
    pilot.conclusion = text
    return pilot


# --- the transition table and the go/no-go ----------------------------------------------------------


def _decision_texts(pilot: Pilot, to: str, note: str) -> tuple[str, str]:
    """The log entry's title and text, in the site's language (the log is the municipality's record)."""
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Go/no-go pilot “%(title)s”: %(outcome)s") % {
            "title": pilot.title,
            "outcome": state_label(to),
        }
        lines = [
            note,
            _("Hypothesis: if we do %(x)s, then we expect %(y)s.")
            % {"x": pilot.intervention.rstrip("."), "y": pilot.expectation.rstrip(".")},
            _("Measured with: %(indicators)s")
            % {"indicators": "; ".join(f"{i.code} {i.name}" for i in pilot.indicators.all())},
        ]
        if pilot.conclusion:
            lines.append(_("The team's conclusion: %(conclusion)s") % {"conclusion": pilot.conclusion})
    return title, "\n".join(lines)


def _capacity(by: Any, pilot: Pilot, decider: selectors.Decider) -> tuple[str, Any]:
    challenge = pilot.challenge
    if decider.holder is not None and decider.holder.pk == by.pk:
        return Role.REGISSEUR.value, municipality_of(challenge)
    return Role.BESTUURDER.value, board_organisation(by, challenge) or municipality_of(challenge)


def transition_pilot(
    *,
    pilot: Pilot,
    to: str,
    by: Any,
    note: str = "",
    public: bool = True,
    request: HttpRequest | None = None,
) -> PilotChange:
    """Move ``pilot`` to state ``to`` through the transition table. A go/no-go (into ``opgeschaald``,
    ``aangepast`` or ``gestopt``) is recorded in the decision log in the same transaction and needs a
    note (what was decided, and why). Raises :class:`PilotRefused` (nothing changed; the refusal is
    audited). ``pilot`` is updated in place."""
    note = (note or "").strip()
    try:
        with transaction.atomic():
            locked = Pilot.objects.select_for_update().select_related("challenge__agenda").get(pk=pilot.pk)
            source = locked.state
            if not states.allowed(source, to):
                raise PilotRefused(
                    "not_in_table",
                    _("A pilot cannot go from “%(source)s” to “%(target)s”.")
                    % {"source": state_label(source), "target": state_label(to)},
                )
            go_no_go = to in states.GO_NO_GO
            perm = "plans.decide_pilot" if go_no_go else "plans.change_pilot"
            if not (getattr(by, "is_authenticated", False) and by.has_perm(perm, locked)):
                if go_no_go:
                    message = _("You may not take this pilot's go/no-go: the mandate names who decides.")
                else:
                    message = _("You may not take this step for this pilot.")
                raise PilotRefused("not_allowed", message)
            decision = None
            if go_no_go:
                if not note:
                    raise PilotRefused("note_required", _("Say what was decided, and why."))
                if source == states.GEEVALUEERD and not locked.conclusion.strip():
                    raise PilotRefused(
                        "conclusion_required", _("The team writes its conclusion before the go/no-go.")
                    )
                if to in states.CLOSED and not locked.lessons.exists():
                    raise PilotRefused(
                        "lesson_required",
                        _(
                            "A pilot cannot be closed without at least one lesson for the learning "
                            "community: write or link one first."
                        ),
                    )
                role, organisation = _capacity(by, locked, selectors.decider(locked))
                title, text = _decision_texts(locked, to, note)
                try:
                    decision = record_decision(
                        challenge=locked.challenge,
                        kind=DecisionKind.GO_NO_GO,
                        title=title,
                        text=text,
                        by=by,
                        role=role,
                        organisation=organisation,
                        public=public,
                        refs=[f"pilot:{locked.pk}"],
                    )
                except chain.ContentError as exc:
                    raise PilotRefused("content", str(exc)) from exc
                locked.decision = decision
            locked.state = to
            locked.save(update_fields=["state", "decision", "updated_at"])
            change = PilotChange.objects.create(
                pilot=locked, from_state=source, to_state=to, note=note, by=by, decision=decision
            )
            log(
                PlansEvent.PILOT_TRANSITIONED,
                actor=by,
                target=locked,
                request=request,
                details={"from": source, "to": to, "decision": decision.seq if decision else None},
            )
    except PilotRefused as refusal:
        log(
            PlansEvent.PILOT_TRANSITION_REFUSED,
            actor=by,
            target=pilot,
            request=request,
            result=Result.DENIED if refusal.code == "not_allowed" else Result.FAILURE,
            details={"from": pilot.state, "to": str(to)[:40], "code": refusal.code},
        )
        raise
    pilot.state = to
    pilot.decision = locked.decision
    return change


# --- lessons and needs ------------------------------------------------------------------------------


def link_lesson(*, pilot: Pilot, by: Any, lesson: Lesson, request: HttpRequest | None = None) -> None:
    """Link a lesson of the pilot's challenge that ``by`` may read."""
    _require(by, "plans.add_lesson", pilot)
    if lesson.challenge_id != pilot.challenge_id or not by.has_perm("community.view_lesson", lesson):
        raise ValidationError({"lesson": _("Choose a lesson of this challenge.")})
    with transaction.atomic():
        pilot.lessons.add(lesson)
        log(
            PlansEvent.PILOT_LESSON_LINKED,
            actor=by,
            target=pilot,
            request=request,
            details={"lesson": lesson.pk},
        )


def write_lesson(
    *,
    pilot: Pilot,
    by: Any,
    title: str,
    tried: str,
    outcome: str,
    size_band: str,
    neighbourhood_type: str,
    visibility: str,
    request: HttpRequest | None = None,
) -> Lesson:
    """Write a lesson for the learning community from the pilot: it names the pilot's challenge and
    team, carries the pilot as its evidence and is linked to the pilot."""
    _require(by, "plans.add_lesson", pilot)
    challenge = pilot.challenge
    _require(by, "community.add_lesson", challenge)
    with transaction.atomic():
        try:
            lesson = save_lesson(
                by=by,
                title=(title or "").strip(),
                tried=(tried or "").strip(),
                outcome=(outcome or "").strip(),
                domain=challenge.domain,
                municipality=municipality_of(challenge),
                size_band=size_band,
                neighbourhood_type=neighbourhood_type,
                challenge=challenge,
                team=pilot.team,
                visibility=visibility,
            )
        except LessonError as exc:
            raise ValidationError(str(exc)) from exc
        add_evidence(
            lesson=lesson,
            kind=EvidenceKind.PILOT_UITKOMST,
            description=pilot.title[:500],
            reference=reverse("plans:pilot", args=[pilot.pk]),
        )
        pilot.lessons.add(lesson)
        log(
            PlansEvent.PILOT_LESSON_LINKED,
            actor=by,
            target=pilot,
            request=request,
            details={"lesson": lesson.pk},
        )
    return lesson


def add_need(
    *,
    pilot: Pilot,
    by: Any,
    kind: str,
    description: str,
    quantity: Decimal,
    request: HttpRequest | None = None,
) -> Need:
    """A new need of the challenge in the ledger (for the pilot's period, of its team), linked to the
    pilot. The ledger's own rule decides who may add needs (``resources.add_need``)."""
    _require(by, "plans.change_pilot", pilot)
    with transaction.atomic():
        need = need_add(
            challenge=pilot.challenge,
            by=by,
            kind=kind,
            description=description,
            quantity=quantity,
            team=pilot.team,
            starts_on=pilot.starts_on,
            ends_on=pilot.ends_on,
        )
        pilot.needs.add(need)
        log(PlansEvent.PILOT_NEED_LINKED, actor=by, target=pilot, request=request, details={"need": need.pk})
    return need
