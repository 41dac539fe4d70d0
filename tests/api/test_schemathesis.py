"""The API keeps the contract of docs/openapi.yaml, checked by schemathesis against the running
application (its WSGI handler, with every middleware): for every operation of the document it sends
generated requests, valid and invalid, with an API key (and, for the computations, as a logged-in
coordinator) and checks every answer:

- no 5xx;
- the status code, content type and body are the ones the document names for the operation, the body
  also with closed objects (no property the document does not name, as tests/api/schema.py checks);
- every answer carries ``API-Version``.

A stateful run follows the document's links (a list to its first item, a started team-formation job
to the job). The examples are few and derandomized, so a run is quick and the same every time.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest
import schemathesis
import yaml
from django.core.wsgi import get_wsgi_application
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.helpers import login
from tests.api.keys import make_key
from tests.api.schema import DOCUMENT, response_schema
from tests.governance.objective_world import gw, make_objective  # noqa: F401 - fixture
from tests.organisations.factories import member
from veerkracht.organisations.models import Role

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_path(DOCUMENT)
# Explicit examples and generated cases (valid and invalid); the coverage phase sends hundreds of
# requests per operation, more than this suite can spend.
schema.config.phases.update(phases=["examples", "fuzzing", "stateful"])
# The callers authenticate themselves; no generated Authorization header or session cookie.
schema.config.generation.update(with_security_parameters=False)
APP = get_wsgi_application()
COMPUTATIONS = ("/teamvorming", "/monitor/")  # for people with a role only: also called as one
SETTINGS = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@schemathesis.check
def api_version_header(ctx: Any, response: Any, case: Any) -> bool:
    """Every answer, errors included, carries the API's full version (API-57)."""
    assert response.headers.get("api-version") == [schema.raw_schema["info"]["version"]], (
        f"API-Version is {response.headers.get('api-version')!r}"
    )
    return True


@schemathesis.check
def closed_objects_conformance(ctx: Any, response: Any, case: Any) -> bool:
    """The body matches the document with every object closed: a property the document does not
    name fails (schemathesis' own schema check lets unnamed properties pass)."""
    path = urlsplit(response.request.url).path
    content_type = (response.headers.get("content-type") or [""])[0]
    described = response_schema(case.method, path, response.status_code, content_type)
    if described is None or not response.content:
        return True
    validator = jsonschema.Draft7Validator(described, format_checker=jsonschema.FormatChecker())
    errors = [
        f"at {list(e.absolute_path)}: {e.message[:300]}" for e in validator.iter_errors(response.json())
    ]
    assert not errors, "the body does not match the document:\n" + "\n".join(errors[:10])
    return True


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    closed_objects_conformance,
    api_version_header,
]


class Callers:
    """The key every request is sent with, and a logged-in coordinator for the computations."""

    def __init__(self, key_secret: str, session: str, real: dict[str, dict[str, Any]]) -> None:
        self.real = real  # path start → path parameters of an existing object
        csrf = _get_new_csrf_string()
        self.key = {"headers": {"Authorization": f"Bearer {key_secret}"}}
        self.person = {
            "headers": {"X-CSRFToken": csrf},
            "cookies": {"sessionid": session, "csrftoken": csrf},
        }

    def for_case(self, case: Any) -> list[dict[str, Any]]:
        if case.path.startswith(COMPUTATIONS):
            return [self.key, self.person]
        return [self.key]


