from __future__ import annotations

import base64
import io
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from veerkracht.accounts import services
from veerkracht.accounts.forms import LoginForm, TokenForm
from veerkracht.audit.events import Event
from veerkracht.audit.logger import log
from veerkracht.audit.models import Result
from veerkracht.core.http import rate_limited, site_url
from veerkracht.core.mail import email_queue


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


RESET_PER_CLIENT_PER_HOUR = 10
RESET_PER_ADDRESS_PER_HOUR = 3


class QueuedPasswordResetForm(PasswordResetForm):
    """Sends the reset link through the platform's mail queue (background, retried, visible)."""

    def send_mail(  # type: ignore[override]
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = loader.render_to_string(subject_template_name, context)
        text = loader.render_to_string(email_template_name, context)
        html = loader.render_to_string(html_email_template_name, context) if html_email_template_name else ""
        email_queue(to=to_email, subject=subject, text=text, html=html, reference="password-reset")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    html_email_template_name = "accounts/email/password_reset.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if rate_limited(request, "password-reset:client", limit=RESET_PER_CLIENT_PER_HOUR, period=3600):
            log(
                Event.PASSWORD_RESET_THROTTLED,
                request=request,
                result=Result.DENIED,
                details={"per": "client"},
            )
            form = self.get_form()
            form.is_valid()
            form.add_error(None, _("Too many requests from your connection. Please try again in an hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        address = form.cleaned_data["email"].strip().lower()
        log(Event.PASSWORD_RESET_REQUESTED, actor_repr=address, request=self.request)
        self.extra_email_context = {"site_url": site_url()}  # never the request's scheme and host
        if rate_limited(
            self.request, "password-reset:address", limit=RESET_PER_ADDRESS_PER_HOUR, period=3600, who=address
        ):
            # the same answer as always (it must not tell whether the address has an account); no mail
            log(
                Event.PASSWORD_RESET_THROTTLED,
                actor_repr=address,
                request=self.request,
                result=Result.DENIED,
                details={"per": "address"},
            )
            return redirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        log(Event.PASSWORD_RESET_DONE, actor=form.user, target=form.user, request=self.request)
        return response


def _next_url(request: HttpRequest) -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return str(reverse_lazy("core:home"))


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator. Only after the person opened the one-time link e-mailed to their
    address (the password alone never enrols a device); until then the page offers to send it."""
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect(f"{reverse_lazy('accounts:two_factor_verify')}?next={_next_url(request)}")
    if not services.two_factor_enrolment_proven(request=request, user=user):  # type: ignore[arg-type]
        sent = throttled = False
        if request.method == "POST" and request.POST.get("action") == "send":
            try:
                services.two_factor_enrolment_send(request=request, user=user)  # type: ignore[arg-type]
                sent = True
            except services.TooManyEnrolmentLinks:
                throttled = True
        return render(
            request,
            "accounts/two_factor_enrol.html",
            {"sent": sent, "throttled": throttled, "next": _next_url(request)},
            status=429 if throttled else 200,
        )
    device = services.two_factor_pending_device(user=user)  # type: ignore[arg-type]
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST":
        if form.is_valid():
            codes = services.two_factor_confirm(request=request, user=user, device=device)  # type: ignore[arg-type]
            request.session[RECOVERY_SESSION_KEY] = codes
            return redirect(f"{reverse_lazy('accounts:recovery_codes')}?next={_next_url(request)}")
        services.two_factor_failed(request=request, user=user)  # type: ignore[arg-type]
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device.config_url),
            "secret": base64.b32encode(device.bin_key).decode(),
            "next": _next_url(request),
        },
    )


@login_required
def two_factor_enrol(request: HttpRequest, token: str) -> HttpResponse:
    """The one-time set-up link from the e-mail (opened while logged in as its addressee)."""
    if services.two_factor_enrolment_open(request=request, user=request.user, token=token):  # type: ignore[arg-type]
        return redirect("accounts:two_factor_setup")
    return render(request, "accounts/two_factor_enrol.html", {"invalid": True, "next": ""}, status=400)


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()
    if device is None:
        return redirect(f"{reverse_lazy('accounts:two_factor_setup')}?next={_next_url(request)}")
    recovery = services.two_factor_recovery_devices(user=user)  # type: ignore[arg-type]
    form = TokenForm(request.POST or None, device=device, recovery_devices=recovery)
    if request.method == "POST":
        if form.is_valid():
            services.two_factor_verified(request=request, user=user, device=form.matched_device)  # type: ignore[arg-type]
            return redirect(_next_url(request))
        services.two_factor_failed(request=request, user=user)  # type: ignore[arg-type]
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)})


RECOVERY_SESSION_KEY = "veerkracht_recovery_codes"


@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Shows freshly issued recovery codes once; asking again issues new ones (POST)."""
    if request.method == "POST":
        if not request.user.is_verified():  # type: ignore[union-attr]
            return redirect("accounts:two_factor_verify")
        request.session[RECOVERY_SESSION_KEY] = services.two_factor_new_recovery_codes(user=request.user)  # type: ignore[arg-type]
        return redirect("accounts:recovery_codes")
    codes = request.session.pop(RECOVERY_SESSION_KEY, None)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    memberships = request.user.memberships.select_related("organisation").order_by(  # type: ignore[union-attr]
        "organisation__name", "role"
    )
    has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    return render(request, "accounts/profile.html", {"memberships": memberships, "has_device": has_device})
