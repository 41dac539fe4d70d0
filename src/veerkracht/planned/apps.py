from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlannedConfig(AppConfig):
    """The parts of the method that have no app of their own yet: each has an introduction page and a
    place in the navigation and the challenge hub. When a part's app is built, it registers the part
    itself (see ``veerkracht.core.parts``) and its entry and URL leave this app."""

    name = "veerkracht.planned"
    verbose_name = _("Parts still to come")

    def ready(self) -> None:
        from veerkracht.core import parts

        parts.register(
            parts.Part(
                "e",
                "organiseren",
                "planned:organising",
                _("Organise"),
                _("Pledge resources, work towards results and learn together across organisations."),
                namespaces=("planned:organising",),
            )
        )
