from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlannedConfig(AppConfig):
    """The parts of the method that have no app of their own yet: each has an introduction page and a
    place in the navigation and the challenge hub. When a part's app is built, it registers the part
    itself (see ``veerkracht.core.parts``) and its entry and URL leave this app. Every part has its app
    now (part e: ``veerkracht.resources``), so this app registers nothing."""

    name = "veerkracht.planned"
    verbose_name = _("Parts still to come")
