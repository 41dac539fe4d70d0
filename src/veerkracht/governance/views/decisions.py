"""The decision log's pages (docs/governance/decisions.md).

* ``besluiten/<municipality>/`` — the municipality's public log: every entry's number, time and place
  in the chain; the content of public entries; confidential entries redacted (digest only); the head
  hash; how to verify it. Readable by anyone, logged in or not.
* ``besluiten/<municipality>.json`` — the same log as the exported document (``export_decisions
  --public``), for ``veerkracht verify_decisions``.
* ``opgaven/<challenge>/besluiten/nieuw/`` — the board records a decision (``besluit``) or a correction
  (``correctie``) of an earlier entry of the same log by hand.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veerkracht.agenda.models import Challenge
from veerkracht.core.permissions import require
from veerkracht.governance import chain, selectors
from veerkracht.governance.models import DecisionKind
from veerkracht.governance.rules import municipalities_of
from veerkracht.governance.services.decisions import municipality_of, record_decision
from veerkracht.organisations.models import Membership, Role

PAGE_SIZE = 50


def decision_log(request: HttpRequest, slug: str) -> HttpResponse:
    """The municipality's public decision log (anyone may read it)."""
    municipality = selectors.municipality_or_404(slug)
    log_chain = selectors.chain_of(municipality)
    page = Paginator(selectors.log_queryset(municipality), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/decision_log.html",
        {
            "municipality": municipality,
            "head": log_chain.head if log_chain is not None and log_chain.length else None,
            "length": log_chain.length if log_chain is not None else 0,
            "page": page,
            "entries": selectors.log_entries(page.object_list),
            "json_url": reverse("governance:decision_log_json", args=[municipality.slug]),
        },
    )


def decision_log_json(request: HttpRequest, slug: str) -> HttpResponse:
    """The public export of the log: the document ``export_decisions --public`` prints."""
    municipality = selectors.municipality_or_404(slug)
    response = HttpResponse(
        selectors.log_document_text(municipality, public_only=True),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="besluiten-{municipality.slug}.json"'
    return response


# --- recording a decision by hand ------------------------------------------------------------------

YES_NO = [("ja", gettext_lazy("Public")), ("nee", gettext_lazy("Confidential"))]


class DecisionForm(forms.Form):
    """A decision the board records by hand: a free decision, or a correction of an earlier entry of
    the same log (``corrects`` is then that entry's number). Parsing only; the service writes."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[
            (DecisionKind.BESLUIT.value, DecisionKind.BESLUIT.label),
            (DecisionKind.CORRECTIE.value, DecisionKind.CORRECTIE.label),
        ],
        widget=forms.Select(attrs={"class": "utrecht-select"}),
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": "utrecht-textbox"}),
        error_messages={"required": gettext_lazy("Give the decision a title.")},
    )
    text = forms.CharField(
        label=gettext_lazy("Decision"),
        max_length=20000,
        widget=forms.Textarea(attrs={"class": "utrecht-textarea", "rows": 8}),
        help_text=gettext_lazy("What was decided, and why."),
        error_messages={"required": gettext_lazy("Write down what was decided.")},
    )
    public = forms.ChoiceField(
        label=gettext_lazy("Visibility"),
        choices=YES_NO,
        initial="ja",
        widget=forms.Select(attrs={"class": "utrecht-select"}),
        help_text=gettext_lazy(
            "A confidential entry is published without its content; its number, time and digest stay public."
        ),
    )
    refs = forms.CharField(
        label=gettext_lazy("References"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"class": "utrecht-textarea", "rows": 3}),
        help_text=gettext_lazy("One per line: documents, minutes, links."),
    )
    corrects = forms.IntegerField(
        label=gettext_lazy("Corrects entry number"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"class": "utrecht-textbox"}),
        help_text=gettext_lazy("Only for a correction: the number of the entry in this log it corrects."),
    )

    def __init__(self, *args: Any, log_length: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.log_length = log_length

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Give the decision a title."))
        return title

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write down what was decided."))
        return text

    def clean_refs(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["refs"].splitlines() if line.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, corrects = data.get("kind"), data.get("corrects")
        if kind == DecisionKind.CORRECTIE:
            if corrects is None and "corrects" not in self.errors:
                self.add_error("corrects", _("A correction names the number of the entry it corrects."))
            elif corrects is not None and corrects > self.log_length:
                self.add_error(
                    "corrects",
                    _("This log has no entry %(n)s (it has %(count)s entries).")
                    % {"n": corrects, "count": self.log_length},
                )
        elif kind == DecisionKind.BESLUIT and corrects is not None:
            self.add_error("corrects", _("Only a correction names an entry it corrects; leave this empty."))
        return data


def _challenge_for_board(request: HttpRequest, slug: str) -> Challenge:
    """The challenge, if the user may see its governance (else 404) and record decisions (else 403)."""
    challenge = (
        Challenge.objects.select_related("agenda__municipality", "lead_municipality")
        .filter(slug=slug)
        .first()
    )
    if challenge is None:
        raise Http404
    require(request, "governance.view_challenge", challenge, hide=True)
    require(request, "governance.record_decision", challenge)
    return challenge


def _capacity(user: Any, challenge: Challenge) -> tuple[str, Any]:
    """In what role, for which organisation, ``user`` decides about ``challenge``: their board seat in
    one of the challenge's municipalities (the log's own municipality first)."""
    municipality = municipality_of(challenge)
    seats = Membership.objects.filter(
        user=user, role=Role.BESTUURDER, organisation_id__in=municipalities_of(challenge)
    ).select_related("organisation")
    ordered = sorted(seats, key=lambda m: m.organisation_id != municipality.pk)
    if ordered:
        return Role.BESTUURDER.value, ordered[0].organisation
    return Role.BESTUURDER.value, municipality


@login_required
def decision_new(request: HttpRequest, slug: str) -> HttpResponse:
    challenge = _challenge_for_board(request, slug)
    municipality = municipality_of(challenge)
    log_chain = selectors.chain_of(municipality)
    length = log_chain.length if log_chain is not None else 0
    form = DecisionForm(request.POST or None, log_length=length)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        role, organisation = _capacity(request.user, challenge)
        try:
            record_decision(
                challenge=challenge,
                kind=data["kind"],
                title=data["title"],
                text=data["text"],
                by=request.user,
                role=role,
                organisation=organisation,
                public=data["public"] == "ja",
                refs=data["refs"],
                corrects=data["corrects"],
            )
        except chain.ContentError as exc:
            form.add_error(None, _("The decision was not recorded: %(problem)s") % {"problem": exc})
        else:
            messages.success(request, _("The decision has been recorded in the decision log."))
            return redirect("governance:decision_log", municipality.slug)
    return render(
        request,
        "governance/decision_new.html",
        {"challenge": challenge, "municipality": municipality, "form": form, "length": length},
        status=400 if request.method == "POST" else 200,
    )


urlpatterns: list[URLPattern] = [
    path("besluiten/<slug:slug>/", decision_log, name="decision_log"),
    path("besluiten/<slug:slug>.json", decision_log_json, name="decision_log_json"),
    path("opgaven/<slug:slug>/besluiten/nieuw/", decision_new, name="decision_new"),
]
