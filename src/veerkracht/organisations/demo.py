"""Demo: Gemeente Veerdam and Gemeente Lindenwaard in Regio Lindenland, their partners and people."""

from __future__ import annotations

from veerkracht.accounts.models import User
from veerkracht.core.demo import DEMO_PASSWORD, DemoContext
from veerkracht.organisations.models import Kind, Membership, Organisation, Region, Role

ORGANISATIONS: list[tuple[str, str, str, str | None, str]] = [
    # slug, name, kind, municipality slug, description
    (
        "gemeente-veerdam",
        "Gemeente Veerdam",
        Kind.GEMEENTE,
        None,
        "Middelgrote gemeente aan de rivier, ruim 58.000 inwoners, vijf wijken en twee kernen.",
    ),
    (
        "gemeente-lindenwaard",
        "Gemeente Lindenwaard",
        Kind.GEMEENTE,
        None,
        "Plattelandsgemeente met 23.000 inwoners in de regio Lindenland.",
    ),
    (
        "woonstichting-veerdam",
        "Woonstichting Veerdam Wonen",
        Kind.MAATSCHAPPELIJK,
        "gemeente-veerdam",
        "Woningcorporatie met 7.400 huurwoningen in Veerdam en Lindenwaard.",
    ),
    (
        "welzijn-veerdam",
        "Stichting Welzijn Veerdam",
        Kind.MAATSCHAPPELIJK,
        "gemeente-veerdam",
        "Welzijnswerk, jongerenwerk en mantelzorgondersteuning.",
    ),
    (
        "zorggroep-de-linde",
        "Zorggroep De Linde",
        Kind.MAATSCHAPPELIJK,
        "gemeente-lindenwaard",
        "Wijkverpleging, thuiszorg en twee verpleeghuizen.",
    ),
    (
        "hogeschool-lindenland",
        "Hogeschool Lindenland",
        Kind.KENNISINSTELLING,
        "gemeente-veerdam",
        "Hogeschool met lectoraten Sociale Innovatie en Energietransitie.",
    ),
    (
        "roc-rivierenland",
        "ROC Rivierenland",
        Kind.KENNISINSTELLING,
        "gemeente-veerdam",
        "Middelbaar beroepsonderwijs: zorg, techniek en bouw.",
    ),
    (
        "van-der-linden-bouw",
        "Bouwbedrijf Van der Linden B.V.",
        Kind.BEDRIJF,
        "gemeente-veerdam",
        "Familiebedrijf in renovatie en verduurzaming, 140 medewerkers.",
    ),
    (
        "datawijs",
        "DataWijs B.V.",
        Kind.BEDRIJF,
        "gemeente-veerdam",
        "Data-analyse en dashboards voor publieke organisaties.",
    ),
    (
        "buurtcooperatie-de-vaart",
        "Buurtcoöperatie De Vaart",
        Kind.INWONERSINITIATIEF,
        "gemeente-veerdam",
        "Bewoners van de wijk De Vaart die samen zorg, groen en klussen organiseren.",
    ),
    (
        "energiecooperatie-veerdam-zon",
        "Energiecoöperatie Veerdam Zon",
        Kind.INWONERSINITIATIEF,
        "gemeente-veerdam",
        "Inwoners die samen zonnedaken en een buurtbatterij exploiteren.",
    ),
    (
        "ggd-lindenland",
        "GGD Lindenland",
        Kind.ANDERE_OVERHEID,
        "gemeente-veerdam",
        "Publieke gezondheidszorg voor de regio Lindenland.",
    ),
    (
        "provincie-rivierland",
        "Provincie Rivierland",
        Kind.ANDERE_OVERHEID,
        None,
        "Provinciaal bestuur; financiert regionale innovatieprogramma's.",
    ),
]

