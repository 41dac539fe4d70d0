"""An unreachable database answers a friendly 503 with Retry-After: pages in HTML (Dutch first, then
English, no traceback), the API as a problem document.

The database is made unreachable for real: the connection is pointed at a port nobody listens on
(PostgreSQL) or a file that cannot be opened (SQLite), so that Django's own connect fails as it does
when the database restarts. The test database's connection is put back afterwards.
"""

from __future__ import annotations

import socket
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client

from tests.organisations.factories import UserFactory
from veerkracht.core.unavailable import RETRY_AFTER_SECONDS


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the block ends: nobody listens there


@contextmanager
def unreachable(tmp_path):
    """The default connection, pointed at a database that cannot be reached."""
    kept_connection, kept_settings = connection.connection, connection.settings_dict.copy()
    connection.connection = None  # the open connection stays open, aside, for after the test
    if connection.vendor == "postgresql":
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
    else:
        connection.settings_dict["NAME"] = str(tmp_path / "no-such-directory" / "db.sqlite3")
    try:
        yield
    finally:
        connection.connection = None
        connection.settings_dict.clear()
        connection.settings_dict.update(kept_settings)
        connection.connection = kept_connection
        connection.needs_rollback = False


def assert_friendly_page(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert body.index("Veerkracht is even niet bereikbaar") < body.index(
        "Veerkracht is temporarily unavailable"
    )
    for leak in ("Traceback", "OperationalError", "InterfaceError", "psycopg", "sqlite", "5432"):
        assert leak not in body


def assert_problem(response, path: str) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"]
    problem = response.json()
    assert problem["status"] == 503
    assert problem["title"] == "Service unavailable"
    assert problem["instance"] == path
    assert "Traceback" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_page_whose_view_reads_the_database(tmp_path):
    with unreachable(tmp_path):
        assert_friendly_page(Client().get("/agenda/openbaar/een-agenda/"))


@pytest.mark.django_db(transaction=True)
def test_a_form_posted_while_the_database_is_away(tmp_path):
    with unreachable(tmp_path):
        # no CSRF check in the test client: the POST reaches the view, which needs the database
        assert_friendly_page(Client().post("/agenda/openbaar/een-agenda/", {"name": "x"}))


@pytest.mark.django_db(transaction=True)
def test_a_signed_in_visitor_whose_session_cannot_be_read(tmp_path):
    """The session is read by middleware before any view: the error handler answers for it."""
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    with unreachable(tmp_path):
        assert_friendly_page(client.get("/agenda/"))


@pytest.mark.django_db(transaction=True)
def test_the_api_answers_a_problem_document(tmp_path):
    with unreachable(tmp_path):
        path = "/api/v1/agendas/een-agenda"
        assert_problem(Client().get(path), path)


@pytest.mark.django_db(transaction=True)
def test_the_api_with_a_session_that_cannot_be_read(tmp_path):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    path = "/api/v1/agendas"
    with unreachable(tmp_path):
        assert_problem(client.get(path), path)


@pytest.mark.django_db(transaction=True)
def test_the_site_answers_again_once_the_database_is_back(tmp_path):
    with unreachable(tmp_path):
        assert Client().get("/agenda/openbaar/een-agenda/").status_code == 503
    assert Client().get("/agenda/openbaar/een-agenda/").status_code == 404
