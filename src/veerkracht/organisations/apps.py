from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "veerkracht.organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from veerkracht.accounts.models import SECOND_FACTOR_REQUIREMENTS

        if _sees_personal_data not in SECOND_FACTOR_REQUIREMENTS:
            SECOND_FACTOR_REQUIREMENTS.append(_sees_personal_data)


def _sees_personal_data(user: Any) -> bool:
    """Holders of a role that sees personal data (``Role.sees_personal_data``: beheerder, coordinator,
    regisseur, in any organisation) need a second factor."""
    from veerkracht.organisations.models import Role

    return bool(user.memberships.filter(role__in=Role.seeing_personal_data()).exists())
