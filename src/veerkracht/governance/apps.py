from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "veerkracht.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        from veerkracht.agenda.workflow import register_condition
        from veerkracht.core import parts

        # the hub's step, the home panel, signal receivers, declared permissions, Celery tasks
        from veerkracht.governance import hub_step, panels, receivers, rules, tasks, tasks_council  # noqa: F401
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
