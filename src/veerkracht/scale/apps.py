from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScaleConfig(AppConfig):
    """National-scale data for capacity work (``veerkracht generate_scale``).

    Sits on top of every part: it writes their tables in bulk, and nothing imports it."""

    name = "veerkracht.scale"
    label = "scale"
    verbose_name = _("National-scale data")
