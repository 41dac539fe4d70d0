from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "veerkracht.network"
    label = "network"
    verbose_name = _("Partner network")

    def ready(self) -> None:
        # the home panel, declared permissions, Celery tasks, the built-in edge sources
        from veerkracht.network import panels, rules, selectors, tasks  # noqa: F401

        selectors.register_builtin_sources()
