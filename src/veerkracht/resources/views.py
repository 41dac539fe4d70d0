"""Pages of part e: the overview (``/organiseren/``), a challenge's ledger page with its forms, and a
partner's contribution statement (HTML and XLSX)."""

from __future__ import annotations

import contextlib
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from veerkracht.agenda.models import Challenge
from veerkracht.agenda.selectors import challenges_of
from veerkracht.core.forms import apply_validation_error
from veerkracht.core.permissions import can, require
from veerkracht.core.spreadsheets import sheet_append
from veerkracht.core.views import part_page
from veerkracht.organisations.models import Organisation
from veerkracht.resources import selectors, services
from veerkracht.resources.forms import (
    BookingForm,
    CorrectionForm,
    ImportForm,
    NeedEditForm,
    NeedForm,
    PledgeForm,
)
from veerkracht.resources.models import (
    ContributionStatement,
    HoursConsent,
    LedgerEntry,
    Need,
    Pledge,
    PledgeState,
)
from veerkracht.resources.rules import consenting, contact_organisations, prefetch_sharing, shares


def _challenge(request: HttpRequest, slug: str) -> Challenge:
    challenge = Challenge.objects.select_related("agenda", "regisseur").filter(slug=slug).first()
    if challenge is None:
        raise Http404
    require(request, "resources.view_challenge", challenge, hide=True)
    return challenge


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return part_page(request, key="organiseren")
    challenges = list(challenges_of(request.user).select_related("agenda").order_by("title"))
    if not challenges:
        return part_page(request, key="organiseren")
    prefetch_sharing(challenges)
    totals = selectors.kind_totals(c.pk for c in challenges)
    rows = [
        (c, selectors.kinds_of(totals.get(c.pk, {})), can(request.user, "resources.see_all_amounts", c))
        for c in challenges
    ]
    orgs = Organisation.objects.filter(pk__in=contact_organisations(request.user)).order_by("name")
    return render(request, "resources/index.html", {"rows": rows, "organisations": orgs})


def _page(request: HttpRequest, challenge: Challenge, **forms: Any) -> HttpResponse:
    user = request.user
    may_add = can(user, "resources.add_need", challenge)
    contact_of = contact_organisations(user)
    sums = selectors.pledge_sums([challenge.pk])  # read once for both
    rows = selectors.need_rows(challenge, user, sums=sums)
    context = {
        "challenge": challenge,
        "summary": selectors.summary(challenge, user, sums=sums),
        "needs": rows,
        "person_hours": selectors.person_hours(challenge, user),
        "sees_all": can(user, "resources.see_all_amounts", challenge),
        "may_add": may_add,
        "may_decide": can(user, "resources.decide_pledge", challenge),
        "may_pledge": bool(contact_of),
        "own": contact_of,
        "need_form": forms.get("need_form") or (NeedForm(challenge=challenge) if may_add else None),
        "may_change": can(user, "resources.change_need", challenge),
        "may_share": can(user, "resources.set_sharing", challenge),
        "shares": shares(challenge),
        "accepted": PledgeState.GEACCEPTEERD,
        "proposed": PledgeState.VOORGESTELD,
    }
    return render(request, "resources/challenge.html", context, status=400 if forms else 200)


@require_safe
def challenge_page(request: HttpRequest, slug: str) -> HttpResponse:
    return _page(request, _challenge(request, slug))


