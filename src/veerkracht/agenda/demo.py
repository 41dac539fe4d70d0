"""Demo: Veerdam's own innovation agenda and Regio Lindenland's joint one, with challenges in every
lifecycle state, stakeholders, scores and histories. Idempotent: a second run changes nothing.

Later loaders (monitor, teams) find the challenges in ``ctx.objects["challenges"]`` (by slug) and
the agendas in ``ctx.objects["agendas"]``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils import timezone

from veerkracht.agenda import workflow
from veerkracht.agenda.models import (
    Agenda,
    Challenge,
    ChallengeTransition,
    Domain,
    Neighbourhood,
    Score,
    Stakeholder,
    SustainableDevelopmentGoal,
)
from veerkracht.agenda.workflow import Status
from veerkracht.core.demo import DemoContext

NEIGHBOURHOODS = {
    "gemeente-veerdam": ["De Vaart", "Rivierwijk", "Centrum", "Molenkamp", "Oosterpark", "Veerhuizen"],
    "gemeente-lindenwaard": ["Lindenwaard-Centrum", "Oosthoek", "Heikant"],
}

AGENDAS: list[dict[str, Any]] = [
    {
        "slug": "veerdam-2025-2028",
        "title": "Innovatieagenda Veerdam 2025–2028",
        "municipality": "gemeente-veerdam",
        "period": (dt.date(2025, 1, 1), dt.date(2028, 12, 31)),
        "description": (
            "<p>De maatschappelijke opgaven waar Veerdam de komende jaren samen met partners en inwoners "
            "aan werkt. Niet als extra takenpakket van de gemeente, maar als gezamenlijke opgave: wie kan "
            "wat bijdragen, en wie neemt welke rol?</p><p>De agenda is vastgesteld door het college en "
            "besproken met de gemeenteraad.</p>"
        ),
        "coordinators": ["coordinator"],
        "partners": [
            "woonstichting-veerdam",
            "welzijn-veerdam",
            "hogeschool-lindenland",
            "roc-rivierenland",
            "buurtcooperatie-de-vaart",
        ],
        "weights": (3, 3, 2, 2),
        # the signalled challenges, scored by 4 of 6 so far, are marked "below quorum"
        "quorum": 5,
        "published": True,
    },
    {
        "slug": "regio-lindenland-2025-2027",
        "title": "Gezamenlijke innovatieagenda Regio Lindenland 2025–2027",
        "region": True,
        "period": (dt.date(2025, 1, 1), dt.date(2027, 12, 31)),
        "description": (
            "<p>Veerdam en Lindenwaard pakken opgaven die niet ophouden bij de gemeentegrens samen aan, met "
            "de provincie, zorg- en kennisinstellingen, bedrijven en inwonersinitiatieven uit de regio.</p>"
        ),
        "coordinators": ["coordinator", "coordinator.lindenwaard"],
        "partners": [
            "zorggroep-de-linde",
            "ggd-lindenland",
            "provincie-rivierland",
            "energiecooperatie-veerdam-zon",
            "hogeschool-lindenland",
            "van-der-linden-bouw",
        ],
        "weights": (2, 3, 2, 3),
        "quorum": 4,
        "published": True,
    },
]

P = "<p>{}</p>"

# slug: fields; stakeholders are (organisation, role, interest, influence, contact person or "")
CHALLENGES: list[dict[str, Any]] = [
    {
        "slug": "transitie-sociaal-domein",
        "agenda": "veerdam-2025-2028",
        "title": "Transitie sociaal domein: van zorg naar meedoen",
        "domain": "sociaal-domein",
        "status": Status.IN_UITVOERING,
        "regisseur": "regisseur",
        "published": True,
        "neighbourhoods": ["De Vaart", "Rivierwijk"],
        "sdgs": [1, 3, 10],
        "money": (2_400_000, 350_000),
        "problem": P.format(
            "De uitgaven aan jeugdzorg en Wmo stijgen al jaren sneller dan het budget, terwijl inwoners "
            "zich niet beter geholpen voelen. Hulp is versnipperd over tientallen aanbieders; een gezin in "
            "De Vaart heeft gemiddeld vijf hulpverleners over de vloer."
        )
        + P.format(
            "De transitie is tot nu toe vooral een bezuinigingsoperatie geweest. Wat ontbreekt is een "
            "aanpak waarin inwoners, wijkteams, zorgaanbieders en corporatie samen kijken naar wat iemand "
            "nodig heeft om mee te doen."
        ),
        "ambition": P.format(
            "In 2028 werkt in De Vaart en Rivierwijk één wijkteam met één plan per huishouden, is het "
            "beroep op maatwerkvoorzieningen met 15% gedaald en zegt 70% van de inwoners mee te kunnen doen."
        ),
        "stakeholders": [
            ("gemeente-veerdam", "initiator", "high", "high", "coordinator"),
            ("welzijn-veerdam", "partner", "high", "high", "s.kok"),
            ("zorggroep-de-linde", "partner", "high", "medium", "w.schouten"),
            ("buurtcooperatie-de-vaart", "target_group", "high", "medium", "r.vermeulen"),
            ("hogeschool-lindenland", "knowledge", "medium", "low", "y.brouwer"),
            ("woonstichting-veerdam", "financier", "medium", "medium", "partnercontact"),
        ],
    },
    {
        "slug": "jeugdcriminaliteit-de-vaart",
        "agenda": "veerdam-2025-2028",
        "title": "Nieuwe aanpak jeugdcriminaliteit De Vaart",
        "domain": "veiligheid-jeugd",
        "status": Status.IN_METING,
        "regisseur": "l.smit",
        "published": False,
        "neighbourhoods": ["De Vaart"],
        "sdgs": [16],
        "money": (600_000, None),
        "problem": P.format(
            "In De Vaart is het aantal jongeren dat in aanraking komt met politie in twee jaar verdubbeld. "
            "Een kleine groep van ongeveer vijftien jongeren wordt geronseld voor drugskoeriersdiensten. "
            "Buurtbewoners voelen zich onveilig, ouders weten niet waar ze terecht kunnen."
        ),
        "ambition": P.format(
            "Jongeren in De Vaart hebben perspectief op school, werk en vrije tijd; de instroom in "
            "criminaliteit daalt en bewoners voelen zich weer veilig in hun wijk."
        ),
        "stakeholders": [
            ("gemeente-veerdam", "initiator", "high", "high", "r.bakker"),
            ("welzijn-veerdam", "partner", "high", "medium", "d.bulut"),
            ("ggd-lindenland", "knowledge", "medium", "medium", "z.benali"),
            ("roc-rivierenland", "partner", "medium", "medium", "c.maas"),
            ("buurtcooperatie-de-vaart", "target_group", "high", "low", "m.sahin"),
        ],
    },
    {
        "slug": "buurtbedrijf-rivierwijk",
        "agenda": "veerdam-2025-2028",
        "title": "Buurtbedrijf Rivierwijk",
        "domain": "arbeidsmarkt",
        "status": Status.TEAM_IN_VORMING,
        "regisseur": "l.smit",
        "published": True,
        "neighbourhoods": ["Rivierwijk"],
        "sdgs": [8, 10, 11],
        "money": (450_000, 200_000),
        "problem": P.format(
            "In Rivierwijk staan ruim 300 mensen langdurig langs de kant van de arbeidsmarkt, terwijl de "
            "corporatie, bouwbedrijven en zorg handen tekortkomen voor onderhoud, klussen en "
            "ondersteuning in de wijk."
        ),
        "ambition": P.format(
            "Een buurtbedrijf dat wijkbewoners werk en ontwikkeling biedt in onderhoud, groen, klussen en "
            "zorg, zelfstandig draait na drie jaar en 60 mensen een betaalde baan biedt."
        ),
        "stakeholders": [
            ("gemeente-veerdam", "initiator", "high", "high", "n.elidrissi"),
            ("woonstichting-veerdam", "financier", "high", "high", "m.peters"),
            ("van-der-linden-bouw", "partner", "medium", "medium", "m.hoekstra"),
            ("roc-rivierenland", "knowledge", "medium", "low", "c.maas"),
            ("welzijn-veerdam", "target_group", "high", "low", "s.kok"),
        ],
    },
    {
        "slug": "wijkbeheer-samen-met-bewoners",
        "agenda": "veerdam-2025-2028",
        "title": "Wijkbeheer samen met bewoners",
        "domain": "wijkbeheer",
        "status": Status.GEAGENDEERD,
        "regisseur": "",
        "published": True,
        "neighbourhoods": ["De Vaart", "Oosterpark"],
        "sdgs": [11],
        "money": (180_000, None),
        "problem": P.format(
            "Bewoners klagen over zwerfafval, kapotte speelplekken en trage meldingen, terwijl er in de "
            "wijk veel mensen zijn die zelf iets willen doen. Het beheer is nu volledig in handen van de "
            "gemeente en aannemers."
        ),
        "ambition": P.format(
            "Bewoners beheren samen met gemeente en corporatie hun eigen openbare ruimte, met een "
            "wijkbudget en korte lijnen."
        ),
        "stakeholders": [
            ("gemeente-veerdam", "initiator", "high", "high", "n.vandermeer"),
            ("buurtcooperatie-de-vaart", "partner", "high", "medium", "r.vermeulen"),
            ("woonstichting-veerdam", "partner", "medium", "high", "m.peters"),
        ],
    },
    {
        "slug": "energiearmoede-aanpakken",
        "agenda": "regio-lindenland-2025-2027",
        "title": "Energiearmoede aanpakken",
        "domain": "milieu-energie",
        "status": Status.IN_EVALUATIE,
        "regisseur": "t.boer",
        "published": True,
        "neighbourhoods": ["Molenkamp", "Oosthoek"],
        "sdgs": [1, 7, 13],
        "money": (1_200_000, 800_000),
        "problem": P.format(
            "Ruim 2.100 huishoudens in de regio besteden meer dan 10% van hun inkomen aan energie. Zij "
            "wonen vaak in slecht geïsoleerde huurwoningen en worden door de bestaande "
            "subsidieregelingen nauwelijks bereikt."
        ),
        "ambition": P.format(
            "Elk huishouden in energiearmoede krijgt binnen twee jaar bezoek van een energiecoach en een "
            "passende maatregel; de woonlasten dalen gemiddeld met € 40 per maand."
        ),
        "stakeholders": [
            ("energiecooperatie-veerdam-zon", "initiator", "high", "medium", "j.post"),
            ("van-der-linden-bouw", "partner", "medium", "medium", "m.hoekstra"),
            ("hogeschool-lindenland", "knowledge", "medium", "low", "f.dewit"),
            ("provincie-rivierland", "financier", "medium", "high", "c.timmermans"),
            ("woonstichting-veerdam", "partner", "high", "high", "partnercontact"),
        ],
    },
    {
        "slug": "laaggeletterdheid-en-werk",
        "agenda": "veerdam-2025-2028",
        "title": "Laaggeletterdheid en werk",
        "domain": "arbeidsmarkt",
        "status": Status.GESIGNALEERD,
        "regisseur": "",
        "published": False,
        "neighbourhoods": [],
        "sdgs": [4, 8],
        "money": (None, None),
        "problem": P.format(
            "Naar schatting 6.500 volwassen Veerdammers kunnen onvoldoende lezen en schrijven om mee te "
            "komen op hun werk. Werkgevers merken het pas bij veiligheidsinstructies of omscholing."
        ),
        "ambition": "",
        "stakeholders": [
            ("roc-rivierenland", "knowledge", "high", "medium", "p.vanleeuwen"),
            ("welzijn-veerdam", "partner", "medium", "low", "s.kok"),
        ],
    },
    {
        "slug": "eenzaamheid-onder-ouderen",
        "agenda": "regio-lindenland-2025-2027",
        "title": "Eenzaamheid onder ouderen",
        "domain": "zorg",
        "status": Status.AFGEROND,
        "regisseur": "t.boer",
        "published": True,
        "neighbourhoods": ["Heikant", "Veerhuizen"],
        "sdgs": [3],
        "money": (250_000, 40_000),
        "problem": P.format(
            "Een op de drie 75-plussers in de kernen voelt zich eenzaam. Na het sluiten van twee "
            "dorpshuizen en de bibliotheekbus zijn ontmoetingsplekken verdwenen."
        ),
        "ambition": P.format(
            "In elke kern een wekelijkse ontmoetingsplek gedragen door vrijwilligers, met de "
            "wijkverpleging als vindplaats."
        ),
        "stakeholders": [
            ("zorggroep-de-linde", "initiator", "high", "high", "w.schouten"),
            ("welzijn-veerdam", "partner", "high", "medium", "s.kok"),
            ("buurtcooperatie-de-vaart", "target_group", "medium", "low", "r.vermeulen"),
            ("hogeschool-lindenland", "knowledge", "low", "low", "y.brouwer"),
        ],
    },
    {
        "slug": "transformatie-winkelcentrum-molenkamp",
        "agenda": "veerdam-2025-2028",
        "title": "Transformatie leegstaand winkelcentrum Molenkamp",
        "domain": "wonen-vastgoed",
        "status": Status.GESTOPT,
        "regisseur": "l.smit",
        "published": False,
        "neighbourhoods": ["Molenkamp"],
        "sdgs": [11],
        "money": (3_000_000, 12_000_000),
        "problem": P.format(
            "Winkelcentrum Molenkamp staat voor 60% leeg. Tegelijk is er een tekort aan betaalbare "
            "woningen voor starters en ouderen."
        ),
        "ambition": P.format("Een levendig wijkhart met wonen, zorg en ontmoeting."),
        "stakeholders": [
            ("gemeente-veerdam", "initiator", "high", "medium", "l.smit"),
            ("woonstichting-veerdam", "partner", "medium", "high", "m.peters"),
            ("van-der-linden-bouw", "partner", "medium", "medium", "g.vanderlinden"),
        ],
        "stop_note": (
            "De eigenaar heeft het winkelcentrum verkocht aan een belegger die zelf herontwikkelt; de "
            "gemeente heeft geen grondpositie. De opgegane kennis gaat mee naar de woonvisie."
        ),
    },
    {
        "slug": "cultuurhuis-lindenwaard",
        "agenda": "regio-lindenland-2025-2027",
        "title": "Cultuurhuis als ontmoetingsplek in Lindenwaard",
        "domain": "cultuur",
        "lead": "gemeente-lindenwaard",
        "status": Status.GEAGENDEERD,
        "regisseur": "",
        "published": False,
        "neighbourhoods": ["Lindenwaard-Centrum"],
        "sdgs": [11],
        "money": (350_000, 50_000),
        "problem": P.format(
            "De bibliotheek, muziekschool en het dorpshuis van Lindenwaard zitten elk in een verouderd "
            "gebouw en hebben steeds minder bezoekers."
        ),
        "ambition": P.format("Eén cultuurhuis dat de hele week open is en door inwoners wordt meegerund."),
        "stakeholders": [
            ("gemeente-lindenwaard", "initiator", "high", "high", "t.dekker"),
            ("zorggroep-de-linde", "partner", "low", "low", "w.schouten"),
        ],
    },
    {
        "slug": "thuiszitters-terug-naar-school",
        "agenda": "veerdam-2025-2028",
        "title": "Thuiszitters terug naar school",
        "domain": "onderwijs",
        "status": Status.GESIGNALEERD,
        "regisseur": "",
        "published": False,
        "neighbourhoods": [],
        "sdgs": [4],
        "money": (None, None),
        "problem": P.format(
            "Ruim 40 leerplichtige kinderen in Veerdam gaan al langer dan drie maanden niet naar school, "
            "vaak door een combinatie van psychische problemen en een gebrek aan passend onderwijs."
        ),
        "ambition": "",
        "stakeholders": [],
    },
    {
        "slug": "zorg-dichtbij-in-de-kernen",
        "agenda": "regio-lindenland-2025-2027",
        "title": "Zorg dichtbij in de kernen van Lindenwaard",
        "domain": "zorg",
        "lead": "gemeente-lindenwaard",
        "status": Status.IN_METING,
        "regisseur": "t.boer",
        "published": True,
        "neighbourhoods": ["Oosthoek", "Heikant"],
        "sdgs": [3, 10],
        "money": (900_000, 150_000),
        "problem": P.format(
            "De huisartsenpost en twee apotheken in de kernen zijn gesloten. Ouderen moeten voor zorg naar "
            "Veerdam, terwijl het openbaar vervoer is afgeschaald."
        ),
        "ambition": P.format(
            "Basiszorg binnen tien minuten voor elke inwoner, met een zorgsteunpunt per kern."
        ),
        "stakeholders": [
            ("gemeente-lindenwaard", "initiator", "high", "high", "e.vos"),
            ("zorggroep-de-linde", "partner", "high", "high", "b.vandenberg"),
            ("ggd-lindenland", "knowledge", "medium", "medium", "e.vandijk"),
            ("provincie-rivierland", "financier", "low", "high", "c.timmermans"),
        ],
    },
]

SCORERS = {
    "veerdam-2025-2028": ["coordinator", "partnercontact", "h.willems", "s.kok", "y.brouwer", "r.vermeulen"],
    "regio-lindenland-2025-2027": [
        "coordinator",
        "coordinator.lindenwaard",
        "w.schouten",
        "e.vandijk",
        "c.timmermans",
        "j.post",
    ],
}

START = dt.datetime(2025, 2, 3, 10, 0, tzinfo=dt.UTC)


def _sync(model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]) -> Any:
    """get_or_create, then save only the fields that differ: a second run writes nothing."""
    obj = model.objects.filter(**lookup).first()  # type: ignore[attr-defined]
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


def _path_to(status: str) -> list[str]:
    if status == Status.GESTOPT:
        return [Status.GESIGNALEERD, Status.GEAGENDEERD, Status.GESTOPT]
    return list(workflow.MAIN_LINE[: workflow.MAIN_LINE.index(status) + 1])


NOTES: dict[str, str] = {
    Status.GEAGENDEERD: "Vastgesteld in het agendaoverleg met de partners.",
    Status.IN_METING: "Innovatiemonitor uitgezet onder alle betrokken organisaties.",
    Status.TEAM_IN_VORMING: "Monitor afgerond; het team wordt samengesteld uit de talentenpool.",
    Status.IN_UITVOERING: "Doelen en mandaat vastgesteld met het bestuur.",
    Status.IN_EVALUATIE: "Vervolgmeting gestart.",
    Status.AFGEROND: "Resultaten gedeeld in de leergemeenschap; aanpak geborgd in de reguliere organisatie.",
}


def load(ctx: DemoContext) -> None:
    orgs = ctx.objects["organisations"]
    users = ctx.objects["users"]
    region = ctx.objects["region"]

    for municipality, names in NEIGHBOURHOODS.items():
        for name in names:
            from django.utils.text import slugify

            _sync(Neighbourhood, {"municipality": orgs[municipality], "slug": slugify(name)}, {"name": name})
    hoods = {n.name: n for n in Neighbourhood.objects.all()}
    domains = {d.code: d for d in Domain.objects.all()}
    goals = {g.number: g for g in SustainableDevelopmentGoal.objects.all()}

    agendas: dict[str, Agenda] = {}
    for spec in AGENDAS:
        urgency, impact, feasibility, innovation = spec["weights"]
        agenda = _sync(
            Agenda,
            {"slug": spec["slug"]},
            {
                "title": spec["title"],
                "municipality": orgs[spec["municipality"]] if spec.get("municipality") else None,
                "region": region if spec.get("region") else None,
                "period_start": spec["period"][0],
                "period_end": spec["period"][1],
                "description": spec["description"],
                "published": spec["published"],
                "weight_urgency": urgency,
                "weight_impact": impact,
                "weight_feasibility": feasibility,
                "weight_innovation": innovation,
                "ranking_quorum": spec["quorum"],
            },
        )
        agenda.coordinators.set([users[u] for u in spec["coordinators"]])
        agenda.partners.set([orgs[o] for o in spec["partners"]])
        agendas[spec["slug"]] = agenda

    challenges: dict[str, Challenge] = {}
    for index, spec in enumerate(CHALLENGES):
        agenda = agendas[spec["agenda"]]
        lead = orgs[
            spec.get("lead") or (agenda.municipality.slug if agenda.municipality else "gemeente-veerdam")
        ]
        started = START + dt.timedelta(days=9 * index)
        public_money, private_money = spec["money"]
        challenge = _sync(
            Challenge,
            {"slug": spec["slug"]},
            {
                "agenda": agenda,
                "title": spec["title"],
                "problem": spec["problem"],
                "ambition": spec["ambition"],
                "domain": domains[spec["domain"]],
                "public_money": public_money,
                "private_money": private_money,
                "lead_municipality": lead,
                "regisseur": users[spec["regisseur"]] if spec["regisseur"] else None,
                "published": spec["published"],
                "status": spec["status"],
                "created_at": started,
            },
        )
        challenge.sdgs.set([goals[n] for n in spec["sdgs"]])
        challenge.neighbourhoods.set([hoods[n] for n in spec["neighbourhoods"]])
        for org, role, interest, influence, contact in spec["stakeholders"]:
            _sync(
                Stakeholder,
                {"challenge": challenge, "organisation": orgs[org]},
                {
                    "role": role,
                    "interest": interest,
                    "influence": influence,
                    "contact_person": users.get(contact) if contact else None,
                },
            )
        _history(challenge, spec, started, users)
        _scores(ctx, challenge, spec, users)
        challenges[spec["slug"]] = challenge

    ctx.objects.update(agendas=agendas, challenges=challenges, neighbourhoods=hoods)


def _history(challenge: Challenge, spec: dict[str, Any], started: dt.datetime, users: dict[str, Any]) -> None:
    if challenge.transitions.exists():
        return
    path = _path_to(spec["status"])
    at = started
    previous = ""
    coordinator = users["coordinator"]
    regisseur = users.get(spec["regisseur"]) if spec["regisseur"] else None
    for step in path:
        if step == Status.GESTOPT:
            note = spec.get("stop_note", "")
        else:
            note = NOTES.get(step, "") if previous else ""
        by = regisseur if regisseur and step in {Status.TEAM_IN_VORMING, Status.IN_EVALUATIE} else coordinator
        ChallengeTransition.objects.create(
            challenge=challenge, from_status=previous, to_status=step, by=by, note=note, at=at
        )
        previous = step
        at += dt.timedelta(days=47)
    assert at - dt.timedelta(days=47) <= timezone.now()


def _scores(ctx: DemoContext, challenge: Challenge, spec: dict[str, Any], users: dict[str, Any]) -> None:
    if spec["slug"] == "thuiszitters-terug-naar-school":
        return  # freshly signalled: nobody has scored yet
    rng = ctx.rng(f"scores:{spec['slug']}")
    base = {c: rng.randint(2, 5) for c in ("urgency", "impact", "feasibility", "innovation")}
    scorers = SCORERS[spec["agenda"]]
    # most people scored; in the signalled state, some have not yet
    count = len(scorers) - (2 if spec["status"] == Status.GESIGNALEERD else rng.randint(0, 1))
    for local in scorers[:count]:
        values = {c: max(1, min(5, v + rng.choice((-1, 0, 0, 1)))) for c, v in base.items()}
        _sync(Score, {"challenge": challenge, "scorer": users[local]}, values)
