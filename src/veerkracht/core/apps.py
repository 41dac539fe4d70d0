from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "veerkracht.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # The Celery application (broker, eager mode, task discovery) exists in every process that sets
        # up Django; the package no longer imports it eagerly (see veerkracht/__init__.py).
        import veerkracht.conf.celery  # noqa: F401
