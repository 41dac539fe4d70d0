"""The one pagination scheme of the API: ``page`` (from 1) and ``pageSize`` (1 to 100, default 20).

A page answers ``{"results": [...], "count": n, "page": p, "pageSize": s, "_links": {...}}`` with
``self``, ``first``, ``last`` and, where they exist, ``prev`` and ``next`` (HAL-style links, as the Dutch
API Design Rules show). A page past the last one is empty. Anything but a whole number in range is a
400 problem naming the parameter, never silently read as the default.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

PAGE = "page"
PAGE_SIZE = "pageSize"
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 10**6


def whole_number(request: Request, name: str, default: int, minimum: int, maximum: int) -> int:
    """The query parameter ``name`` as a whole number in [minimum, maximum]; else a 400 problem."""
    if name not in request.query_params:
        return default
    raw = request.query_params[name]
    reason = f"must be a whole number from {minimum} to {maximum}"
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:
        raise ValidationError({name: [reason]})
    value = int(raw)
    if not minimum <= value <= maximum:
        raise ValidationError({name: [reason]})
    return value


class PageNumberPagination(BasePagination):
    def paginate_queryset(self, queryset: QuerySet[Any], request: Request, view: Any = None) -> list[Any]:
        self.request = request
        self.page = whole_number(request, PAGE, 1, 1, MAX_PAGE)
        self.page_size = whole_number(request, PAGE_SIZE, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
        self.count = queryset.count()
        start = (self.page - 1) * self.page_size
        if start >= self.count:
            return []
        return self.rows(queryset, start, start + self.page_size)

    def rows(self, queryset: QuerySet[Any], start: int, stop: int) -> list[Any]:
        return list(queryset[start:stop])

    def _link(self, page: int) -> dict[str, str]:
        url = self.request.build_absolute_uri()
        url = replace_query_param(url, PAGE_SIZE, self.page_size)
        url = replace_query_param(url, PAGE, page) if page > 1 else remove_query_param(url, PAGE)
        return {"href": url}

    def get_paginated_response(self, data: Any) -> Response:
        last = max(1, -(-self.count // self.page_size))
        links = {"self": self._link(self.page), "first": self._link(1), "last": self._link(last)}
        if self.page > 1:
            links["prev"] = self._link(min(self.page - 1, last))
        if self.page < last:
            links["next"] = self._link(self.page + 1)
        return Response(
            {
                "_links": links,
                "count": self.count,
                "page": self.page,
                "pageSize": self.page_size,
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        href = {"href": {"type": "string", "format": "uri"}}
        link = {"type": "object", "properties": href, "required": ["href"]}
        return {
            "type": "object",
            "required": ["_links", "count", "page", "pageSize", "results"],
            "properties": {
                "_links": {
                    "type": "object",
                    "properties": dict.fromkeys(("self", "first", "last", "prev", "next"), link),
                    "required": ["self", "first", "last"],
                },
                "count": {"type": "integer", "minimum": 0, "description": "Number of items on all pages."},
                "page": {"type": "integer", "minimum": 1},
                "pageSize": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": PAGE,
                "required": False,
                "in": "query",
                "description": "The page, counted from 1. A page past the last one is empty.",
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
            },
            {
                "name": PAGE_SIZE,
                "required": False,
                "in": "query",
                "description": f"Items per page, 1 to {MAX_PAGE_SIZE}.",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_PAGE_SIZE,
                    "default": DEFAULT_PAGE_SIZE,
                },
            },
        ]


class KeysFirstPagination(PageNumberPagination):
    """The same pages, read in two steps: the page's primary keys (filtered and sorted on the table
    itself, without the joins of ``select_related``), then those rows with their joins. On a national
    table the database then sorts narrow rows instead of joining every row before it keeps a page;
    the answer is the same, for one query more."""

    def rows(self, queryset: QuerySet[Any], start: int, stop: int) -> list[Any]:
        keys = list(queryset.values_list("pk", flat=True)[start:stop])
        found = {row.pk: row for row in queryset.order_by().filter(pk__in=keys)}
        return [found[key] for key in keys if key in found]
