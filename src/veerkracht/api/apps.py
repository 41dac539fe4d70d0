from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "veerkracht.api"
    verbose_name = _("API")

    def ready(self) -> None:
        # Celery tasks and the hourly removal of old idempotent answers
        from veerkracht.api import receivers, tasks  # noqa: F401

        receivers.connect(self)

        from veerkracht.api import models, throttles
        from veerkracht.core import response_cache

        # an anonymous caller's answer holds public data only, the same for every anonymous caller;
        # a kept answer is still counted against the caller's rate limit
        response_cache.register_public_prefix("/api/v1/")
        response_cache.register_gate(
            "/api/v1/", throttles.anonymous_within_rate, keys=throttles.anonymous_rate_keys
        )
        response_cache.register_volatile(
            models.ApiKey._meta.db_table,  # its last use, written by every call with a key
            models.IdempotentRequest._meta.db_table,
            models.TeamFormationJob._meta.db_table,
        )
