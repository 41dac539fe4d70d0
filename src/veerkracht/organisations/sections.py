"""Sections other apps add to an organisation's page, so that organisations imports none of them::

    from veerkracht.organisations.sections import register_organisation_section

    def key_results(request, organisation):
        return render_to_string("resources/_partner_results.html", {...}, request=request)  # or None

    register_organisation_section(key_results)  # in the app's AppConfig.ready

A section decides itself what the viewer may see, returns its HTML (or None to show nothing) and runs
a bounded number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.safestring import SafeString, mark_safe

OrganisationSection = Callable[[Any, Any], "str | None"]
_SECTIONS: list[OrganisationSection] = []


def register_organisation_section(section: OrganisationSection) -> OrganisationSection:
    if section not in _SECTIONS:
        _SECTIONS.append(section)
    return section


def render_organisation_sections(request: Any, organisation: Any) -> list[SafeString]:
    """The registered sections' HTML for ``organisation``, in registration order (empty ones left out)."""
    if organisation is None:
        return []
    shown = (section(request, organisation) for section in _SECTIONS)
    return [mark_safe(html) for html in shown if html]  # noqa: S308 - rendered by the section's template
