from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "veerkracht.teams"
    verbose_name = _("Teams")

    def ready(self) -> None:
        from veerkracht.teams import panels  # noqa: F401 - hub step, home panel, team members as participants
