from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "veerkracht.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from veerkracht.conf import celery  # noqa: F401 - the Celery app exists before any task is used
