"""The respondent's survey: no account, a personal link (/v/<token>/) or the open link of a
resident panel (/v/open/<key>/). One dimension a page, saved per page, resumable on any device."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache

from veerkracht.audit.logger import log
from veerkracht.audit.models import Result
from veerkracht.core.http import rate_limited
from veerkracht.fieldwork import services
from veerkracht.fieldwork.events import FieldworkEvent
from veerkracht.fieldwork.models import Invitation, Response, Wave
from veerkracht.fieldwork.structure import Page, Structure, pages_for, structure_of

OPEN_LINK_PER_HOUR = 30  # new open-link responses per address per hour


@dataclass
class Access:
    wave: Wave
    invitation: Invitation | None
    token: str = ""
    key: str = ""

    def url(self, name: str, *args: Any) -> str:
        if self.invitation is not None:
            return reverse(f"survey:{name}", args=[self.token, *args])
        return reverse(f"survey:open_{name}", args=[self.key, *args])


def _language(request: HttpRequest, access: Access, response: Response | None) -> str:
    offered = access.wave.offered_languages
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    for candidate in (
        request.POST.get("taal", "") if request.method == "POST" else request.GET.get("taal", ""),
        chosen,
        response.language if response else "",
        access.invitation.language if access.invitation else "",
    ):
        if candidate in offered:
            return candidate
    return offered[0]


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], language: str, status: int = 200
) -> HttpResponse:
    with translation.override(language):
        response = render(request, template, {**context, "survey_language": language}, status=status)
    response["Referrer-Policy"] = (
        "same-origin"  # the token never leaves the site; same-origin POSTs keep their Origin for CSRF
    )
    response["Content-Language"] = language
    response["X-Robots-Tag"] = "noindex"
    return response


def _closed(request: HttpRequest, access: Access | None, reason: str, language: str = "") -> HttpResponse:
    language = language or (access.invitation.language if access and access.invitation else "nl")
    status = 404 if reason == "unknown" else 200
    return _render(
        request,
        "fieldwork/survey/closed.html",
        {"reason": reason, "wave": access.wave if access else None},
        language,
        status,
    )


def _access_token(token: str) -> Access | None:
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return None
    return Access(wave=invitation.wave, invitation=invitation, token=token)


def _access_open(key: str) -> Access | None:
    wave = (
        Wave.objects.select_related("instrument", "challenge__lead_municipality")
        .filter(open_link_key=key, open_link=True)
        .first()
        if key
        else None
    )
    return Access(wave=wave, invitation=None, key=key) if wave else None


def _response(request: HttpRequest, access: Access, language: str, *, create: bool) -> Response | None:
    if access.invitation is not None:
        return services.response_for_invitation(
            invitation=access.invitation, language=language, create=create
        )
    return services.response_for_open_link(
        wave=access.wave, session=request.session, language=language, create=create
    )


def _pages(access: Access, response: Response | None, structure: Structure) -> list[Page]:
    short = bool(response.short_form) if response else access.invitation is None
    ask_group = not (access.invitation and access.invitation.group) and not (response and response.group)
    return pages_for(structure, short_form=short, ask_group=ask_group)


def _rate_limited(request: HttpRequest, wave: Wave) -> bool:
    """New open-link responses per client (behind trusted proxies: core.http.client_ip) per hour."""
    return rate_limited(request, f"fieldwork:open:{wave.pk}", limit=OPEN_LINK_PER_HOUR, period=3600)


def _start(request: HttpRequest, access: Access | None) -> HttpResponse:
    if access is None:
        return _closed(request, None, "unknown")
    try:
        response = _response(request, access, "nl", create=False)
        language = _language(request, access, response)
        if request.method == "POST":
            if response is None and access.invitation is None and _rate_limited(request, access.wave):
                log(
                    FieldworkEvent.OPEN_LINK_REFUSED,
                    target=access.wave,
                    request=request,
                    result=Result.DENIED,
                )
                return _render(
                    request,
                    "fieldwork/survey/closed.html",
                    {"reason": "busy", "wave": access.wave},
                    language,
                    429,
                )
            response = _response(request, access, language, create=True)
            assert response is not None
            services.response_set_language(response=response, language=language)
            pages = _pages(access, response, structure_of(access.wave.instrument))
            return redirect(access.url("page", min(response.page + 1, len(pages))))
    except services.SurveyClosed as closed:
        return _closed(request, access, closed.reason)
    structure = structure_of(access.wave.instrument)
    pages = _pages(access, response, structure)
    return _render(
        request,
        "fieldwork/survey/welcome.html",
        {
            "access": access,
            "wave": access.wave,
            "response": response,
            "pages": len(pages),
            "items": sum(len(p.items) for p in pages),
            "action": access.url("start"),
            "intro": dict(zip(("text", "language"), access.wave.intro_for(language), strict=True)),
        },
        language,
    )


def _page(request: HttpRequest, access: Access | None, number: int) -> HttpResponse:
    if access is None:
        return _closed(request, None, "unknown")
    try:
        response = _response(request, access, "nl", create=False)
    except services.SurveyClosed as closed:
        return _closed(request, access, closed.reason)
    if response is None:
        return redirect(access.url("start"))
    language = _language(request, access, response)
    structure = structure_of(access.wave.instrument)
    pages = _pages(access, response, structure)
    if not 1 <= number <= len(pages):
        raise Http404
    page = pages[number - 1]
    errors = None
    values: dict[str, str] = {}
    try:
        if request.method == "POST":
            action = request.POST.get("action", "next")
            if page.key == "summary":
                if action == "submit":
                    services.survey_submit(response=response, session=request.session)
                    return redirect(access.url("thanks"))
                return redirect(access.url("page", number - 1 if action == "previous" else number))
            with translation.override(language):
                errors = services.survey_save_page(
                    response=response,
                    page=page,
                    data=request.POST,
                    structure=structure,
                    number=number,
                    language=language,
                )
            if errors is None:
                target = number - 1 if action == "previous" else number + 1
                if action == "summary":
                    target = len(pages)
                return redirect(
                    access.url("page", max(1, min(target, len(pages))))
                    if target >= 1
                    else access.url("start")
                )
            values = errors.values
        else:
            values = services.page_values(response, page, structure)
    except services.SurveyClosed as closed:
        return _closed(request, access, closed.reason, language)
    context: dict[str, Any] = {
        "access": access,
        "wave": access.wave,
        "structure": structure,
        "page": page,
        "number": number,
        "total": len(pages),
        "percent": round((number - 1) / len(pages) * 100),
        "values": values,
        "errors": errors.messages if errors else [],
        "action": access.url("page", number),
        "previous_url": access.url("page", number - 1) if number > 1 else access.url("start"),
        "lang": language,
    }
    if page.key == "summary":
        context["summary"] = _summary(response, pages, structure, language, access)
    return _render(request, "fieldwork/survey/page.html", context, language, 400 if errors else 200)


def _summary(
    response: Response, pages: list[Page], structure: Structure, language: str, access: Access
) -> list[dict[str, Any]]:
    labels = {c.value: c.label(language) for c in (*structure.scale, *structure.missing)}
    out = []
    for n, page in enumerate(pages[:-1], start=1):
        values = services.page_values(response, page, structure)
        if page.key == "dimension":
            assert page.dimension is not None
            rows = [(i.text(language), labels.get(values.get(i.code, ""), "")) for i in page.items]
            title = page.dimension.name(language)
        elif page.key == "facets":
            rows = [(c.label(language), values.get(f"facet_{c.value}", "")) for _pk, c in structure.facets]
            title = "facets"
        elif page.key == "background":
            rows = []
            for q in page.questions:
                chosen = values.get(f"bg_{q.code}", "")
                rows.append(
                    (
                        q.text(language),
                        next((c.label(language) for _pk, c in q.options if c.value == chosen), ""),
                    )
                )
            title = "background"
        else:
            rows = [(q.text(language), values.get(f"open_{q.code}", "")) for q in page.questions]
            title = "open"
        out.append({"key": page.key, "title": title, "rows": rows, "url": access.url("page", n)})
    return out


def _thanks(request: HttpRequest, access: Access | None) -> HttpResponse:
    if access is None:
        return _closed(request, None, "unknown")
    language = _language(request, access, None)
    return _render(request, "fieldwork/survey/thanks.html", {"wave": access.wave}, language)


@never_cache
def start(request: HttpRequest, token: str) -> HttpResponse:
    return _start(request, _access_token(token))


@never_cache
def page(request: HttpRequest, token: str, number: int) -> HttpResponse:
    return _page(request, _access_token(token), number)


@never_cache
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    return _thanks(request, _access_token(token))


@never_cache
def open_start(request: HttpRequest, key: str) -> HttpResponse:
    return _start(request, _access_open(key))


@never_cache
def open_page(request: HttpRequest, key: str, number: int) -> HttpResponse:
    return _page(request, _access_open(key), number)


@never_cache
def open_thanks(request: HttpRequest, key: str) -> HttpResponse:
    return _thanks(request, _access_open(key))
