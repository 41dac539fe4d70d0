"""Demo: lessons learned in Veerdam and Lindenwaard (some shared with the region, some with everyone,
one with the team only), their evidence, and a community of practice with members. Idempotent: a
lesson is found again by its title and municipality, the community by its slug."""

from __future__ import annotations

from typing import Any

from veerkracht.agenda.models import Domain
from veerkracht.community import services
from veerkracht.community.models import CommunityOfPractice, EvidenceLink, Lesson, MemberRole, Membership

# title, municipality, domain, size, neighbourhood, reach, challenge slug or "", author key, tried,
# outcome, evidence [(kind, url, reference, description)]
LESSONS: list[tuple[Any, ...]] = [
    (
        "Jongerenwerkers op straat in plaats van in het buurthuis",
        "gemeente-veerdam",
        "veiligheid-jeugd",
        "50-100k",
        "stedelijk",
        "regio",
        "jeugdcriminaliteit-de-vaart",
        "regisseur",
        "In De Vaart liepen twee jongerenwerkers drie avonden per week door de wijk en spraken jongeren "
        "aan op de plekken waar zij samenkomen, in plaats van te wachten tot ze naar het buurthuis kwamen.",
        "Na een half jaar kenden de jongerenwerkers ruim tachtig jongeren bij naam. Het aantal meldingen van "
        "overlast daalde, maar vooral doordat jongeren eerder hulp vroegen bij schulden en school.",
        [
            ("monitor_verandering", "", "Monitor De Vaart, meting 2", "Meer vertrouwen in het jongerenwerk"),
            ("pilot_uitkomst", "https://example.org/veerdam/straatwerk", "", "Eindverslag pilot straatwerk"),
        ],
    ),
    (
        "Een buurtbedrijf heeft een vaste opdrachtgever nodig",
        "gemeente-veerdam",
        "arbeidsmarkt",
        "50-100k",
        "stedelijk",
        "iedereen",
        "buurtbedrijf-rivierwijk",
        "coordinator",
        "Het buurtbedrijf in de Rivierwijk begon met losse klussen voor bewoners: schilderen, tuinen, "
        "kleine reparaties. Bewoners met afstand tot werk deden het werk onder begeleiding.",
        "Losse klussen gaven te weinig zekerheid. Pas toen de woonstichting het groenonderhoud voor drie "
        "jaar gunde, konden vijf bewoners een vast contract krijgen.",
        [("document", "https://example.org/veerdam/buurtbedrijf", "", "Businesscase buurtbedrijf")],
    ),
    (
        "Energiecoaches bereiken huurders beter via de huismeester",
        "gemeente-veerdam",
        "milieu-energie",
        "50-100k",
        "gemengd",
        "iedereen",
        "energiearmoede-aanpakken",
        "regisseur",
        "Vrijwillige energiecoaches boden een gratis huisbezoek aan. Eerst via een brief, daarna via de "
        "huismeester van de woonstichting, die huurders persoonlijk aansprak.",
        "De brief leverde vier procent aanmeldingen op, de huismeester ruim een kwart. Huishoudens "
        "bespaarden gemiddeld 180 euro per jaar op hun energierekening.",
        [
            (
                "indicator_verloop",
                "",
                "Indicator energiearmoede 2024-2026",
                "Aandeel huishoudens met hoge energiequote",
            )
        ],
    ),
    (
        "Teamafspraken: elke maandag kort afstemmen met de wijkagent",
        "gemeente-veerdam",
        "veiligheid-jeugd",
        "50-100k",
        "stedelijk",
        "team",
        "jeugdcriminaliteit-de-vaart",
        "teamlid",
        "Het team sprak af om elke maandag een kwartier met de wijkagent af te stemmen over signalen uit "
        "het weekend.",
        "Signalen kwamen sneller bij de juiste persoon. De afspraak houdt stand zolang iemand hem bewaakt.",
        [],
    ),
    (
        "Zorg in de kernen: spreekuur in het dorpshuis",
        "gemeente-lindenwaard",
        "zorg",
        "20-50k",
        "dorps",
        "regio",
        "",
        "regisseur",
        "In drie kernen hielden de wijkverpleging en de huisarts om de week een spreekuur in het dorpshuis, "
        "zodat oudere inwoners niet naar de stad hoefden te reizen.",
        "Ouderen kwamen eerder met klachten. De koffie na het spreekuur bleek even belangrijk: eenzame "
        "inwoners leerden elkaar kennen.",
        [("pilot_uitkomst", "", "Evaluatie spreekuren kernen 2025", "Bezoekersaantallen en ervaringen")],
    ),
    (
        "Laaggeletterdheid bespreekbaar via de werkgever",
        "gemeente-lindenwaard",
        "arbeidsmarkt",
        "20-50k",
        "gemengd",
        "iedereen",
        "",
        "regisseur",
        "Werkgevers in het bedrijventerrein boden taallessen aan onder werktijd, in de kantine, gegeven "
        "door vrijwilligers van de bibliotheek.",
        "Deelnemers durfden vaker te vragen om uitleg; twee werkgevers namen de lessen op in hun "
        "opleidingsbudget.",
        [
            (
                "document",
                "https://example.org/lindenwaard/taal-op-de-werkvloer",
                "",
                "Handreiking taal op de werkvloer",
            )
        ],
    ),
]

