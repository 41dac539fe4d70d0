"""Writes on agendas and challenges: verb-named, keyword-only commands. Other apps call
:func:`challenge_transition` to move a challenge through its lifecycle (e.g. the monitor when a wave
opens)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from veerkracht.agenda import selectors, workflow
from veerkracht.agenda.events import AgendaEvent
from veerkracht.agenda.models import (
    RESERVED_SLUGS,
    Agenda,
    AgendaPartnerInvitation,
    Challenge,
    ChallengeTransition,
    Domain,
    InvitationStatus,
    Score,
    Stakeholder,
)
from veerkracht.agenda.signals import challenge_transitioned
from veerkracht.audit.logger import log
from veerkracht.audit.models import Result
from veerkracht.organisations.models import Organisation
from veerkracht.organisations.selectors import is_installation_admin, municipalities_of

AGENDA_FIELDS = (
    "title",
    "slug",
    "municipality",
    "region",
    "period_start",
    "period_end",
    "description",
    "weight_urgency",
    "weight_impact",
    "weight_feasibility",
    "weight_innovation",
    "ranking_quorum",
)
CHALLENGE_FIELDS = (
    "title",
    "slug",
    "problem",
    "ambition",
    "domain",
    "public_money",
    "private_money",
    "lead_municipality",
    "regisseur",
)


def unique_slug(model: Any, text: str, *, exclude_pk: int | None = None) -> str:
    """A slug from ``text`` not yet used by ``model`` (and not reserved by the URL scheme)."""
    base = (slugify(text)[:70] or "opgave").strip("-")
    candidate, n = base, 1
    taken = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    while candidate in RESERVED_SLUGS or taken.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


# --- agendas ------------------------------------------------------------------------------------


@transaction.atomic
def agenda_create(
    *,
    by: Any,
    coordinators: Iterable[Any] = (),
    partners: Iterable[Organisation] = (),
    request: HttpRequest | None = None,
    **fields: Any,
) -> Agenda:
    """Start an agenda. The person starting it is a coordinator unless others are named."""
    unknown = set(fields) - set(AGENDA_FIELDS)
    if unknown:
        raise TypeError(f"unknown agenda fields: {sorted(unknown)}")
    if not fields.get("slug"):
        fields["slug"] = unique_slug(Agenda, fields["title"])
    agenda = Agenda(**fields)
    agenda.full_clean(exclude=["coordinators", "partners"])
    agenda.save()
    coordinator_list = list(coordinators) or [by]
    agenda.coordinators.set(coordinator_list)
    log(AgendaEvent.AGENDA_CREATED, actor=by, target=agenda, request=request)
    _set_partners(agenda, by, list(partners), request)
    selectors.forget_access(by)
    return agenda


@transaction.atomic
def agenda_update(
    *,
    agenda: Agenda,
    by: Any,
    coordinators: Iterable[Any] | None = None,
    partners: Iterable[Organisation] | None = None,
    request: HttpRequest | None = None,
    **fields: Any,
) -> Agenda:
    unknown = set(fields) - set(AGENDA_FIELDS)
    if unknown:
        raise TypeError(f"unknown agenda fields: {sorted(unknown)}")
    owner_before = (agenda.municipality_id, agenda.region_id)
    for name, value in fields.items():
        setattr(agenda, name, value)
    if (agenda.municipality_id, agenda.region_id) != owner_before:
        _check_owner_change(agenda, by)
    agenda.full_clean(exclude=["coordinators", "partners"])
    if coordinators is not None:
        coordinators = list(coordinators)
        _check_coordinator_removal(agenda, by, coordinators)
    agenda.save()
    if coordinators is not None:
        agenda.coordinators.set(coordinators)
    if partners is not None:
        _set_partners(agenda, by, list(partners), request)
    selectors.forget_access(by)
    log(
        AgendaEvent.AGENDA_UPDATED,
        actor=by,
        target=agenda,
        request=request,
        details={"fields": sorted(fields)},
    )
    return agenda


def _set_partners(agenda: Agenda, by: Any, wanted: list[Organisation], request: HttpRequest | None) -> None:
    """Make ``wanted`` the agenda's partners and invited organisations. Organisations that are not yet
    partners are invited, and join only when one of their own contacts accepts — unless ``by`` may
    answer for them. Partners no longer wanted are removed; open invitations no longer wanted are
    withdrawn."""
    wanted_ids = {org.pk for org in wanted}
    current = set(agenda.partners.values_list("pk", flat=True))
    removed = current - wanted_ids
    if removed:
        agenda.partners.remove(*removed)
        AgendaPartnerInvitation.objects.filter(agenda=agenda, organisation_id__in=removed).delete()
        for slug in Organisation.objects.filter(pk__in=removed).values_list("slug", flat=True):
            log(
                AgendaEvent.PARTNER_REMOVED,
                actor=by,
                target=agenda,
                request=request,
                details={"organisation": slug},
            )
    AgendaPartnerInvitation.objects.filter(agenda=agenda, status=InvitationStatus.PENDING).exclude(
        organisation_id__in=wanted_ids
    ).delete()
    for organisation in wanted:
        if organisation.pk in current:
            continue
        invitation = AgendaPartnerInvitation.objects.filter(agenda=agenda, organisation=organisation).first()
        if invitation is not None and invitation.status == InvitationStatus.PENDING:
            continue
        if invitation is None:
            invitation = AgendaPartnerInvitation(agenda=agenda, organisation=organisation)
        invitation.status = InvitationStatus.PENDING
        invitation.invited_by = by if _real(by) else None
        invitation.created_at = timezone.now()
        invitation.answered_by, invitation.answered_at = None, None
        invitation.save()
        log(
            AgendaEvent.PARTNER_INVITED,
            actor=by,
            target=agenda,
            request=request,
            details={"organisation": organisation.slug},
        )
        if selectors.may_answer_for(by, organisation):
            partner_invitation_answer(invitation=invitation, by=by, accept=True, request=request)


@transaction.atomic
def partner_invitation_answer(
    *, invitation: AgendaPartnerInvitation, by: Any, accept: bool, request: HttpRequest | None = None
) -> AgendaPartnerInvitation:
    """Accept or decline ``invitation`` on behalf of its organisation; only the organisation's own
    contacts (``selectors.ANSWER_ROLES``) may."""
    locked = AgendaPartnerInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not selectors.may_answer_for(by, locked.organisation):
        raise PermissionDenied
    if locked.status != InvitationStatus.PENDING:
        raise ValidationError(_("This invitation has already been answered."))
    locked.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    locked.answered_by = by
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "answered_by", "answered_at"])
    if accept:
        locked.agenda.partners.add(locked.organisation)
    selectors.forget_access(by)
    log(
        AgendaEvent.PARTNER_ACCEPTED if accept else AgendaEvent.PARTNER_DECLINED,
        actor=by,
        target=locked.agenda,
        request=request,
        details={"organisation": locked.organisation.slug},
    )
    invitation.status, invitation.answered_by, invitation.answered_at = (
        locked.status,
        locked.answered_by,
        locked.answered_at,
    )
    return invitation


def _check_owner_change(agenda: Agenda, by: Any) -> None:
    """Who owns an agenda (a municipality, or a region for a joint agenda) decides who sees and leads
    its challenges. Only an installation administrator changes it — on behalf of every municipality
    involved — and never so that a municipality loses a challenge it leads."""
    if not is_installation_admin(by):
        raise ValidationError(
            {
                "municipality": _(
                    "Only an installation administrator can change which municipality or region owns "
                    "an agenda."
                )
            }
        )
    owners = set(agenda.municipality_ids())
    lost = (
        Organisation.objects.filter(led_challenges__agenda=agenda)
        .exclude(pk__in=owners)
        .distinct()
        .order_by("name")
    )
    if lost:
        raise ValidationError(
            {
                "municipality": _(
                    "The new owner must include every municipality that leads a challenge on this "
                    "agenda: %(names)s."
                )
                % {"names": ", ".join(org.name for org in lost)}
            }
        )


def _check_coordinator_removal(agenda: Agenda, by: Any, coordinators: list[Any]) -> None:
    """On an agenda of several municipalities a coordinator may remove only coordinators who work for
    a municipality they work for themselves: no municipality can push another one out."""
    if agenda.pk is None or is_installation_admin(by):
        return
    keep = {user.pk for user in coordinators}
    removed = [user for user in agenda.coordinators.all() if user.pk not in keep]
    if not removed:
        return
    owners = set(agenda.municipality_ids())
    mine = set(municipalities_of(by).values_list("pk", flat=True))
    refused = [
        user
        for user in removed
        if (set(municipalities_of(user).values_list("pk", flat=True)) & owners) - mine
    ]
    if refused:
        raise ValidationError(
            {
                "coordinators": _(
                    "You cannot remove a coordinator of another municipality from this agenda: "
                    "%(names)s. Ask that municipality, or an installation administrator."
                )
                % {"names": ", ".join(user.get_full_name() or user.email for user in refused)}
            }
        )


def agenda_publish(*, agenda: Agenda, by: Any, published: bool, request: HttpRequest | None = None) -> Agenda:
    if agenda.published != published:
        agenda.published = published
        agenda.save(update_fields=["published", "updated_at"])
        event = AgendaEvent.AGENDA_PUBLISHED if published else AgendaEvent.AGENDA_UNPUBLISHED
        log(event, actor=by, target=agenda, request=request)
    return agenda


# --- challenges ---------------------------------------------------------------------------------


def _check_challenge(challenge: Challenge) -> None:
    if challenge.lead_municipality_id not in challenge.agenda.municipality_ids():
        raise ValidationError(
            {"lead_municipality": _("The lead municipality must be one of the agenda's municipalities.")}
        )


@transaction.atomic
def challenge_create(
    *,
    agenda: Agenda,
    by: Any,
    sdgs: Iterable[Any] = (),
    neighbourhoods: Iterable[Any] = (),
    request: HttpRequest | None = None,
    **fields: Any,
) -> Challenge:
    """Put a new challenge on ``agenda`` (status gesignaleerd), with its first timeline entry."""
    unknown = set(fields) - set(CHALLENGE_FIELDS)
    if unknown:
        raise TypeError(f"unknown challenge fields: {sorted(unknown)}")
    if not fields.get("slug"):
        fields["slug"] = unique_slug(Challenge, fields["title"])
    if not fields.get("lead_municipality"):
        municipality_ids = agenda.municipality_ids()
        fields["lead_municipality"] = Organisation.objects.get(pk=municipality_ids[0])
    challenge = Challenge(agenda=agenda, status=workflow.INITIAL, **fields)
    challenge.full_clean(exclude=["sdgs", "neighbourhoods"])
    _check_challenge(challenge)
    challenge.save()
    challenge.sdgs.set(list(sdgs))
    challenge.neighbourhoods.set(list(neighbourhoods))
    ChallengeTransition.objects.create(
        challenge=challenge, from_status="", to_status=workflow.INITIAL, by=by if _real(by) else None
    )
    log(AgendaEvent.CHALLENGE_CREATED, actor=by, target=challenge, request=request)
    return challenge


@transaction.atomic
def challenge_update(
    *,
    challenge: Challenge,
    by: Any,
    sdgs: Iterable[Any] | None = None,
    neighbourhoods: Iterable[Any] | None = None,
    request: HttpRequest | None = None,
    **fields: Any,
) -> Challenge:
    unknown = set(fields) - set(CHALLENGE_FIELDS)
    if unknown:
        raise TypeError(f"unknown challenge fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(challenge, name, value)
    challenge.full_clean(exclude=["sdgs", "neighbourhoods"])
    _check_challenge(challenge)
    challenge.save()
    if sdgs is not None:
        challenge.sdgs.set(list(sdgs))
    if neighbourhoods is not None:
        challenge.neighbourhoods.set(list(neighbourhoods))
    log(
        AgendaEvent.CHALLENGE_UPDATED,
        actor=by,
        target=challenge,
        request=request,
        details={"fields": sorted(fields)},
    )
    return challenge


def challenge_publish(
    *, challenge: Challenge, by: Any, published: bool, request: HttpRequest | None = None
) -> Challenge:
    if challenge.published != published:
        challenge.published = published
        challenge.save(update_fields=["published", "updated_at"])
        event = AgendaEvent.CHALLENGE_PUBLISHED if published else AgendaEvent.CHALLENGE_UNPUBLISHED
        log(event, actor=by, target=challenge, request=request)
    return challenge


# --- stakeholders -------------------------------------------------------------------------------


def _check_contact(organisation: Organisation, contact_person: Any) -> None:
    if contact_person is not None and not organisation.memberships.filter(user=contact_person).exists():
        raise ValidationError(
            {"contact_person": _("The contact person must be a member of the organisation.")}
        )


@transaction.atomic
def stakeholder_save(
    *,
    challenge: Challenge,
    by: Any,
    organisation: Organisation,
    role: str,
    interest: str,
    influence: str,
    contact_person: Any = None,
    note: str = "",
    stakeholder: Stakeholder | None = None,
    request: HttpRequest | None = None,
) -> Stakeholder:
    """Add a stakeholder to ``challenge``, or change ``stakeholder``."""
    _check_contact(organisation, contact_person)
    created = stakeholder is None
    if stakeholder is None:
        stakeholder = Stakeholder(challenge=challenge)
    elif stakeholder.challenge_id != challenge.pk:
        raise ValueError("stakeholder of another challenge")
    stakeholder.organisation = organisation
    stakeholder.role = role
    stakeholder.interest = interest
    stakeholder.influence = influence
    stakeholder.contact_person = contact_person
    stakeholder.note = note
    stakeholder.full_clean()
    stakeholder.save()
    log(
        AgendaEvent.STAKEHOLDER_ADDED if created else AgendaEvent.STAKEHOLDER_CHANGED,
        actor=by,
        target=challenge,
        request=request,
        details={"organisation": organisation.slug, "role": role},
    )
    return stakeholder


def stakeholder_remove(*, stakeholder: Stakeholder, by: Any, request: HttpRequest | None = None) -> None:
    challenge = stakeholder.challenge
    slug = stakeholder.organisation.slug
    stakeholder.delete()
    log(
        AgendaEvent.STAKEHOLDER_REMOVED,
        actor=by,
        target=challenge,
        request=request,
        details={"organisation": slug},
    )


# --- prioritisation -----------------------------------------------------------------------------


@transaction.atomic
def challenge_score(
    *,
    challenge: Challenge,
    by: Any,
    urgency: int,
    impact: int,
    feasibility: int,
    innovation: int,
    request: HttpRequest | None = None,
) -> Score:
    """Record (or replace) ``by``'s scores for ``challenge``."""
    if not by.has_perm("agenda.score_challenge", challenge):
        raise PermissionDenied
    score = Score.objects.filter(challenge=challenge, scorer=by).first() or Score(
        challenge=challenge, scorer=by
    )
    score.urgency, score.impact, score.feasibility, score.innovation = (
        urgency,
        impact,
        feasibility,
        innovation,
    )
    score.full_clean()
    score.save()
    log(
        AgendaEvent.CHALLENGE_SCORED,
        actor=by,
        target=challenge,
        request=request,
        details=score.as_dict(),
    )
    return score


