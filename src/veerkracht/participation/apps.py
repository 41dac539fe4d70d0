from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "veerkracht.participation"
    label = "participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        # challenge and agenda sections, permissions, Celery tasks, the daily digest's schedule
        from veerkracht.participation import panels, receivers, rules, tasks  # noqa: F401

        receivers.connect(self)
