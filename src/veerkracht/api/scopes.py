"""The resource groups of the API and the scopes a key can hold: ``<group>:read`` and ``<group>:write``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

RESOURCE_GROUPS = {
    "agendas": _("Agendas, challenges and their stakeholders"),
    "organisaties": _("Organisations"),
    "indicatoren": _("Indicators and their measurements"),
    "metingen": _("Monitor waves and their aggregated results"),
    "teams": _("Innovation teams"),
    "pilots": _("Pilots"),
    "lessen": _("Lessons of the learning community"),
    "doelen": _("Objectives and municipal goals"),
    "besluiten": _("Decision logs"),
    "participatie": _("Residents' ideas and co-creation sessions"),
    "middelen": _("Pledges in the resources ledger and their realisation"),
}
READ, WRITE = "read", "write"
SCOPES = [f"{group}:{access}" for group in RESOURCE_GROUPS for access in (READ, WRITE)]


def scope_label(scope: str) -> str:
    group, access = scope.split(":")
    what = RESOURCE_GROUPS[group]
    return str(
        _("read: %(what)s") % {"what": what} if access == READ else _("write: %(what)s") % {"what": what}
    )