# --- lifecycle ----------------------------------------------------------------------------------


class TransitionRefused(Exception):
    """A lifecycle step that the table or the person's role does not allow, or that lacks a note."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _real(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def challenge_transition(
    *,
    challenge: Challenge,
    to: str,
    by: Any,
    note: str = "",
    request: HttpRequest | None = None,
) -> ChallengeTransition:
    """Move ``challenge`` to state ``to``.

    Locks the row, checks the transition table (workflow.py) and ``by``'s permission
    (``agenda.transition_challenge`` and the transition's actors), writes a ChallengeTransition and an
    audit event, and sends ``challenge_transitioned`` after commit. Raises :class:`TransitionRefused`
    (``code`` is ``not_in_table``, ``not_allowed`` or ``note_required``) and records the refusal.
    ``challenge`` is updated in place.
    """
    note = (note or "").strip()
    selectors.forget_access(by)
    try:
        with transaction.atomic():
            locked = Challenge.objects.select_for_update().get(pk=challenge.pk)
            locked.agenda = Agenda.objects.get(pk=locked.agenda_id)
            source = locked.status
            step = workflow.find(source, to)
            if step is None:
                raise TransitionRefused(
                    "not_in_table",
                    _("A challenge cannot go from “%(source)s” to “%(target)s”.")
                    % {"source": _label(source), "target": _label(to)},
                )
            if not (
                _real(by)
                and by.has_perm("agenda.transition_challenge", locked)
                and step.actors & selectors.actors_of(by, locked)
            ):
                raise TransitionRefused("not_allowed", _("You may not take this step for this challenge."))
            if step.note_required and not note:
                raise TransitionRefused("note_required", _("Give a reason for this step."))
            unmet = workflow.unmet_conditions(locked, to)
            if unmet:
                raise TransitionRefused("condition", " ".join(unmet))
            locked.status = to
            locked.save(update_fields=["status", "updated_at"])
            record = ChallengeTransition.objects.create(
                challenge=locked, from_status=source, to_status=to, by=by, note=note
            )
            log(
                AgendaEvent.CHALLENGE_TRANSITIONED,
                actor=by,
                target=locked,
                request=request,
                details={"from": source, "to": to, "kind": str(step.kind), "note": bool(note)},
            )
            payload = {"challenge_id": locked.pk, "from_status": source, "to_status": to, "by_id": by.pk}
            transaction.on_commit(lambda: challenge_transitioned.send(sender=Challenge, **payload))
    except TransitionRefused as refusal:
        log(
            AgendaEvent.CHALLENGE_TRANSITION_REFUSED,
            actor=by,
            target=challenge,
            request=request,
            result=Result.DENIED if refusal.code == "not_allowed" else Result.FAILURE,
            details={"from": challenge.status, "to": str(to), "code": refusal.code},
        )
        raise
    challenge.status = to
    return record


def _label(status: str) -> str:
    try:
        return str(workflow.Status(status).label)
    except ValueError:
        return str(status)


def domain_by_code(code: str) -> Domain | None:
    return Domain.objects.filter(code=code).first()
