from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "veerkracht.api"
    verbose_name = _("API")

    def ready(self) -> None:
        # Celery tasks and the hourly removal of old idempotent answers
        from veerkracht.api import receivers, tasks  # noqa: F401

        receivers.connect(self)
