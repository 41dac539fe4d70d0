from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "veerkracht.participation"
    label = "participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        from veerkracht.participation import (  # noqa: F401 - challenge section, permissions
            panels,
            rules,
            session_receivers,
        )

        session_receivers.connect(self)
