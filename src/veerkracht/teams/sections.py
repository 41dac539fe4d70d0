"""Sections other apps add to a team's page, so that teams imports none of them::

    from veerkracht.teams.sections import register_team_section

    def key_results(request, team):
        return render_to_string("resources/_team_results.html", {...}, request=request)  # or None

    register_team_section(key_results)  # in the app's AppConfig.ready

See :mod:`veerkracht.core.sections` for what a section must do.
"""

from __future__ import annotations

from veerkracht.core.sections import PageSections

_TEAM_PAGE = PageSections()
register_team_section = _TEAM_PAGE.register
render_team_sections = _TEAM_PAGE.render
