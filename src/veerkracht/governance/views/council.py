"""The council's page per municipality (raadsleden read; the board too), the council information
letters (the board writes and publishes them), their downloads, and the subscription to them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from veerkracht.core.permissions import require
from veerkracht.governance import overview
from veerkracht.governance.models import CouncilLetter, LetterState
from veerkracht.governance.services import council as services
from veerkracht.organisations.models import Kind, Organisation

DECISIONS_SHOWN = 20
PAGE_SIZE = 25  # challenges per page


class LetterForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=services.TITLE_MAX)
    period_start = forms.DateField(
        label=gettext_lazy("Period from"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    period_end = forms.DateField(
        label=gettext_lazy("Period until"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    board_text = forms.CharField(
        label=gettext_lazy("The board's own text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("Leave an empty line between paragraphs."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data


def _municipality(request: HttpRequest, slug: str) -> Organisation:
    """The municipality, when the person may read its council page (404 otherwise: they see nothing
    of another municipality)."""
    municipality = get_object_or_404(Organisation, slug=slug, kind=Kind.GEMEENTE)
    require(request, "governance.view_council", municipality, hide=True)
    return municipality


def _letter(request: HttpRequest, slug: str, pk: int) -> CouncilLetter:
    municipality = _municipality(request, slug)
    letter = get_object_or_404(
        CouncilLetter.objects.select_related("municipality"), pk=pk, municipality=municipality
    )
    if letter.state != LetterState.GEPUBLICEERD and not request.user.has_perm(
        "governance.write_letter", municipality
    ):
        raise Http404  # a draft is the board's until it is published
    return letter


@login_required
def council(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _municipality(request, slug)
    writer = request.user.has_perm("governance.write_letter", municipality)
    letters = CouncilLetter.objects.filter(municipality=municipality)
    if not writer:
        letters = letters.filter(state=LetterState.GEPUBLICEERD)
    data = overview.overview_for(municipality)
    return render(
        request,
        "governance/council.html",
        {
            "municipality": municipality,
            "overview": data,
            "page": Paginator(data.rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "decisions": overview.recent_public_decisions(municipality, DECISIONS_SHOWN),
            "letters": list(letters),
            "subscribed": services.is_subscribed(request.user, municipality),
            "writer": writer,
            "texts": overview.row_texts(),
        },
    )


@login_required
@require_POST
def subscription(request: HttpRequest, slug: str) -> HttpResponse:
    """Subscribe to (or, with ``action=stop``, unsubscribe from) the e-mail per new letter: the one
    thing a council member changes, and only for themselves."""
    municipality = _municipality(request, slug)
    if request.POST.get("action") == "stop":
        services.unsubscribe(user=request.user, municipality=municipality)
        messages.success(request, _("You will no longer get an e-mail for new letters."))
    else:
        services.subscribe(user=request.user, municipality=municipality)
        messages.success(request, _("You will get an e-mail when a new letter is published."))
    return redirect("governance:council", slug=municipality.slug)


@login_required
def letter_new(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _municipality(request, slug)
    require(request, "governance.write_letter", municipality)
    form = LetterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            letter = services.letter_create(municipality=municipality, by=request.user, **form.cleaned_data)
        except services.LetterError as error:
            form.add_error(None, str(error))
        else:
            return redirect("governance:letter", slug=municipality.slug, pk=letter.pk)
    return render(request, "governance/letter_form.html", {"municipality": municipality, "form": form})


@login_required
def letter_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    letter = _letter(request, slug, pk)
    require(request, "governance.write_letter", letter.municipality)
    if letter.state != LetterState.CONCEPT:
        messages.error(request, _("A published letter is not changed; write a new one."))
        return redirect("governance:letter", slug=slug, pk=letter.pk)
    initial = {
        "title": letter.title,
        "period_start": letter.period_start,
        "period_end": letter.period_end,
        "board_text": letter.board_text,
    }
    form = LetterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_update(letter, by=request.user, **form.cleaned_data)
        except services.LetterError as error:
            form.add_error(None, str(error))
        else:
            return redirect("governance:letter", slug=slug, pk=letter.pk)
    return render(
        request,
        "governance/letter_form.html",
        {"municipality": letter.municipality, "form": form, "letter": letter},
    )


@login_required
def letter_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The letter's preview (a draft, for the board) or its published state, the rendering's progress
    and the downloads."""
    from veerkracht.governance import letters

    letter = _letter(request, slug, pk)
    context = letters.letter_context(letter)
    rows = [
        {"row": row, "sentences": [letters.status_sentence(o) for o in row.objectives]}
        for row in context["rows"]
    ]
    return render(
        request,
        "governance/letter.html",
        {
            **context,
            "preview_rows": rows,
            "rendering": services.rendering_state(letter),
            "writer": request.user.has_perm("governance.write_letter", letter.municipality),
            "verify_text": letters.verify_text(context),
        },
    )


@login_required
@require_POST
def letter_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    letter = _letter(request, slug, pk)
    require(request, "governance.write_letter", letter.municipality)
    try:
        services.letter_publish(letter, by=request.user)
    except services.LetterError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Published. The PDF and the Word document are being made."))
    return redirect("governance:letter", slug=slug, pk=letter.pk)


@login_required
@require_POST
def letter_render(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    letter = _letter(request, slug, pk)
    require(request, "governance.write_letter", letter.municipality)
    try:
        services.letter_render_again(letter, by=request.user)
    except services.LetterError as error:
        messages.error(request, str(error))
    return redirect("governance:letter", slug=slug, pk=letter.pk)


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@login_required
def letter_download(request: HttpRequest, slug: str, pk: int, kind: str) -> FileResponse:
    letter = _letter(request, slug, pk)
    file = getattr(letter, kind) if kind in CONTENT_TYPES else None
    if letter.state != LetterState.GEPUBLICEERD or not file:
        raise Http404
    name = f"raadsinformatiebrief-{letter.municipality.slug}-{letter.pk}.{kind}"
    return FileResponse(file.open("rb"), content_type=CONTENT_TYPES[kind], filename=name, as_attachment=True)


urlpatterns: list[URLPattern] = [
    path("raad/<slug:slug>/", council, name="council"),
    path("raad/<slug:slug>/abonnement/", subscription, name="council_subscription"),
    path("raad/<slug:slug>/brieven/nieuw/", letter_new, name="letter_new"),
    path("raad/<slug:slug>/brieven/<int:pk>/", letter_detail, name="letter"),
    path("raad/<slug:slug>/brieven/<int:pk>/wijzigen/", letter_edit, name="letter_edit"),
    path("raad/<slug:slug>/brieven/<int:pk>/publiceren/", letter_publish, name="letter_publish"),
    path("raad/<slug:slug>/brieven/<int:pk>/opnieuw-maken/", letter_render, name="letter_render"),
    path("raad/<slug:slug>/brieven/<int:pk>/<str:kind>/", letter_download, name="letter_download"),
]
