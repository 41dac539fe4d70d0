from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "veerkracht.audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from veerkracht.audit import receivers  # noqa: F401 - connects the auth signals
