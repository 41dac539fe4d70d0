"""Demo: the partner network of Regio Lindenland over three years (2024–2026).

The agenda's demo challenges all start in 2025. This loader adds what the region did before and
after: a regional challenge from 2024 (mantelzorg in de kernen, stopped when it went up in the
2025 challenge on care in the villages) and a new one signalled in 2026 (schulden), with three more
partner organisations and their stakeholder roles, and then
computes the region's network once (directly, not through the queue), so that the network page has
a result. Idempotent: natural keys, and an existing finished computation is kept.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from veerkracht.agenda.models import Agenda, Challenge, ChallengeTransition, Domain, Stakeholder
from veerkracht.agenda.workflow import MAIN_LINE, Status
from veerkracht.core.demo import DemoContext
from veerkracht.network import services
from veerkracht.network.models import JobStatus, NetworkJob, Scope
from veerkracht.organisations.models import Kind, Organisation, Region

P = "<p>{}</p>"

PARTNERS = [
    (
        "huisartsen-lindenland",
        "Huisartsencoöperatie Lindenland",
        Kind.MAATSCHAPPELIJK,
        "gemeente-lindenwaard",
        "Samenwerkende huisartsen in de kernen van Lindenwaard en Veerdam.",
    ),
    (
        "dorpsraad-oud-linden",
        "Dorpsraad Oud-Linden",
        Kind.INWONERSINITIATIEF,
        "gemeente-lindenwaard",
        "Bewoners van de kern Oud-Linden die meepraten met gemeente en partners.",
    ),
    (
        "schuldhulp-rivierenland",
        "Stichting Schuldhulpmaatje Rivierenland",
        Kind.MAATSCHAPPELIJK,
        "gemeente-veerdam",
        "Vrijwillige schuldhulpmaatjes, getraind en begeleid.",
    ),
]

CHALLENGES: list[dict[str, Any]] = [
    {
        "slug": "mantelzorg-in-de-kernen",
        "title": "Mantelzorgers in de kernen ontlasten",
        "domain": "zorg",
        "lead": "gemeente-lindenwaard",
        "status": Status.GESTOPT,
        "stop_note": "Opgegaan in de opgave Zorg dichtbij in de kernen van Lindenwaard.",
        "created": dt.datetime(2024, 3, 11, 9, 0, tzinfo=dt.UTC),
        "problem": "Mantelzorgers in de kleine kernen raken overbelast; respijtzorg is ver weg en onbekend.",
        "stakeholders": [
            ("gemeente-lindenwaard", "initiator"),
            ("zorggroep-de-linde", "partner"),
            ("welzijn-veerdam", "partner"),
            ("huisartsen-lindenland", "partner"),
            ("ggd-lindenland", "knowledge"),
            ("dorpsraad-oud-linden", "target_group"),
        ],
    },
    {
        "slug": "schulden-vroeg-signaleren",
        "title": "Schulden eerder in beeld, samen met de partners",
        "domain": "arbeidsmarkt",
        "lead": "gemeente-veerdam",
        "status": Status.GESIGNALEERD,
        "created": dt.datetime(2026, 1, 19, 9, 0, tzinfo=dt.UTC),
        "problem": "Huishoudens met betalingsachterstanden komen pas in beeld als de schuld al groot is.",
        "stakeholders": [
            ("gemeente-veerdam", "initiator"),
            ("woonstichting-veerdam", "partner"),
            ("schuldhulp-rivierenland", "partner"),
            ("welzijn-veerdam", "partner"),
            ("buurtcooperatie-de-vaart", "target_group"),
            ("datawijs", "knowledge"),
        ],
    },
]


def _sync(model: Any, lookup: dict[str, Any], values: dict[str, Any]) -> Any:
    """get_or_create, then save only the fields that differ: a second run writes nothing."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.save()
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    return obj


def _path(status: str) -> list[str]:
    if status == Status.GESTOPT:
        return [Status.GESIGNALEERD, Status.GEAGENDEERD, Status.GESTOPT]
    return list(MAIN_LINE[: MAIN_LINE.index(status) + 1])


def load(ctx: DemoContext) -> None:
    orgs: dict[str, Organisation] = dict(ctx.objects.get("organisations", {}))
    for slug, name, kind, municipality, description in PARTNERS:
        orgs[slug] = _sync(
            Organisation,
            {"slug": slug},
            {
                "name": name,
                "kind": kind,
                "municipality": Organisation.objects.get(slug=municipality),
                "description": description,
            },
        )
    region = Region.objects.get(slug="regio-lindenland")
    agenda = Agenda.objects.get(slug="regio-lindenland-2025-2027")
    for spec in CHALLENGES:
        challenge = _sync(
            Challenge,
            {"slug": spec["slug"]},
            {
                "agenda": agenda,
                "title": spec["title"],
                "problem": P.format(spec["problem"]),
                "domain": Domain.objects.get(code=spec["domain"]),
                "lead_municipality": Organisation.objects.get(slug=spec["lead"]),
                "status": spec["status"],
                "published": True,
                "created_at": spec["created"],
            },
        )
        for slug, role in spec["stakeholders"]:
            organisation = orgs.get(slug) or Organisation.objects.get(slug=slug)
            _sync(Stakeholder, {"challenge": challenge, "organisation": organisation}, {"role": role})
        if not challenge.transitions.exists():
            at, previous = spec["created"], ""
            for step in _path(spec["status"]):
                ChallengeTransition.objects.create(
                    challenge=challenge, from_status=previous, to_status=step, at=at
                )
                previous, at = step, at + dt.timedelta(days=47)
    _compute(region)
    ctx.add_link("Het partnernetwerk van Regio Lindenland", f"/netwerk/{region.slug}/")


def _compute(region: Region) -> Any:
    done = NetworkJob.objects.filter(
        scope=Scope.REGION, region=region, year__isnull=True, status=JobStatus.DONE
    )
    if done.exists():
        return done.first()
    job = NetworkJob.objects.create(scope=Scope.REGION, region=region)
    services.network_compute(job.pk)
    return job
