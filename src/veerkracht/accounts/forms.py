from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    error_messages = {
        "invalid_login": _(
            "This e-mail address and password do not match an account. Check both and try again; "
            "after %(limit)s failed attempts the account is locked for a while."
        ),
        "inactive": _("This account has been deactivated."),
    }

    def get_invalid_login_error(self) -> forms.ValidationError:
        from django.conf import settings

        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"limit": settings.LOGIN_FAILURE_LIMIT},
        )


class TokenForm(forms.Form):
    """A code from the authenticator app, or (when ``recovery_devices`` are given) a recovery code."""

    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )

    def __init__(self, *args: Any, device: Any = None, recovery_devices: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.device = device
        self.recovery_devices = list(recovery_devices)
        self.matched_device: Any = None
        if self.recovery_devices:
            self.fields["token"].label = _("Code from your authenticator app, or one of your recovery codes")

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].replace(" ", "").replace("-", "").lower()
        if self.device is not None:
            allowed, _info = self.device.verify_is_allowed()
            if not allowed:
                raise forms.ValidationError(
                    _("Too many wrong codes in a row. Wait a few seconds, then enter the current code.")
                )
        for candidate in [self.device, *self.recovery_devices]:
            if candidate is not None and candidate.verify_token(token):
                self.matched_device = candidate
                return token
        raise forms.ValidationError(_("This code is not correct or has expired. Enter the current code."))
