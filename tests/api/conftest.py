from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.api.schema import check_request, check_response


class SchemaCheckedClient(Client):
    """A test client that checks every API response against docs/openapi.yaml, and every JSON body
    the API accepted."""

    def request(self, **request: Any) -> Any:
        body = request["wsgi.input"].read() if "wsgi.input" in request else b""
        if body:
            from django.test.client import FakePayload

            request["wsgi.input"] = FakePayload(body)
        response = super().request(**request)
        method, path = request["REQUEST_METHOD"], request["PATH_INFO"]
        check_response(method, path, response)
        if 200 <= response.status_code < 300:
            check_request(method, path, request.get("CONTENT_TYPE", ""), body)
        return response


@pytest.fixture
def client() -> SchemaCheckedClient:
    return SchemaCheckedClient()
