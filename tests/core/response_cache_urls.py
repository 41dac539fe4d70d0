"""Two pages declared public that may not be kept: one with a CSRF token, one that reads a volatile
table (tests/core/test_response_cache.py)."""

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.urls import include, path

from veerkracht.core.models import OutgoingEmail
from veerkracht.core.response_cache import public_answer


@public_answer
def with_token(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')


@public_answer
def reads_the_mail_queue(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"{OutgoingEmail.objects.count()} e-mails waiting")


urlpatterns = [
    path("met-token/", with_token),
    path("wachtrij/", reads_the_mail_queue),
    path("", include("veerkracht.conf.urls")),
]
