from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "veerkracht.participation"
    label = "participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        # challenge and agenda sections, permissions, Celery tasks, the daily schedules
        from veerkracht.participation import (  # noqa: F401
            panels,
            receivers,
            rules,
            session_receivers,
            tasks,
        )

        receivers.connect(self)
        session_receivers.connect(self)

        from veerkracht.community.sections import register_community_section
        from veerkracht.participation.session_panels import cop_sessions_section

        register_community_section(cop_sessions_section)
        # one's participation data in the export and delete of one's talent profile
        from veerkracht.participation import privacy
        from veerkracht.teams.personal_data import register_personal_data

        register_personal_data(
            "participation", export=privacy.participation_export, forget=privacy.participation_forget
        )
