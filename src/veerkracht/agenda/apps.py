from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "veerkracht.agenda"
    verbose_name = _("Agenda")

    def ready(self) -> None:
        from veerkracht.agenda import panels  # noqa: F401 - registers the home panel and hub step
