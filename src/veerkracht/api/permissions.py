"""What a caller may do with a resource group: a key needs the group's scope (``read`` for safe
methods, ``write`` for the rest); a person's session and anonymous callers are decided by the view's
other permissions and by the selectors."""

from __future__ import annotations

from typing import Any

from rest_framework import permissions
from rest_framework.request import Request

from veerkracht.api.models import ApiKey
from veerkracht.api.scopes import READ, WRITE


def scope_for(request: Request, view: Any) -> str:
    access = READ if request.method in permissions.SAFE_METHODS else WRITE
    return f"{view.resource_group}:{access}"


class HasScope(permissions.BasePermission):
    message = "The API key does not have the scope this needs."

    def has_permission(self, request: Request, view: Any) -> bool:
        if not isinstance(request.auth, ApiKey):
            return True
        return request.auth.allows(scope_for(request, view))


class KeyOrSession(permissions.BasePermission):
    """An API key or a logged-in person; anonymous callers get 401."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated)
