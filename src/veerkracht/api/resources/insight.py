"""API resources of this part (see the package's docstring)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
