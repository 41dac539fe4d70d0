"""The database cannot be reached: a friendly 503 instead of a server error.

When PostgreSQL restarts, fails over or is out of connections, Django raises ``OperationalError`` or
``InterfaceError`` on connecting (or on the first query over a connection the server closed). That is
not a bug in the page but a moment in which nothing can be read or saved: the visitor gets a 503
page (Dutch first, English second, no traceback) with ``Retry-After``, and nothing half-done is kept
(the request's transaction is rolled back with the connection).

Two ways in, both here: :class:`DatabaseUnavailableMiddleware` answers for views, and
``core.views.server_error`` (``handler500``) for the other middleware (sessions, the log-in). The
API answers with a problem document of its own (``api.middleware``), using :func:`is_unavailable`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
# Set on the 503 page so that a layer above (the API's middleware) knows what it is looking at.
MARK = "database_unavailable"


def is_unavailable(exception: BaseException | None) -> bool:
    """Whether ``exception`` means the database could not be reached (or dropped the connection)."""
    return isinstance(exception, OperationalError | InterfaceError)


def unavailable_page(request: HttpRequest, exception: BaseException) -> HttpResponse:
    """The 503 page: a static template, no context processors, nothing that needs the database."""
    logger.warning("Database unavailable at %s: %s", request.path, str(exception).strip()[:200])
    response = HttpResponse(loader.get_template("503.html").render({}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    setattr(response, MARK, True)
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_unavailable(exception):
            return None
        return unavailable_page(request, exception)
