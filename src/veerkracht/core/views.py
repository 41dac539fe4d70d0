from __future__ import annotations

import re
import sys
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from veerkracht.core import parts, unavailable
from veerkracht.core.dashboard import dashboard_for


def home(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {"parts": parts.all_parts()}
    if request.user.is_authenticated:
        context["dashboard"] = dashboard_for(request.user)
    return render(request, "core/home.html", context)


def theme_css(request: HttpRequest, colour: str) -> HttpResponse:
    """A municipality's theme colour as a stylesheet (styles come only from files: the
    Content-Security-Policy allows no inline style). ``colour`` is six hexadecimal digits."""
    if not re.fullmatch(r"[0-9a-fA-F]{6}", colour):
        raise Http404
    response = HttpResponse(
        f".veerkracht-theme{{--veerkracht-brand:#{colour.lower()};}}\n", content_type="text/css"
    )
    patch_cache_control(response, public=True, max_age=86_400)
    return response


def _health() -> dict[str, str]:
    """The machine-readable health of the installation: can the database answer?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any database failure means unhealthy
        return {"status": "error", "database": "error", "detail": type(exc).__name__}
    return {"status": "ok", "database": "ok"}


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    health = _health()
    return JsonResponse(health, status=200 if health["status"] == "ok" else 503)


def _wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


@never_cache
def status(request: HttpRequest) -> HttpResponse:
    """The system status for people (HTML, nl/en); the same JSON as /healthz with Accept: application/json."""
    health = _health()
    code = 200 if health["status"] == "ok" else 503
    if _wants_json(request):
        return JsonResponse(health, status=code)
    context: dict[str, Any] = {
        "database_ok": health["database"] == "ok",
        "queue": bool(settings.REDIS_URL),
        "waiting": None,
        "failed": None,
    }
    if not context["database_ok"]:
        # Without a database the context processors (user, session) cannot run either.
        return HttpResponse(loader.get_template("core/status.html").render(context), status=code)
    from veerkracht.core.models import EmailStatus, OutgoingEmail

    counts = dict(
        OutgoingEmail.objects.filter(status__in=[EmailStatus.QUEUED, EmailStatus.FAILED])
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    context["waiting"] = counts.get(EmailStatus.QUEUED, 0)
    context["failed"] = counts.get(EmailStatus.FAILED, 0)
    return render(request, "core/status.html", context, status=code)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def part_page(request: HttpRequest, *, key: str) -> HttpResponse:
    """Introduction page of a part of the method (for a part whose own app is not built yet, and for
    visitors who may not use a part's pages)."""
    return render(request, "core/part.html", {"part": parts.get(key)})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors and no database: whatever broke may break them too.
    exception = sys.exc_info()[1]
    if unavailable.is_unavailable(exception):
        assert exception is not None
        return unavailable.unavailable_page(request, exception)
    return HttpResponse(loader.get_template("500.html").render({}), status=500)
