from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from veerkracht.core.forms import apply_validation_error
from veerkracht.core.permissions import can, require
from veerkracht.core.response_cache import session_answer
from veerkracht.organisations import selectors, services
from veerkracht.organisations.forms import MemberForm, OrganisationForm
from veerkracht.organisations.models import Kind, Membership, Organisation, Region
from veerkracht.organisations.sections import render_organisation_sections


@session_answer
@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = selectors.organisation_list()
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        organisations = organisations.filter(kind=kind)
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    regions = Region.objects.prefetch_related("municipalities")
    return render(
        request,
        "organisations/list.html",
        {"page": page, "kinds": Kind.choices, "kind": kind, "regions": regions},
    )


@login_required
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.select_related("municipality"), slug=slug)
    require(request, "organisations.view_organisation", organisation)
    members = None
    if can(request.user, "organisations.view_members", organisation):
        members = organisation.memberships.select_related("user").order_by("user__full_name", "role")
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "members": members,
            "can_change": can(request.user, "organisations.change_organisation", organisation),
            "sections": render_organisation_sections(request, organisation),
        },
    )


@login_required
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    require(request, "organisations.change_organisation", organisation)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                organisation=organisation,
                by=request.user,  # type: ignore[arg-type]
                request=request,
                **{field: form.cleaned_data[field] for field in services.EDITABLE_FIELDS},
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
            return render(request, "organisations/edit.html", {"organisation": organisation, "form": form})
        messages.success(request, _("The organisation has been saved."))
        return redirect("organisations:detail", slug=organisation.slug)
    return render(request, "organisations/edit.html", {"organisation": organisation, "form": form})


@login_required
def organisation_members(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    require(request, "organisations.manage_members", organisation)
    roles = services.assignable_roles(user=request.user, organisation=organisation)  # type: ignore[arg-type]
    form = MemberForm(request.POST or None, roles=roles)
    if request.method == "POST":
        remove = request.POST.get("remove")
        if remove:
            membership = get_object_or_404(
                Membership.objects.select_related("user", "organisation"),
                pk=remove,
                organisation=organisation,
            )
            require(request, "organisations.remove_membership", membership)
            services.membership_remove(membership=membership, by=request.user, request=request)  # type: ignore[arg-type]
            messages.success(request, _("%(name)s no longer has this role.") % {"name": membership.user})
            return redirect("organisations:members", slug=organisation.slug)
        if form.is_valid():
            services.membership_add(
                organisation=organisation,
                by=request.user,  # type: ignore[arg-type]
                request=request,
                **form.cleaned_data,
            )
            messages.success(
                request,
                _("%(email)s has been added and informed by e-mail.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("organisations:members", slug=organisation.slug)
    members = organisation.memberships.select_related("user").order_by("user__full_name", "role")
    return render(
        request,
        "organisations/members.html",
        {"organisation": organisation, "members": members, "form": form, "assignable": set(roles)},
    )
