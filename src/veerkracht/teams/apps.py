from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "veerkracht.teams"
    verbose_name = _("Teams")

    def ready(self) -> None:
        from veerkracht.core import parts
        from veerkracht.teams import panels  # noqa: F401 - hub step, home panel, team members as participants

        parts.register(
            parts.Part(
                "c",
                "samenwerken",
                "teams:index",
                _("Collaborate"),
                _(
                    "Form cross-organisation innovation teams from all local talent, led by an innovation director."  # noqa: E501
                ),
                namespaces=("teams",),
            )
        )
