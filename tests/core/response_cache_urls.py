"""Pages declared public that may not be kept: one with a CSRF token, and three that read a volatile
table, in a plain SELECT, a UNION and a WITH (tests/core/test_response_cache.py)."""

from django.db import connection
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


@public_answer
def reads_the_mail_queue_in_a_union(request: HttpRequest) -> HttpResponse:
    waiting = OutgoingEmail.objects.order_by().values_list("pk")
    return HttpResponse(f"{len(waiting.union(waiting, all=True))} e-mails waiting")


@public_answer
def reads_the_mail_queue_with_with(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(f'WITH q AS (SELECT id FROM "{OutgoingEmail._meta.db_table}") SELECT count(*) FROM q')
        (count,) = cursor.fetchone()
    return HttpResponse(f"{count} e-mails waiting")


urlpatterns = [
    path("met-token/", with_token),
    path("wachtrij/", reads_the_mail_queue),
    path("wachtrij-union/", reads_the_mail_queue_in_a_union),
    path("wachtrij-with/", reads_the_mail_queue_with_with),
    path("", include("veerkracht.conf.urls")),
]