COP = {
    "slug": "jongeren-en-wijk",
    "theme": "Jongeren in de wijk",
    "description": "Jongerenwerkers, wijkagenten, beleidsmakers en jongeren uit de regio leren van elkaars "
    "aanpak: wat werkt op straat, wat in school, en hoe meet je of het helpt?",
}


def load(ctx: Any) -> None:
    orgs = ctx.objects.get("organisations", {})
    users = ctx.objects.get("users", {})
    challenges = ctx.objects.get("challenges", {})
    domains = {d.code: d for d in Domain.objects.all()}
    for (
        title,
        muni,
        domain,
        size,
        hood,
        reach,
        challenge_slug,
        author_key,
        tried,
        outcome,
        evidence,
    ) in LESSONS:
        municipality = orgs.get(muni)
        challenge = challenges.get(challenge_slug) if challenge_slug else None
        if municipality is None or domain not in domains or (reach == "team" and challenge is None):
            continue
        # a lesson of a challenge is written by someone who works on it: its regisseur
        author = (challenge.regisseur if challenge else None) or users.get(author_key)
        lesson = Lesson.objects.filter(title=title, municipality=municipality).first()
        if lesson is None:  # loading again changes nothing
            lesson = services.save_lesson(
                by=author,
                lesson=lesson,
                title=title,
                tried=tried,
                outcome=outcome,
                domain=domains[domain],
                municipality=municipality,
                size_band=size,
                neighbourhood_type=hood,
                visibility=reach,
                challenge=challenge,
            )
        for kind, url, reference, description in evidence:
            EvidenceLink.objects.get_or_create(
                lesson=lesson,
                kind=kind,
                description=description,
                defaults={"url": url, "reference": reference},
            )
    cop, _created = CommunityOfPractice.objects.update_or_create(
        slug=COP["slug"],
        defaults={
            "theme": COP["theme"],
            "description": COP["description"],
            "region": ctx.objects.get("region"),
        },
    )
    for key in ("regisseur", "teamlid", "coordinator"):
        user = users.get(key)
        if user is not None:
            services.join(user=user, cop=cop)
    # the regisseur started the community and runs its sessions
    if users.get("regisseur") is not None:
        Membership.objects.filter(cop=cop, user=users["regisseur"]).update(role=MemberRole.EIGENAAR)
    CommunityOfPractice.objects.update_or_create(
        slug="dorpen-zorg-dichtbij",
        defaults={
            "theme": "Zorg dichtbij in kleine kernen",
            "description": "Voor iedereen in Veerdam die zorg en ontmoeting in de dorpen organiseert.",
            "municipality": orgs.get("gemeente-veerdam"),
            "region": None,
        },
    )
    ctx.add_link("Lerende gemeenschap", "/gemeenschap/")
    ctx.add_link("Open data: gedeelde lessen", "/gemeenschap/lessen.json")
