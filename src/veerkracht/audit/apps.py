from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "veerkracht.audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from veerkracht.audit import receivers  # noqa: F401 - connects the auth signals
        from veerkracht.audit.models import AuditEvent
        from veerkracht.core import response_cache

        # written with every action (and some reads); no public answer reads the trail
        response_cache.register_volatile(AuditEvent._meta.db_table)
