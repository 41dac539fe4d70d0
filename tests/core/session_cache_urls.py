"""Pages for tests/core/test_session_cache.py: one that leaves a message for the next page, one
declared keepable per session that writes (as a page that logs who looked would), and one that
declares what it writes each time it is shown apart, and one that reads a volatile table (the sessions)
settled or not as asked."""

from django.contrib import messages
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path

from veerkracht.core.models import OutgoingEmail
from veerkracht.core.response_cache import session_answer, settled


def leave_a_message(request: HttpRequest) -> HttpResponse:
    messages.success(request, "Bericht voor de volgende pagina")
    return redirect(request.GET["next"])


@session_answer
def writes(request: HttpRequest) -> HttpResponse:
    OutgoingEmail.objects.create(
        key=f"gezien-{OutgoingEmail.objects.count()}",
        to=request.user.email,  # type: ignore[union-attr]
        subject="Gezien",
        body_text="Gezien",
    )
    return HttpResponse(f"{OutgoingEmail.objects.count()} e-mails")


def _record_seen(request: HttpRequest, number: int) -> None:
    OutgoingEmail.objects.create(
        key=f"bekeken-{number}-{OutgoingEmail.objects.count()}",
        to=request.user.email,  # type: ignore[union-attr]
        subject=f"Pagina {number} bekeken",
        body_text="Bekeken",
    )


@session_answer(each_time=_record_seen)
def records_each_view(request: HttpRequest, number: int) -> HttpResponse:
    if number == 0:
        return HttpResponse("niet gevonden", status=404)
    return HttpResponse(f"pagina {number}, {OutgoingEmail.objects.count()} e-mails toen gebouwd")


@session_answer
def counts_sessions(request: HttpRequest) -> HttpResponse:
    if request.GET.get("settled"):
        with settled():
            n = Session.objects.count()
    else:
        n = Session.objects.count()
    return HttpResponse(f"{n} sessies")


urlpatterns = [
    path("sessies/", counts_sessions),
    path("bekeken/<int:number>/", records_each_view),
    path("bericht/", leave_a_message),
    path("schrijft/", writes),
    path("", include("veerkracht.conf.urls")),
]
