from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "veerkracht.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from veerkracht.core import parts
        from veerkracht.governance import panels, rules, tasks_council  # noqa: F401 - home panel, permissions, tasks

        parts.register(
            parts.Part(
                "d",
                "besturen",
                "governance:index",
                _("Govern"),
                _("Agree objectives with the board, keep a decision log and embed the work democratically."),
                namespaces=("governance",),
            )
        )
