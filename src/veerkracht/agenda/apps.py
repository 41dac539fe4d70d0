from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "veerkracht.agenda"
    verbose_name = _("Agenda")

    def ready(self) -> None:
        from veerkracht.agenda import panels  # noqa: F401 - registers the home panel and hub step
        from veerkracht.core import parts

        parts.register(
            parts.Part(
                "a",
                "agenda",
                "agenda:index",
                _("Agenda"),
                _("Name the societal challenges and mobilise every relevant partner around them."),
                namespaces=("agenda",),
            )
        )
