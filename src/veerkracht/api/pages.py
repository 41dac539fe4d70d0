"""The pages where an organisation's beheerder makes, lists and revokes its API keys."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from veerkracht.api import selectors, services
from veerkracht.api.forms import ApiKeyForm
from veerkracht.api.models import ApiKey
from veerkracht.api.scopes import scope_label
from veerkracht.core.forms import apply_validation_error
from veerkracht.core.permissions import require
from veerkracht.organisations.models import Organisation


@never_cache
@login_required
def key_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The keys, and the form for a new one. A new key's secret is shown on the answer to the form, once;
    it is never stored, so it cannot be shown again."""
    organisation = get_object_or_404(Organisation, slug=slug)
    require(request, "api.manage_keys", organisation)
    form = ApiKeyForm(request.POST or None)
    secret = ""
    if request.method == "POST" and form.is_valid():
        try:
            made = services.create_key(
                organisation=organisation,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_on=form.cleaned_data["expires_on"],
                by=request.user,
                request=request,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            secret = made.secret
            form = ApiKeyForm()
    keys = [(key, [scope_label(scope) for scope in key.scopes]) for key in selectors.keys_of(organisation)]
    return render(
        request,
        "api/keys.html",
        {"organisation": organisation, "form": form, "keys": keys, "secret": secret},
    )


@require_POST
@login_required
def key_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    require(request, "api.manage_keys", organisation)
    key = get_object_or_404(ApiKey, pk=pk, organisation=organisation)
    services.revoke_key(key=key, by=request.user, request=request)
    messages.success(
        request, _("The key %(prefix)s has been revoked; it no longer works.") % {"prefix": key.prefix}
    )
    return redirect("api_keys:list", slug=organisation.slug)
