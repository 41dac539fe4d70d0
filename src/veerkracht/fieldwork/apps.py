from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldworkConfig(AppConfig):
    name = "veerkracht.fieldwork"
    verbose_name = _("Monitor fieldwork")

    def ready(self) -> None:
        from veerkracht.core import parts, response_cache
        from veerkracht.fieldwork import (
            models,
            panels,  # noqa: F401 - registers the hub step and the home panel
            readings,  # noqa: F401 - the challenge reading other parts ask for
            receivers,  # noqa: F401 - background work on the fieldwork's signals
        )

        # respondents write these all day; no public answer reads them
        response_cache.register_volatile(
            *(
                model._meta.db_table
                for model in (
                    models.Invitation,
                    models.InvitationToken,
                    models.InvitationMessage,
                    models.Response,
                    models.Answer,
                    models.FacetAnswer,
                    models.BackgroundAnswer,
                    models.OpenAnswer,
                )
            )
        )

        # Part b, the innovatiemonitor, is the monitor app (the instrument, the scoring) and this one
        # (waves, survey, report); its pages are served from here.
        parts.register(
            parts.Part(
                "b",
                "monitor",
                "fieldwork:index",
                _("Monitor"),
                _("Measure the innovation capacity around a challenge before tackling it."),
                namespaces=("fieldwork",),
            )
        )
