"""Governance on the home page: for a bestuurder a link to the board's overview, for a raadslid to the
council's page, each with the number of open escalations and of decisions waiting for the board."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from veerkracht.core.dashboard import Panel, register
from veerkracht.governance import overview


@register
def governance_panel(user: Any) -> Panel | None:
    if not getattr(user, "is_authenticated", False):
        return None
    board = overview.board_municipalities(user)
    council = [m for m in overview.council_municipalities(user) if m not in board]
    if not board and not council:
        return None
    links = []
    if board:
        escalations, waiting = overview.waiting_counts(board)
        index = reverse("governance:index")
        for m in board:
            url = index if len(board) == 1 else f"{index}?gemeente={m.slug}"
            links.append({"url": url, "text": _("Board overview: %(m)s") % {"m": m.name}})
    else:
        escalations, waiting = overview.waiting_counts(council)
    for m in council:
        links.append(
            {
                "url": reverse("governance:council", args=[m.slug]),
                "text": _("Council page: %(m)s") % {"m": m.name},
            }
        )
    return Panel(
        key="governance",
        title=_("Governance"),
        template="governance/board_panel.html",
        context={"links": links, "escalations": escalations, "waiting": waiting, "board": bool(board)},
        order=6,
    )
