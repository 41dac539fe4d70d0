from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "veerkracht.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from veerkracht.conf import celery  # noqa: F401 - the Celery app exists before any task is used
        from veerkracht.core import response_cache

        connection_created.connect(response_cache.install, dispatch_uid="response-cache-watch-writes")
        from veerkracht.core.models import OutgoingEmail

        # the mail queue, and the log-in lock-out's counters (django-axes)
        response_cache.register_volatile(
            OutgoingEmail._meta.db_table, "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog"
        )
