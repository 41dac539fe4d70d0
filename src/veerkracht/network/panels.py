"""The partner network on the home page: for coordinators, regisseurs and board members, a link to
the network of each of their municipalities, of each region those belong to, and the national one."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from veerkracht.core.dashboard import Panel, register
from veerkracht.network import selectors
from veerkracht.organisations.models import Organisation, Region


@register
def network_panel(user: Any) -> Panel | None:
    mine = selectors.network_municipalities(user)
    if not mine:
        return None
    owners: list[Organisation | Region] = [
        *Region.objects.filter(municipalities__in=mine).distinct().order_by("name"),
        *Organisation.objects.filter(pk__in=mine).order_by("name"),
    ]
    links = [
        {
            "url": reverse("network:network", args=[o.slug]),
            "text": _("Partner network: %(n)s") % {"n": o.name},
        }
        for o in owners
    ]
    links.append({"url": reverse("network:national"), "text": _("The national partner network")})
    return Panel(
        key="network",
        title=_("Partner network"),
        template="network/panel.html",
        context={"links": links},
        order=7,
    )
