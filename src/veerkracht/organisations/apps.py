from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "veerkracht.organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from veerkracht.accounts.models import SECOND_FACTOR_REQUIREMENTS

        if _is_beheerder not in SECOND_FACTOR_REQUIREMENTS:
            SECOND_FACTOR_REQUIREMENTS.append(_is_beheerder)


def _is_beheerder(user: Any) -> bool:
    """Administrators (beheerders) of any organisation need a second factor."""
    from veerkracht.organisations.models import Role

    return bool(user.memberships.filter(role=Role.BEHEERDER).exists())
