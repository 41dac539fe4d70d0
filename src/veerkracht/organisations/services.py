"""Writes on organisations: their own details, and people joining and leaving. Each write logs an
audit event (:mod:`veerkracht.organisations.events`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.http import HttpRequest
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from veerkracht.accounts.models import User
from veerkracht.audit.logger import log
from veerkracht.core.http import site_url
from veerkracht.core.mail import email_queue
from veerkracht.organisations.events import OrganisationEvent
from veerkracht.organisations.models import Membership, Organisation, Role
from veerkracht.organisations.rules import CONTACT_ASSIGNABLE
from veerkracht.organisations.selectors import administers


def assignable_roles(*, user: User, organisation: Organisation) -> list[str]:
    """Roles ``user`` may give to others in ``organisation``: administrators any, contacts the
    everyday ones (never beheerder, coordinator, regisseur or bestuurder)."""
    if administers(user, organisation):
        return list(Role.values)
    return [role for role in Role.values if role in CONTACT_ASSIGNABLE]


EDITABLE_FIELDS = ("name", "description", "website", "theme_colour")


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, by: User, request: HttpRequest | None = None, **changes: Any
) -> Organisation:
    """Change an organisation's own details (:data:`EDITABLE_FIELDS`). The audit event names the
    fields that changed, with their old and new values; saving without a change logs nothing."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable here: {', '.join(sorted(unknown))}")
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changed = {
        field: {"from": getattr(current, field), "to": value}
        for field, value in changes.items()
        if getattr(current, field) != value
    }
    for field, value in changes.items():
        setattr(current, field, value)
    current.full_clean()
    if changed:
        current.save(update_fields=[*changed])
        log(OrganisationEvent.CHANGED, actor=by, target=current, request=request, details=changed)
    return current


@transaction.atomic
def membership_add(
    *,
    organisation: Organisation,
    email: str,
    full_name: str,
    role: str,
    job_title: str = "",
    by: User,
    request: HttpRequest | None = None,
) -> Membership:
    """Add a person (new or existing account) to ``organisation`` with ``role``. A new account gets an
    e-mail with a link to choose a password; an existing one a notice. Adding twice changes nothing."""
    if role not in assignable_roles(user=by, organisation=organisation):
        raise PermissionError(f"{by} may not assign {role}")
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    new_account = user is None
    if user is None:
        user = User(
            email=email, full_name=full_name.strip(), preferred_language=translation.get_language() or "nl"
        )
        user.set_unusable_password()
        user.save()
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role, defaults={"job_title": job_title}
    )
    if created:
        log(
            OrganisationEvent.MEMBER_ADDED,
            actor=by,
            target=organisation,
            request=request,
            details={"email": email, "role": role, "new_account": new_account},
        )
        _send_welcome(
            user=user,
            organisation=organisation,
            role=membership.get_role_display(),
            by=by,
            new_account=new_account,
            key=f"membership:{membership.pk}",
        )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User, request: HttpRequest | None = None) -> None:
    organisation = membership.organisation
    details = {"email": membership.user.email, "role": membership.role}
    membership.delete()
    log(OrganisationEvent.MEMBER_REMOVED, actor=by, target=organisation, request=request, details=details)


def _send_welcome(
    *, user: User, organisation: Organisation, role: str, by: User, new_account: bool, key: str
) -> None:
    with translation.override(user.preferred_language or "nl"):
        context = {
            "user": user,
            "organisation": organisation,
            "role": role,
            "by": by,
            "new_account": new_account,
            "site_url": site_url(),
            "link": site_url()
            + (
                reverse(
                    "accounts:password_reset_confirm",
                    kwargs={
                        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                        "token": default_token_generator.make_token(user),
                    },
                )
                if new_account
                else reverse("accounts:login")
            ),
        }
        subject = loader.render_to_string("organisations/email/welcome_subject.txt", context).strip()
        text = loader.render_to_string("organisations/email/welcome.txt", context)
    email_queue(
        to=user.email,
        subject=subject,
        text=text,
        reference=f"organisation:{organisation.pk}",
        key=key,
        scrub_after_send=new_account,  # a new account's welcome carries a link to set the password
    )