@login_required
@require_POST
def need_add(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = _challenge(request, slug)
    require(request, "resources.add_need", challenge)
    form = NeedForm(request.POST, challenge=challenge)
    if form.is_valid():
        try:
            services.need_add(challenge=challenge, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            return redirect("resources:challenge", slug=challenge.slug)
    return _page(request, challenge, need_form=form)


def _need(request: HttpRequest, pk: int) -> Need:
    need = get_object_or_404(Need.objects.select_related("challenge__agenda"), pk=pk)
    require(request, "resources.view_challenge", need.challenge, hide=True)
    return need


def _pledge(request: HttpRequest, pk: int) -> Pledge:
    pledge = get_object_or_404(
        Pledge.objects.select_related("need__challenge__agenda", "organisation"), pk=pk
    )
    require(request, "resources.view_challenge", pledge.need.challenge, hide=True)
    return pledge


@login_required
def pledge_make(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need(request, pk)
    form = PledgeForm(request.POST or None, user=request.user)
    if not form.fields["organisation"].queryset.exists():  # type: ignore[attr-defined]
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.pledge_make(need=need, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                return redirect("resources:challenge", slug=need.challenge.slug)
        status = 400
    return render(request, "resources/pledge_form.html", {"need": need, "form": form}, status=status)


@login_required
@require_POST
def pledge_decide(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = _pledge(request, pk)
    require(request, "resources.decide_pledge", pledge)
    decide = services.pledge_accept if request.POST.get("besluit") == "accepteren" else services.pledge_reject
    with contextlib.suppress(ValidationError):  # decided already (another tab): the page shows the state
        decide(pledge=pledge, by=request.user)
    return redirect("resources:challenge", slug=pledge.need.challenge.slug)


@login_required
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a need's terms (the regisseur or a coordinator); the old values are kept as its history."""
    need = _need(request, pk)
    require(request, "resources.change_need", need)
    initial = {f: getattr(need, f) for f in services.CHANGEABLE}
    form = NeedEditForm(request.POST or None, initial=initial, need=need)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.need_change(need=need, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                return redirect("resources:challenge", slug=need.challenge.slug)
        status = 400
    return render(request, "resources/need_form.html", {"need": need, "form": form}, status=status)


@login_required
@require_POST
def sharing(request: HttpRequest, slug: str) -> HttpResponse:
    """The regisseur shares (or stops sharing) every partner's amounts with the challenge's partners."""
    challenge = _challenge(request, slug)
    require(request, "resources.set_sharing", challenge)
    services.sharing_set(challenge=challenge, by=request.user, share=request.POST.get("delen") == "ja")
    return redirect("resources:challenge", slug=challenge.slug)


NEED_MOVES = {"sluiten": "need_close", "heropenen": "need_reopen", "intrekken": "need_withdraw"}


@login_required
@require_POST
def need_state(request: HttpRequest, pk: int) -> HttpResponse:
    need = _need(request, pk)
    require(request, "resources.change_need", need)
    move = NEED_MOVES.get(str(request.POST.get("actie", "")))
    if move is None:
        messages.error(request, _("Choose what to do with the need."))
    else:
        try:
            getattr(services, move)(need=need, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("resources:challenge", slug=need.challenge.slug)


@login_required
@require_POST
def pledge_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = _pledge(request, pk)
    require(request, "resources.withdraw_pledge", pledge)
    try:
        services.pledge_withdraw(pledge=pledge, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("resources:challenge", slug=pledge.need.challenge.slug)


@login_required
@require_POST
def pledge_end(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = _pledge(request, pk)
    require(request, "resources.end_pledge", pledge)
    try:
        services.pledge_end(pledge=pledge, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("resources:challenge", slug=pledge.need.challenge.slug)


@login_required
def book(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = _pledge(request, pk)
    if not (services.may_book(request.user, pledge, request.user)):
        raise PermissionDenied
    form = BookingForm(request.POST or None, organisation=pledge.organisation)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.realisation_book(pledge=pledge, by=request.user, **data)
            except ValidationError as error:
                apply_validation_error(form, error)
            except PermissionDenied:
                form.add_error("person", _("You may only book your own hours."))
            else:
                return redirect("resources:challenge", slug=pledge.need.challenge.slug)
        status = 400
    return render(request, "resources/book_form.html", {"pledge": pledge, "form": form}, status=status)


@login_required
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(
        LedgerEntry.objects.select_related(
            "pledge__need__challenge__agenda", "pledge__organisation", "person"
        ),
        pk=pk,
    )
    require(request, "resources.view_challenge", entry.pledge.need.challenge, hide=True)
    if not services.may_book(request.user, entry.pledge, entry.person):
        raise PermissionDenied
    form = CorrectionForm(request.POST or None, initial={"quantity": services.effective_quantity(entry)})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.realisation_correct(entry=entry, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                if can(request.user, "resources.view_contribution", entry.pledge.organisation):
                    return redirect("resources:contribution", slug=entry.pledge.organisation.slug)
                return redirect("resources:challenge", slug=entry.pledge.need.challenge.slug)
        status = 400
    return render(request, "resources/correct_form.html", {"entry": entry, "form": form}, status=status)


def _organisation(request: HttpRequest, slug: str, perm: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    require(request, perm, organisation, hide=True)
    return organisation


@login_required
def import_file(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, "resources.act_for")
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                services.realisation_import(
                    organisation=organisation, by=request.user, name=upload.name, content=upload.read()
                )
            except services.ImportRefused as refused:
                problems = [str(p) for p in refused.problems]
            except PermissionDenied:
                problems = [_("You may not book on these pledges.")]
            else:
                return redirect("resources:contribution", slug=organisation.slug)
        status = 400
    return render(
        request,
        "resources/import.html",
        {"organisation": organisation, "form": form, "problems": problems},
        status=status,
    )


def _entries(organisation: Organisation, user: Any) -> list[tuple[LedgerEntry, bool]]:
    """The organisation's bookings; whose hours they are is shown as ``resources.view_person_hours``
    says (the person, the regisseur, a contact only with the person's consent), in bounded queries."""
    entries = (
        LedgerEntry.objects.filter(pledge__organisation=organisation)
        .select_related("pledge__need__challenge", "person", "booked_by", "corrects")
        .order_by("-booked_at", "-pk")
    )
    consented = consenting(contact_organisations(user) & {organisation.pk})
    return [
        (
            e,
            e.person_id == user.pk
            or e.pledge.need.challenge.regisseur_id == user.pk
            or (e.person_id, organisation.pk) in consented,
        )
        for e in entries
    ]


@require_safe
@login_required
def contribution(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, "resources.view_contribution")
    rows = selectors.contribution(organisation)
    return render(
        request,
        "resources/contribution.html",
        {
            "organisation": organisation,
            "rows": rows,
            "totals": selectors.contribution_totals(organisation),
            "challenges": selectors.contribution_by_challenge(rows),
            "entries": _entries(organisation, request.user),
            "may_act": can(request.user, "resources.act_for", organisation),
            "statement": _statement(organisation, request),
        },
    )


def _language(request: HttpRequest) -> str:
    return "en" if str(getattr(request, "LANGUAGE_CODE", "nl")).startswith("en") else "nl"


def _statement(organisation: Organisation, request: HttpRequest) -> ContributionStatement | None:
    return ContributionStatement.objects.filter(
        organisation=organisation, language=_language(request)
    ).first()


@login_required
@require_POST
def contribution_pdf_request(request: HttpRequest, slug: str) -> HttpResponse:
    """Queue the contribution statement as a PDF (in the requester's language); the page shows progress."""
    organisation = _organisation(request, slug, "resources.view_contribution")
    services.statement_request(organisation=organisation, by=request.user, language=_language(request))
    return redirect("resources:contribution", slug=organisation.slug)


@require_safe
@login_required
def contribution_pdf(request: HttpRequest, slug: str) -> FileResponse:
    organisation = _organisation(request, slug, "resources.view_contribution")
    statement = _statement(organisation, request)
    if statement is None or not statement.pdf:
        raise Http404
    return FileResponse(
        statement.pdf.open("rb"),
        content_type="application/pdf",
        filename=f"bijdrage-{organisation.slug}-{statement.language}.pdf",
        as_attachment=True,
    )


@require_safe
@login_required
def contribution_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    from openpyxl import Workbook

    organisation = _organisation(request, slug, "resources.view_contribution")
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook has a sheet
    sheet.title = _("Contribution")[:31]
    sheet_append(sheet, [_("Contribution of %(org)s") % {"org": organisation.name}])
    sheet_append(
        sheet,
        [
            _("Challenge"),
            _("Need"),
            _("Kind"),
            _("Unit"),
            _("State"),
            _("Pledged"),
            _("Delivered"),
            _("Behind"),
        ],
    )
    for row in selectors.contribution(organisation):
        sheet_append(
            sheet,
            [
                row.challenge.title,
                row.need.description,
                row.need.get_kind_display(),
                row.need.unit,
                row.pledge.get_state_display(),
                row.pledge.quantity,
                row.delivered,
                row.behind,
            ],
        )
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="bijdrage-{organisation.slug}.xlsx"'
    return response


# --- hours per person (with consent) ----------------------------------------------------------------


@require_safe
@login_required
def my_hours(request: HttpRequest) -> HttpResponse:
    """The person's own hours statement, and their consent per organisation."""
    user = request.user
    consents = {c.organisation_id: c for c in HoursConsent.objects.filter(person_id=user.pk)}
    organisations = (
        Organisation.objects.filter(
            Q(memberships__user=user) | Q(pk__in=[pk for pk, c in consents.items() if c.standing])
        )
        .distinct()
        .order_by("name")
    )
    return render(
        request,
        "resources/my_hours.html",
        {
            "statement": selectors.hours_statement(user),
            "organisations": [(o, consents.get(o.pk)) for o in organisations],
        },
    )


@login_required
@require_POST
def my_hours_consent(request: HttpRequest) -> HttpResponse:
    raw = str(request.POST.get("organisation", ""))
    if not raw.isdigit():
        raise Http404
    organisation = get_object_or_404(Organisation, pk=int(raw))
    if request.POST.get("action") == "withdraw":
        services.hours_consent_withdraw(person=request.user, organisation=organisation)
        messages.success(request, _("Your consent is withdrawn."))
    else:
        require(request, "resources.consent_hours", organisation, hide=True)
        services.hours_consent_give(person=request.user, organisation=organisation)
        messages.success(request, _("Your consent is recorded."))
    return redirect("resources:my_hours")


@require_safe
@login_required
def people_hours(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request, slug, "resources.view_people_hours")
    return render(
        request,
        "resources/people_hours.html",
        {"organisation": organisation, "people": selectors.consenting_people(organisation)},
    )


def _consent(request: HttpRequest, slug: str, person: int) -> HoursConsent:
    organisation = get_object_or_404(Organisation, slug=slug)
    consent = (
        HoursConsent.objects.select_related("person", "organisation")
        .filter(organisation=organisation, person_id=person)
        .first()
    )
    if consent is None:
        raise Http404
    require(request, "resources.view_hours_statement", consent, hide=True)
    return consent


@require_safe
@login_required
def person_statement(request: HttpRequest, slug: str, person: int) -> HttpResponse:
    consent = _consent(request, slug, person)
    return render(
        request,
        "resources/person_statement.html",
        {
            "consent": consent,
            "organisation": consent.organisation,
            "person": consent.person,
            "statement": selectors.hours_statement(consent.person, consent.organisation),
        },
    )


@require_safe
@login_required
def person_statement_xlsx(request: HttpRequest, slug: str, person: int) -> HttpResponse:
    from openpyxl import Workbook

    consent = _consent(request, slug, person)
    statement = selectors.hours_statement(consent.person, consent.organisation)
    name = str(consent.person.full_name or consent.person.email)
    book = Workbook()
    weeks = book.active
    assert weeks is not None  # noqa: S101 - a new workbook has a sheet
    weeks.title = _("Per week")[:31]
    sheet_append(weeks, [_("Hours of %(p)s for %(o)s") % {"p": name, "o": consent.organisation.name}])
    sheet_append(weeks, [_("Week (Monday)"), _("Hours")])
    for w in statement.weeks:
        sheet_append(weeks, [w.week, w.hours])
    sheet_append(weeks, [_("Total"), statement.total])
    per = book.create_sheet(_("Per challenge")[:31])
    sheet_append(per, [_("Challenge"), _("Innovation team"), _("Hours")])
    for c in statement.challenges:
        sheet_append(per, [c.challenge, _("yes") if c.for_team else _("no"), c.hours])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="uren-{consent.organisation.slug}-{consent.person_id}.xlsx"'
    )
    return response
