from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """Pilots with their go/no-go, the analysis of the current situation and the plan van aanpak.

    The top of the method: it reads the agenda, the monitor, teams, governance, resources,
    participation and the learning community through their services; none of them imports it."""

    name = "veerkracht.plans"
    label = "plans"
    verbose_name = _("Pilots and plans")

    def ready(self) -> None:
        from veerkracht.agenda import hub
        from veerkracht.plans import panels, pilot_rules, rules, tasks  # noqa: F401
        from veerkracht.plans.pilot_panels import challenge_section, team_section
        from veerkracht.teams.sections import register_team_section

        # pilots on the challenge and team pages (the plan's own section registers in panels)
        hub.register_section(challenge_section)
        register_team_section(team_section)
