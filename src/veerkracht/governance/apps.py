from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "veerkracht.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from veerkracht.agenda.workflow import register_condition
        from veerkracht.core import parts
        from veerkracht.governance import receivers, rules  # noqa: F401 - signal receivers, permissions
        from veerkracht.governance.lifecycle import governance_condition

        register_condition(governance_condition)
        receivers.connect(self)
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
