"""Seed the policy domains (with their usual partner kinds) and the 17 UN Sustainable Development Goals.

Reference data, editable in the admin afterwards. Idempotent: re-running updates names, never
duplicates rows.
"""

from django.db import migrations

DOMAINS = [
    # code, Dutch, English, usual partner kinds (besides the municipality itself)
    ("zorg", "Zorg", "Care", ["maatschappelijk", "kennisinstelling", "inwonersinitiatief"]),
    ("onderwijs", "Onderwijs", "Education", ["kennisinstelling", "maatschappelijk", "inwonersinitiatief"]),
    (
        "milieu-energie",
        "Milieu & energie",
        "Environment & energy",
        ["bedrijf", "kennisinstelling", "inwonersinitiatief"],
    ),
    (
        "arbeidsmarkt",
        "Arbeidsmarkt",
        "Labour market",
        ["bedrijf", "kennisinstelling", "maatschappelijk", "inwonersinitiatief"],
    ),
    (
        "sociaal-domein",
        "Sociaal domein",
        "Social domain",
        ["maatschappelijk", "kennisinstelling", "inwonersinitiatief"],
    ),
    (
        "veiligheid-jeugd",
        "Veiligheid & jeugd",
        "Safety & youth",
        ["andere_overheid", "maatschappelijk", "inwonersinitiatief"],
    ),
    (
        "wonen-vastgoed",
        "Wonen & vastgoed",
        "Housing & real estate",
        ["maatschappelijk", "bedrijf", "inwonersinitiatief"],
    ),
    ("cultuur", "Cultuur", "Culture", ["maatschappelijk", "inwonersinitiatief"]),
    (
        "wijkbeheer",
        "Wijkbeheer",
        "Neighbourhood management",
        ["maatschappelijk", "bedrijf", "inwonersinitiatief"],
    ),
]

GOALS = [
    (1, "Geen armoede", "No poverty"),
    (2, "Geen honger", "Zero hunger"),
    (3, "Goede gezondheid en welzijn", "Good health and well-being"),
    (4, "Kwaliteitsonderwijs", "Quality education"),
    (5, "Gendergelijkheid", "Gender equality"),
    (6, "Schoon water en sanitair", "Clean water and sanitation"),
    (7, "Betaalbare en duurzame energie", "Affordable and clean energy"),
    (8, "Waardig werk en economische groei", "Decent work and economic growth"),
    (9, "Industrie, innovatie en infrastructuur", "Industry, innovation and infrastructure"),
    (10, "Ongelijkheid verminderen", "Reduced inequalities"),
    (11, "Duurzame steden en gemeenschappen", "Sustainable cities and communities"),
    (12, "Verantwoorde consumptie en productie", "Responsible consumption and production"),
    (13, "Klimaatactie", "Climate action"),
    (14, "Leven in het water", "Life below water"),
    (15, "Leven op het land", "Life on land"),
    (16, "Vrede, justitie en sterke publieke diensten", "Peace, justice and strong institutions"),
    (17, "Partnerschap om doelstellingen te bereiken", "Partnerships for the goals"),
]


def seed(apps, schema_editor):
    Domain = apps.get_model("agenda", "Domain")
    DomainPartnerKind = apps.get_model("agenda", "DomainPartnerKind")
    Goal = apps.get_model("agenda", "SustainableDevelopmentGoal")
    for position, (code, nl, en, kinds) in enumerate(DOMAINS, start=1):
        domain, _ = Domain.objects.update_or_create(
            code=code, defaults={"name_nl": nl, "name_en": en, "position": position}
        )
        for kind in kinds:
            DomainPartnerKind.objects.get_or_create(domain=domain, kind=kind)
    for number, nl, en in GOALS:
        Goal.objects.update_or_create(number=number, defaults={"name_nl": nl, "name_en": en})


def unseed(apps, schema_editor):
    apps.get_model("agenda", "DomainPartnerKind").objects.all().delete()
    apps.get_model("agenda", "Domain").objects.filter(challenges__isnull=True).delete()
    apps.get_model("agenda", "SustainableDevelopmentGoal").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("agenda", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