# email local part, full name, organisation, role, job title, printed account role (or "")
PEOPLE: list[tuple[str, str, str, str, str, str]] = [
    ("beheerder", "Ingrid Bosman", "gemeente-veerdam", Role.BEHEERDER, "Functioneel beheerder", "beheerder"),
    (
        "coordinator",
        "Sanne de Vries",
        "gemeente-veerdam",
        Role.COORDINATOR,
        "Coördinator innovatieagenda",
        "coördinator agenda",
    ),
    (
        "regisseur",
        "Mehmet Yılmaz",
        "gemeente-veerdam",
        Role.REGISSEUR,
        "Innovatieregisseur sociaal domein",
        "innovatieregisseur",
    ),
    ("teamlid", "Femke Jansen", "welzijn-veerdam", Role.TEAMLID, "Opbouwwerker", "teamlid"),
    (
        "bestuurder",
        "Wethouder Pieter van Dam",
        "gemeente-veerdam",
        Role.BESTUURDER,
        "Wethouder Sociaal Domein en Innovatie",
        "bestuurder",
    ),
    (
        "partnercontact",
        "Anouk Visser",
        "woonstichting-veerdam",
        Role.PARTNERCONTACT,
        "Manager maatschappelijk vastgoed",
        "partnercontact",
    ),
    (
        "coordinator.lindenwaard",
        "Ruud Hendriks",
        "gemeente-lindenwaard",
        Role.COORDINATOR,
        "Beleidsadviseur, coördinator agenda",
        "coördinator (andere gemeente)",
    ),
    ("r.bakker", "Rob Bakker", "gemeente-veerdam", Role.MEDEWERKER, "Beleidsmedewerker jeugd", ""),
    ("l.smit", "Lotte Smit", "gemeente-veerdam", Role.REGISSEUR, "Innovatieregisseur wonen", ""),
    ("j.meijer", "Jeroen Meijer", "gemeente-veerdam", Role.MEDEWERKER, "Wijkregisseur De Vaart", ""),
    (
        "n.elidrissi",
        "Nadia El Idrissi",
        "gemeente-veerdam",
        Role.MEDEWERKER,
        "Beleidsadviseur arbeidsmarkt",
        "",
    ),
    ("k.mulder", "Karin Mulder", "gemeente-veerdam", Role.BESTUURDER, "Gemeentesecretaris", ""),
    ("t.dekker", "Tom Dekker", "gemeente-lindenwaard", Role.MEDEWERKER, "Beleidsmedewerker zorg", ""),
    ("e.vos", "Esther Vos", "gemeente-lindenwaard", Role.BESTUURDER, "Wethouder Zorg en Welzijn", ""),
    ("m.peters", "Marloes Peters", "woonstichting-veerdam", Role.MEDEWERKER, "Wijkconsulent", ""),
    ("h.willems", "Hans Willems", "woonstichting-veerdam", Role.BESTUURDER, "Directeur-bestuurder", ""),
    ("s.kok", "Sophie Kok", "welzijn-veerdam", Role.PARTNERCONTACT, "Teamleider jongerenwerk", ""),
    ("d.bulut", "Deniz Bulut", "welzijn-veerdam", Role.MEDEWERKER, "Jongerenwerker", ""),
    ("a.dijkstra", "Annemarie Dijkstra", "welzijn-veerdam", Role.BESTUURDER, "Directeur", ""),
    ("w.schouten", "Willemijn Schouten", "zorggroep-de-linde", Role.PARTNERCONTACT, "Manager wijkzorg", ""),
    ("b.vandenberg", "Bas van den Berg", "zorggroep-de-linde", Role.MEDEWERKER, "Wijkverpleegkundige", ""),
    ("g.koster", "Gerda Koster", "zorggroep-de-linde", Role.BESTUURDER, "Raad van bestuur", ""),
    (
        "y.brouwer",
        "Yvonne Brouwer",
        "hogeschool-lindenland",
        Role.PARTNERCONTACT,
        "Lector Sociale Innovatie",
        "",
    ),
    ("f.dewit", "Frank de Wit", "hogeschool-lindenland", Role.MEDEWERKER, "Onderzoeker", ""),
    ("i.haddou", "Imane Haddou", "hogeschool-lindenland", Role.MEDEWERKER, "Docent-onderzoeker data", ""),
    ("p.vanleeuwen", "Paul van Leeuwen", "roc-rivierenland", Role.PARTNERCONTACT, "Teamleider techniek", ""),
    ("c.maas", "Carla Maas", "roc-rivierenland", Role.MEDEWERKER, "Loopbaanbegeleider", ""),
    (
        "g.vanderlinden",
        "Gert van der Linden",
        "van-der-linden-bouw",
        Role.BESTUURDER,
        "Algemeen directeur",
        "",
    ),
    (
        "m.hoekstra",
        "Martijn Hoekstra",
        "van-der-linden-bouw",
        Role.PARTNERCONTACT,
        "Projectleider verduurzaming",
        "",
    ),
    ("s.prins", "Stefan Prins", "van-der-linden-bouw", Role.MEDEWERKER, "Werkvoorbereider", ""),
    ("l.huisman", "Lisa Huisman", "datawijs", Role.PARTNERCONTACT, "Data-analist", ""),
    ("o.kaya", "Oğuz Kaya", "datawijs", Role.MEDEWERKER, "Data engineer", ""),
    ("r.vermeulen", "Rianne Vermeulen", "buurtcooperatie-de-vaart", Role.PARTNERCONTACT, "Voorzitter", ""),
    (
        "h.achterberg",
        "Henk Achterberg",
        "buurtcooperatie-de-vaart",
        Role.MEDEWERKER,
        "Vrijwilliger klussendienst",
        "",
    ),
    ("m.sahin", "Merve Şahin", "buurtcooperatie-de-vaart", Role.MEDEWERKER, "Ervaringsdeskundige", ""),
    ("j.post", "Joost Post", "energiecooperatie-veerdam-zon", Role.PARTNERCONTACT, "Secretaris", ""),
    ("a.groen", "Astrid Groen", "energiecooperatie-veerdam-zon", Role.MEDEWERKER, "Energiecoach", ""),
    ("e.vandijk", "Erik van Dijk", "ggd-lindenland", Role.PARTNERCONTACT, "Epidemioloog", ""),
    ("z.benali", "Zineb Benali", "ggd-lindenland", Role.MEDEWERKER, "Jeugdarts", ""),
    ("c.timmermans", "Chris Timmermans", "provincie-rivierland", Role.PARTNERCONTACT, "Programmamanager", ""),
    ("n.vandermeer", "Noor van der Meer", "gemeente-veerdam", Role.MEDEWERKER, "Adviseur wijkbeheer", ""),
    ("t.boer", "Thijs de Boer", "gemeente-lindenwaard", Role.REGISSEUR, "Innovatieregisseur", ""),
    ("m.kuipers", "Maaike Kuipers", "gemeente-veerdam", Role.TEAMLID, "Consulent werk en inkomen", ""),
]

