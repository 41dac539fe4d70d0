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
        from veerkracht.plans import panels, rules, tasks  # noqa: F401 - challenge-page section, permissions, task
