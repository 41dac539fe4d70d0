from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "veerkracht.resources"
    label = "resources"
    verbose_name = _("Resources")

    def ready(self) -> None:
        from veerkracht.agenda.selectors import register_participation
        from veerkracht.core import parts
        from veerkracht.governance.usage import register_usage_source
        from veerkracht.network.sources import register_edge_source

        # key results: a section on the team page and on the partner's page
        from veerkracht.organisations.sections import register_organisation_section

        # the hub's step and the declared permissions
        from veerkracht.resources import hub_step, rules  # noqa: F401
        from veerkracht.resources.network_ties import pledge_ties
        from veerkracht.resources.results_views import partner_section, team_section
        from veerkracht.resources.selectors import ledger_usage, pledging_q
        from veerkracht.teams.sections import register_team_section

        register_team_section(team_section)
        register_organisation_section(partner_section)
        register_usage_source(ledger_usage)
        register_edge_source("pledges", pledge_ties)
        register_participation(pledging_q)
        parts.register(
            parts.Part(
                "e",
                "organiseren",
                "resources:index",
                _("Organise"),
                _("Pledge resources, work towards results and learn together across organisations."),
                namespaces=("resources",),
            )
        )
