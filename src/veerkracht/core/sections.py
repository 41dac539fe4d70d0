"""A registry of HTML sections that other apps add to a page, so that the page's app imports none of
them (the team page, an organisation's page). A section is a callable ``(request, obj)`` that decides
itself what the viewer may see and returns its HTML, or None to show nothing; it runs a bounded
number of queries. Sections are registered in the adding app's ``AppConfig.ready``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.safestring import SafeString, mark_safe

Section = Callable[[Any, Any], "str | None"]


class PageSections:
    def __init__(self) -> None:
        self._sections: list[Section] = []

    def register(self, section: Section) -> Section:
        if section not in self._sections:
            self._sections.append(section)
        return section

    def render(self, request: Any, obj: Any) -> list[SafeString]:
        """The registered sections' HTML for ``obj``, in registration order (empty ones left out)."""
        if obj is None:
            return []
        shown = (section(request, obj) for section in self._sections)
        return [mark_safe(html) for html in shown if html]  # noqa: S308 - rendered by the section's template
