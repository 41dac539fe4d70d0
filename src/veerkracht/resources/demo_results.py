# ruff: noqa: E501 - demo content reads best one record a line
"""Demo: key results across organisations on the demo's teams (Transitie sociaal domein and Buurtbedrijf
Rivierwijk), each with two or three contributing partners, so that the team pages and the partners' pages
(Stichting Welzijn Veerdam, Zorggroep De Linde, Woonstichting Veerdam …) show them with their status.

Runs from ``resources.demo.load`` (after governance's and teams' loaders). Idempotent: an indicator that is
already a key result is left as it is.
"""

from __future__ import annotations

from veerkracht.core.demo import DemoContext
from veerkracht.governance.models import Indicator, ObjectiveState
from veerkracht.organisations.models import Organisation
from veerkracht.resources.models import KeyResult
from veerkracht.resources.results import key_result_declare
from veerkracht.teams.models import Team

# challenge, objective code, indicator code, contributing partners (organisation slugs)
KEY_RESULTS = (
    (
        "transitie-sociaal-domein",
        "O1",
        "I1",
        ("welzijn-veerdam", "zorggroep-de-linde", "buurtcooperatie-de-vaart"),
    ),
    ("transitie-sociaal-domein", "O2", "I1", ("gemeente-veerdam", "zorggroep-de-linde")),
    (
        "transitie-sociaal-domein",
        "O4",
        "I1",
        ("welzijn-veerdam", "gemeente-veerdam", "hogeschool-lindenland"),
    ),
    (
        "buurtbedrijf-rivierwijk",
        "O1",
        "I1",
        ("woonstichting-veerdam", "van-der-linden-bouw", "roc-rivierenland"),
    ),
)


def load(ctx: DemoContext) -> None:
    teams = {
        t.challenge.slug: t for t in Team.objects.select_related("challenge__agenda", "challenge__regisseur")
    }
    orgs = {
        o.slug: o
        for o in Organisation.objects.filter(slug__in={s for *_, slugs in KEY_RESULTS for s in slugs})
    }
    for slug, objective_code, code, partners in KEY_RESULTS:
        team = teams.get(slug)
        indicator = (
            Indicator.objects.filter(
                objective__challenge__slug=slug, objective__code=objective_code, code=code
            )
            .exclude(objective__state=ObjectiveState.VERVANGEN)
            .first()
        )
        if team is None or indicator is None or team.challenge.regisseur is None:
            continue
        if KeyResult.objects.filter(indicator=indicator).exists():
            continue
        key_result_declare(
            team=team,
            indicator=indicator,
            contributors=[orgs[p] for p in partners if p in orgs],
            by=team.challenge.regisseur,
        )
    ctx.add_link(
        "Organiseren: kernresultaten van Transitie sociaal domein",
        "/organiseren/opgaven/transitie-sociaal-domein/kernresultaten/",
    )
    ctx.add_link(
        "Organisaties: resultaten waaraan Zorggroep De Linde bijdraagt",
        "/organisaties/zorggroep-de-linde/#resultaten",
    )
