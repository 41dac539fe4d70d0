from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "veerkracht.community"
    label = "community"
    verbose_name = _("Learning community")

    def ready(self) -> None:
        from veerkracht.community import panels, rules  # noqa: F401 - home panel, declared permissions
