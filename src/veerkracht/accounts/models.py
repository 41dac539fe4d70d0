from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields: Any) -> User:
        if not email:
            raise ValueError("an e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username or "")


#: Who else needs a second factor, beyond staff and superusers: each app that gives people an
#: administrative role adds a predicate from its ``AppConfig.ready`` (organisations: its beheerders),
#: so that accounts imports none of them.
SECOND_FACTOR_REQUIREMENTS: list[Callable[[Any], bool]] = []


class User(AbstractBaseUser, PermissionsMixin):
    """A person with a log-in, identified by e-mail address."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=[("nl", "Nederlands"), ("en", "English")], default="nl"
    )
    is_staff = models.BooleanField(_("staff"), default=False, help_text=_("May use the admin site."))
    is_active = models.BooleanField(_("active"), default=True)
    is_demo_account = models.BooleanField(
        _("demo account"),
        default=False,
        help_text=_(
            "Created by the demo loader; only such accounts may skip two factors, and only in demo mode."
        ),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []  # noqa: RUF012 - Django reads it as a class attribute

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name.split(" ")[0] if self.full_name else "") or self.email

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        """Object permissions are decided by the declared rules alone, for superusers too, so that
        state rules (nothing changes in a closed challenge) hold for everyone. Model-level
        permissions keep Django's superuser shortcut (the admin site relies on it)."""
        if obj is None:
            return super().has_perm(perm)
        if not self.is_active:
            return False
        from django.contrib.auth import get_backends

        return any(
            backend.has_perm(self, perm, obj) for backend in get_backends() if hasattr(backend, "has_perm")
        )

    @property
    def requires_two_factor(self) -> bool:
        """Staff, superusers and everyone holding a role that sees personal data
        (``Role.sees_personal_data``: beheerder, coordinator, regisseur) need a second factor."""
        if self.is_staff or self.is_superuser:
            return True
        cached = getattr(self, "_sees_personal_data", None)
        if cached is None:
            cached = any(requirement(self) for requirement in SECOND_FACTOR_REQUIREMENTS)
            self._sees_personal_data = cached
        return bool(cached)


class TwoFactorEnrolment(models.Model):
    """A one-time link, sent to the account's e-mail address, that lets its holder set up an
    authenticator. Setting one up needs the password (to be logged in) and the mailbox (this link),
    so a password alone never enrols a device. Only the SHA-256 of the token is stored."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="two_factor_enrolments"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("two-step verification set-up link")
        verbose_name_plural = _("two-step verification set-up links")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d %H:%M})"
