"""The five parts of the method, as the navigation and the challenge hub show them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Part:
    letter: str
    key: str
    url_name: str
    title: Promise
    summary: Promise


PARTS: tuple[Part, ...] = (
    Part(
        "a",
        "agenda",
        "agenda:index",
        _("Agenda"),
        _("Name the societal challenges and mobilise every relevant partner around them."),
    ),
    Part(
        "b",
        "monitor",
        "fieldwork:index",
        _("Monitor"),
        _("Measure the innovation capacity around a challenge before tackling it."),
    ),
    Part(
        "c",
        "samenwerken",
        "teams:index",
        _("Collaborate"),
        _("Form cross-organisation innovation teams from all local talent, led by an innovation director."),
    ),
    Part(
        "d",
        "besturen",
        "core:governance",
        _("Govern"),
        _("Agree objectives with the board, keep a decision log and embed the work democratically."),
    ),
    Part(
        "e",
        "organiseren",
        "core:organising",
        _("Organise"),
        _("Pledge resources, work towards results and learn together across organisations."),
    ),
)