EXTRA_ROLES: list[tuple[str, str, str]] = [
    # a person can hold roles in several organisations
    ("regisseur", "gemeente-lindenwaard", Role.TEAMLID),
    ("y.brouwer", "buurtcooperatie-de-vaart", Role.MEDEWERKER),
]

DOMAIN = "veerdam.example"


def load(ctx: DemoContext) -> None:
    orgs: dict[str, Organisation] = {}
    for slug, name, kind, municipality, description in ORGANISATIONS:
        org, _ = Organisation.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "municipality": orgs.get(municipality) if municipality else None,
                "description": description,
                "theme_colour": "#1d5b79" if slug == "gemeente-veerdam" else "",
            },
        )
        orgs[slug] = org
    region, _ = Region.objects.update_or_create(
        slug="regio-lindenland", defaults={"name": "Regio Lindenland"}
    )
    region.municipalities.set([orgs["gemeente-veerdam"], orgs["gemeente-lindenwaard"]])

    admin = _user(
        ctx, "admin", "Operator Veerkracht", staff=True, account_role="installatiebeheerder (admin)"
    )
    if not admin.is_superuser:
        admin.is_superuser = True
        admin.save(update_fields=["is_superuser"])

    users: dict[str, User] = {}
    for local, name, org_slug, role, job_title, account_role in PEOPLE:
        user = _user(ctx, local, name, account_role=account_role)
        users[local] = user
        Membership.objects.update_or_create(
            user=user, organisation=orgs[org_slug], role=role, defaults={"job_title": job_title}
        )
    for local, org_slug, role in EXTRA_ROLES:
        Membership.objects.get_or_create(user=users[local], organisation=orgs[org_slug], role=role)
    _user(ctx, "inwoner", "Bram Verhoeven", account_role="inwoner")

    ctx.objects.update(organisations=orgs, region=region, users=users)


def _user(ctx: DemoContext, local: str, name: str, *, staff: bool = False, account_role: str = "") -> User:
    email = f"{local}@{DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, full_name=name, is_staff=staff, is_demo_account=True)
        if account_role:
            user.set_password(DEMO_PASSWORD)
        else:
            user.set_unusable_password()
        user.save()
    elif user.full_name != name:
        user.full_name = name
        user.save(update_fields=["full_name"])
    if account_role:
        ctx.add_account(account_role, email, name)
    return user
