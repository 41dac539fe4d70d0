"""Sections other apps add to a team's page, so that teams imports none of them::

    from veerkracht.teams.sections import register_team_section

    def key_results(request, team):
        return render_to_string("resources/_team_results.html", {...}, request=request)  # or None

    register_team_section(key_results)  # in the app's AppConfig.ready

A section decides itself what the viewer may see, returns its HTML (or None to show nothing) and runs
a bounded number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.safestring import SafeString, mark_safe

TeamSection = Callable[[Any, Any], "str | None"]
_SECTIONS: list[TeamSection] = []


def register_team_section(section: TeamSection) -> TeamSection:
    if section not in _SECTIONS:
        _SECTIONS.append(section)
    return section


def render_team_sections(request: Any, team: Any) -> list[SafeString]:
    """The registered sections' HTML for ``team``, in registration order (empty ones left out)."""
    if team is None:
        return []
    shown = (section(request, team) for section in _SECTIONS)
    return [mark_safe(html) for html in shown if html]  # noqa: S308 - rendered by the section's template
