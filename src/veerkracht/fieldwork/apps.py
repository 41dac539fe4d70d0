from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldworkConfig(AppConfig):
    name = "veerkracht.fieldwork"
    verbose_name = _("Monitor fieldwork")

    def ready(self) -> None:
        from veerkracht.fieldwork import panels  # noqa: F401 - registers the hub step and the home panel
