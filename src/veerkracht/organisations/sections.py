"""Sections other apps add to an organisation's page, so that organisations imports none of them::

    from veerkracht.organisations.sections import register_organisation_section

    def key_results(request, organisation):
        return render_to_string("resources/_partner_results.html", {...}, request=request)  # or None

    register_organisation_section(key_results)  # in the app's AppConfig.ready

See :mod:`veerkracht.core.sections` for what a section must do.
"""

from __future__ import annotations

from veerkracht.core.sections import PageSections

_ORGANISATION_PAGE = PageSections()
register_organisation_section = _ORGANISATION_PAGE.register
render_organisation_sections = _ORGANISATION_PAGE.render
