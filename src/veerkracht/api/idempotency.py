"""Idempotent writes: a POST sent with an ``Idempotency-Key`` header is carried out once per caller
and key. A retry with the same key and the same request gets the stored answer again (with
``Idempotent-Replayed: true``); the same key with a different request is a 422 problem. The write and
its stored answer commit together, so a retry racing the first request either waits for it and gets
its answer, or (if the first failed) carries out the write itself. Refused requests (4xx) are not
stored: they changed nothing, and the caller may correct them and send them again under the key."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.encoders import JSONEncoder

from veerkracht.api.models import ApiKey, IdempotentRequest
from veerkracht.audit.logger import log

HEADER = "Idempotency-Key"
MAX_LENGTH = 200

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    HEADER,
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    description="Any unique text (a UUID, say) of at most 200 characters. A retried request with the same "
    "key is carried out once and answered with the first answer; the same key with a different request "
    "is refused (422).",
)


class KeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "This Idempotency-Key was used before with a different request."
    default_code = "idempotency_key_reused"


def caller_of(request: Request) -> str:
    if isinstance(request.auth, ApiKey):
        return f"key:{request.auth.pk}"
    return f"user:{request.user.pk}"


def _fingerprint(request: Request) -> str:
    body = json.dumps(request.data, sort_keys=True, ensure_ascii=True, cls=JSONEncoder)
    return hashlib.sha256(f"{request.method}\n{request.get_full_path()}\n{body}".encode()).hexdigest()


def _replay(record: IdempotentRequest, fingerprint: str) -> Response:
    if record.fingerprint != fingerprint:
        raise KeyReused
    response = Response(json.loads(record.body) if record.body else None, status=record.status)
    if record.location:
        response["Location"] = record.location
    response["Idempotent-Replayed"] = "true"
    return response


def idempotent(request: Request, write: Callable[[], Response]) -> Response:
    """Carry out ``write`` once per caller and ``Idempotency-Key`` (every time without the header)."""
    key = request.headers.get(HEADER)
    if key is None:
        return write()
    if not key or len(key) > MAX_LENGTH or not key.isascii() or not key.isprintable():
        raise ValidationError({HEADER: [f"must be 1 to {MAX_LENGTH} printable ASCII characters"]})
    caller, fingerprint = caller_of(request), _fingerprint(request)
    earlier = IdempotentRequest.objects.filter(caller=caller, key=key).first()
    if earlier is not None:
        return _replay(earlier, fingerprint)
    try:
        with transaction.atomic():
            response = write()
            if response.status_code < 300:
                IdempotentRequest.objects.create(
                    caller=caller,
                    key=key,
                    fingerprint=fingerprint,
                    status=response.status_code,
                    body=json.dumps(response.data, cls=JSONEncoder),
                    location=response.get("Location", "")[:500],
                )
    except IntegrityError:
        earlier = IdempotentRequest.objects.filter(caller=caller, key=key).first()
        if earlier is None:
            raise
        return _replay(earlier, fingerprint)
    return response


def audit_write(request: Request, event: str, target: Any, details: dict[str, Any]) -> None:
    """Every write through the API is in the audit log, with the key that made it."""
    key = request.auth if isinstance(request.auth, ApiKey) else None
    details = {**details, "method": request.method, "path": request.path[:200]}
    if key is not None:
        details |= {"api_key": key.prefix, "organisation": key.organisation.slug}
        log(event, actor=None, actor_repr=f"API key {key.prefix}", target=target, details=details)
    else:
        log(event, actor=request.user, target=target, details=details)
