"""Seed the shared skills taxonomy and, per policy domain, the skills a challenge in it usually needs
(suggested as team needs). Reference data, editable in the admin afterwards. Idempotent: existing
skills keep their labels; suggestions are only added, never duplicated."""

from django.db import migrations

# slug, Dutch, English
SKILLS = [
    ("data-analyse", "Data-analyse", "Data analysis"),
    ("co-design", "Co-design", "Co-design"),
    ("procesbegeleiding", "Procesbegeleiding", "Process facilitation"),
    ("wijkkennis", "Wijkkennis", "Neighbourhood knowledge"),
    ("ervaringsdeskundigheid", "Ervaringsdeskundigheid", "Lived experience"),
    ("projectmanagement", "Projectmanagement", "Project management"),
    ("beleidsadvies", "Beleidsadvies", "Policy advice"),
    ("communicatie", "Communicatie", "Communication"),
    ("financiering", "Financiering", "Funding and finance"),
    ("juridisch-advies", "Juridisch advies", "Legal advice"),
    ("zorgkennis", "Zorgkennis", "Care expertise"),
    ("onderwijs", "Onderwijs", "Education"),
    ("techniek", "Techniek", "Engineering"),
    ("duurzaamheid", "Duurzaamheid", "Sustainability"),
    ("onderzoek", "Onderzoek", "Research"),
    ("jongerenwerk", "Jongerenwerk", "Youth work"),
    ("ondernemerschap", "Ondernemerschap", "Entrepreneurship"),
    ("digitale-vaardigheden", "Digitale vaardigheden", "Digital skills"),
]

# domain code -> (skill, minimum level, number of people)
SUGGESTIONS = {
    "zorg": [("zorgkennis", 3, 2), ("ervaringsdeskundigheid", 3, 1), ("procesbegeleiding", 3, 1)],
    "onderwijs": [("onderwijs", 3, 2), ("jongerenwerk", 3, 1), ("onderzoek", 3, 1)],
    "milieu-energie": [("duurzaamheid", 3, 2), ("techniek", 3, 1), ("financiering", 3, 1)],
    "arbeidsmarkt": [("ondernemerschap", 3, 1), ("onderwijs", 3, 1), ("beleidsadvies", 3, 1)],
    "sociaal-domein": [
        ("zorgkennis", 3, 1),
        ("beleidsadvies", 3, 1),
        ("ervaringsdeskundigheid", 3, 1),
        ("data-analyse", 3, 1),
    ],
    "veiligheid-jeugd": [("jongerenwerk", 3, 2), ("wijkkennis", 3, 1), ("juridisch-advies", 3, 1)],
    "wonen-vastgoed": [("financiering", 3, 1), ("juridisch-advies", 3, 1), ("wijkkennis", 3, 1)],
    "cultuur": [("co-design", 3, 1), ("communicatie", 3, 1), ("wijkkennis", 2, 1)],
    "wijkbeheer": [("wijkkennis", 3, 2), ("procesbegeleiding", 3, 1), ("co-design", 3, 1)],
}


def seed(apps, schema_editor):
    Skill = apps.get_model("teams", "Skill")
    Domain = apps.get_model("agenda", "Domain")
    DomainSkill = apps.get_model("teams", "DomainSkill")
    skills = {}
    for slug, nl, en in SKILLS:
        skills[slug], _ = Skill.objects.get_or_create(slug=slug, defaults={"label_nl": nl, "label_en": en})
    for code, rows in SUGGESTIONS.items():
        domain = Domain.objects.filter(code=code).first()
        if domain is None:
            continue
        for slug, level, count in rows:
            DomainSkill.objects.get_or_create(
                domain=domain, skill=skills[slug], defaults={"min_level": level, "count": count}
            )


class Migration(migrations.Migration):
    dependencies = [("teams", "0002_team_needs_and_teams"), ("agenda", "0002_seed_domains_and_goals")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
