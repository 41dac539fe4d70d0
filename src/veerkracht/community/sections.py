"""Sections other apps add to a community of practice's page, so that community imports none of them::

    from veerkracht.community.sections import register_community_section

    def sessions(request, cop):
        return render_to_string("participation/sessions/_cop_section.html", {...}, request=request)

    register_community_section(sessions)  # in the app's AppConfig.ready

See :mod:`veerkracht.core.sections` for what a section must do.
"""

from __future__ import annotations

from veerkracht.core.sections import PageSections

_COMMUNITY_PAGE = PageSections()
register_community_section = _COMMUNITY_PAGE.register
render_community_sections = _COMMUNITY_PAGE.render
