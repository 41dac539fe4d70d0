"""Pages of the analysis and the plan van aanpak: thin (permission, selector or service, render)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from veerkracht.agenda.models import Challenge
from veerkracht.core.forms import apply_validation_error
from veerkracht.core.permissions import can, require
from veerkracht.plans import generate, page, selectors, services
from veerkracht.plans.document import PLAN_SECTIONS
from veerkracht.plans.forms import GenerateForm, SectionTextForm
from veerkracht.plans.version_models import PlanVersion


def _challenge(request: HttpRequest, slug: str, perm: str) -> Challenge:
    challenge = (
        Challenge.objects.select_related("agenda", "agenda__municipality", "lead_municipality", "domain")
        .filter(slug=slug)
        .first()
    )
    if challenge is None:
        raise Http404
    require(request, perm, challenge, hide=True)
    return challenge


def _version(request: HttpRequest, slug: str, number: int) -> PlanVersion:
    challenge = _challenge(request, slug, "plans.view_plan")
    version = get_object_or_404(
        PlanVersion.objects.select_related("challenge", "created_by", "sent_to_board"),
        challenge=challenge,
        number=number,
    )
    version.challenge = challenge
    require(request, "plans.view_version", version, hide=True)
    return version


def _language() -> str:
    language = (get_language() or "nl")[:2]
    return language if language in services.LANGUAGES else "nl"


@login_required
@require_safe
def analysis(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = _challenge(request, slug, "plans.view_analysis")
    built = generate.analysis(challenge, user=request.user, language=_language())
    return render(
        request,
        "plans/analysis.html",
        {"challenge": challenge, "document": built.document, "sections": page.shown(built.document)},
    )


def _plan_page(request: HttpRequest, challenge: Challenge, version: PlanVersion | None) -> HttpResponse:
    document = selectors.document_of(version) if version is not None else None
    return render(
        request,
        "plans/plan.html",
        {
            "challenge": challenge,
            "version": version,
            "document": document,
            "sections": page.shown(document) if document is not None else [],
            "may_generate": can(request.user, "plans.generate", challenge),
            "may_edit": version is not None and can(request.user, "plans.edit_text", version),
            "may_send": version is not None and can(request.user, "plans.send_to_board", version),
            "may_export": version is not None and can(request.user, "plans.export_version", version),
            "may_analyse": can(request.user, "plans.view_analysis", challenge),
            "previous": selectors.previous_of(version, request.user) if version is not None else None,
            "generate_form": GenerateForm(initial={"language": _language()}),
        },
    )


@login_required
@require_safe
def plan(request: HttpRequest, slug: str) -> HttpResponse:
    """The latest version the person may see (the council: the latest sent to the board)."""
    challenge = _challenge(request, slug, "plans.view_plan")
    return _plan_page(request, challenge, selectors.latest_version(challenge, request.user))


@login_required
@require_safe
def version_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = _version(request, slug, number)
    return _plan_page(request, version.challenge, version)


@login_required
@require_safe
def versions(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = _challenge(request, slug, "plans.view_plan")
    return render(
        request,
        "plans/versions.html",
        {"challenge": challenge, "versions": list(selectors.versions_of(challenge, request.user))},
    )


@login_required
@require_safe
def comparison(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """What changed in version ``number`` since the version before it (or since ``?met=``)."""
    later = _version(request, slug, number)
    earlier: PlanVersion | None
    other = request.GET.get("met", "")
    if other.isdigit() and int(other) != number:
        earlier = _version(request, slug, int(other))
        if earlier.number > later.number:
            earlier, later = later, earlier
    else:
        earlier = selectors.previous_of(later, request.user)
    result = selectors.comparison_of(earlier, later) if earlier is not None else None
    return render(
        request,
        "plans/compare.html",
        {"challenge": later.challenge, "earlier": earlier, "later": later, "comparison": result},
    )


@login_required
@require_POST
def generate_version(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = _challenge(request, slug, "plans.view_plan")
    require(request, "plans.generate", challenge)
    form = GenerateForm(request.POST)
    language = form.cleaned_data["language"] if form.is_valid() else _language()
    version = services.generate_version(challenge=challenge, by=request.user, language=language)
    messages.success(request, _("Version %(number)s of the plan was generated.") % {"number": version.number})
    return redirect("plans:version", slug=challenge.slug, number=version.number)


@login_required
def section_edit(request: HttpRequest, slug: str, number: int, section: str) -> HttpResponse:
    version = _version(request, slug, number)
    if section not in PLAN_SECTIONS:
        raise Http404
    require(request, "plans.edit_text", version)
    document = selectors.document_of(version)
    shown = next((s for s in document.sections if s.key == section), None)
    if shown is None:
        raise Http404
    if request.method == "POST":
        form = SectionTextForm(request.POST)
        if form.is_valid():
            try:
                services.save_section_text(
                    version=version, section=section, text=form.cleaned_data["text"], by=request.user
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request, _("Your text for “%(section)s” was saved.") % {"section": shown.title}
                )
                url = reverse("plans:version", kwargs={"slug": slug, "number": number})
                return redirect(f"{url}#section-{section}")
    else:
        form = SectionTextForm(initial={"text": shown.own_text})
    return render(
        request,
        "plans/section_form.html",
        {
            "challenge": version.challenge,
            "version": version,
            "section": page.shown_section(shown),
            "form": form,
        },
    )


@login_required
@require_POST
def send_to_board(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    version = _version(request, slug, number)
    if not can(request.user, "plans.send_to_board", version):
        if version.is_sent:
            messages.info(request, _("This version has already been sent to the board."))
            return redirect("plans:version", slug=slug, number=number)
        require(request, "plans.send_to_board", version)
        raise PermissionDenied  # pragma: no cover - require raised
    try:
        services.mark_sent_to_board(version=version, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Version %(number)s was sent to the board; the decision is in the decision log.")
            % {"number": version.number},
        )
    return redirect("plans:version", slug=slug, number=number)