@pytest.fixture(autouse=True)
def _connection_kept_across_requests() -> Any:
    """The application is called as a server calls it, whose request signals close the database
    connection; Django's test client keeps it (the test's transaction lives on it), and so do we."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def callers(gw) -> Callers:  # noqa: F811
    _, secret = make_key(gw.veerdam)
    client = login(Client(), member(gw.veerdam, Role.COORDINATOR))
    objective = make_objective(gw.challenge)
    indicator = objective.indicators.get()
    real = {
        "/agendas/": {"slug": gw.agenda.slug},
        "/opgaven/": {"slug": gw.challenge.slug},
        "/indicatoren/": {"indicator_id": indicator.pk, "id": indicator.pk},
        "/doelen/": {"id": objective.pk},
    }
    return Callers(secret, client.cookies["sessionid"].value, real)


@schema.parametrize()
@SETTINGS
def test_every_operation_keeps_the_contract(case: Any, callers: Callers) -> None:
    for caller in callers.for_case(case):
        case.call_and_validate(app=APP, checks=CHECKS, **caller)
    # the same request once more at an object that exists (a generated id or slug rarely does)
    real = next((values for start, values in callers.real.items() if case.path.startswith(start)), None)
    if real:
        case.path_parameters = {**case.path_parameters, **real}
        for caller in callers.for_case(case):
            case.call_and_validate(app=APP, checks=CHECKS, **caller)


def test_links_are_followed_and_keep_the_contract(callers: Callers) -> None:
    class Machine(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            # the person where the computations are concerned (a key may not use them)
            return {"app": APP, **callers.for_case(case)[-1]}

        def validate_response(self, response: Any, case: Any, **kwargs: Any) -> None:
            case.validate_response(response, checks=CHECKS)

    run_state_machine_as_test(Machine, settings=settings(SETTINGS, max_examples=8, stateful_step_count=4))


def _document_operations() -> set[str]:
    paths = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))["paths"]
    methods = {"get", "put", "post", "patch", "delete", "head", "options", "trace"}
    return {
        f"{method.upper()} {path}" for path, item in paths.items() for method in item if method in methods
    }


def test_every_operation_of_the_document_is_tested(request: pytest.FixtureRequest) -> None:
    """A new endpoint is in the run above without a line here: the run takes the operations from
    the document, unfiltered."""
    expected = _document_operations()
    assert len(expected) >= 10
    generated = {operation.ok().label for operation in schema.get_all_operations()}
    assert generated == expected
    # and, when the whole module was collected, one test per operation
    name = test_every_operation_keeps_the_contract.__name__
    tested = {
        item.name.removeprefix(f"{name}[").removesuffix("]")
        for item in request.session.items
        if item.name.startswith(f"{name}[")
    }
    if tested:
        assert tested == expected
    # the links lead to operations of the document (the stateful run follows them)
    document = yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))
    ids = {op["operationId"] for item in document["paths"].values() for op in item.values()}
    links = [
        link
        for item in document["paths"].values()
        for operation in item.values()
        for response in operation["responses"].values()
        for link in response.get("links", {}).values()
    ]
    assert links and {link["operationId"] for link in links} <= ids


def _altered(change: Any) -> Any:
    """The application with ``change(status, headers, body)`` applied to its answers."""

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> None:
            captured.update(status=status, headers=headers)

        body = b"".join(APP(environ, capture))
        headers, body = change(captured["headers"], body)
        headers = [(name, value) for name, value in headers if name.lower() != "content-length"]
        start_response(captured["status"], [*headers, ("Content-Length", str(len(body)))])
        return [body]

    return app


def _failures(call: Any) -> str:
    """What the checks reported (empty when they passed)."""
    try:
        call()
    except BaseExceptionGroup as exc:  # schemathesis reports a group of failures
        return "\n".join(str(failure) for failure in getattr(exc, "exceptions", [exc]))
    return ""


def test_the_own_checks_fail_on_a_broken_answer(callers: Callers) -> None:
    """The checks of our own are not vacuous: an answer without API-Version, or with a property the
    document does not name, fails them (the second passes schemathesis' own schema check)."""
    import json

    case = schema["/organisaties"]["GET"].Case()
    ours = [closed_objects_conformance, api_version_header]
    without_version = _altered(lambda headers, body: ([h for h in headers if h[0] != "API-Version"], body))
    failed = _failures(lambda: case.call_and_validate(app=without_version, checks=ours, **callers.key))
    assert "api_version_header" in failed and "closed_objects_conformance" not in failed

    def extra_property(headers: list[tuple[str, str]], body: bytes) -> tuple[list[Any], bytes]:
        document = json.loads(body)
        document["results"][0]["secret"] = "x"
        return headers, json.dumps(document).encode()

    assert case.call(app=APP, **callers.key).json()["results"], "the world has organisations"
    with_extra = _altered(extra_property)
    own = _failures(
        lambda: case.call_and_validate(
            app=with_extra, checks=[response_schema_conformance], excluded_checks=ours, **callers.key
        )
    )
    assert own == ""
    failed = _failures(lambda: case.call_and_validate(app=with_extra, checks=ours, **callers.key))
    assert "closed_objects_conformance" in failed and "secret" in failed
