"""Demo: the skills taxonomy, a talent pool of 150+ staff across all demo organisations and 30+
residents (extra people get unusable passwords and @veerdam.example addresses), and one stored
team proposal.  Idempotent: natural keys (skill slug, user e-mail) and a seeded generator."""

from __future__ import annotations

from typing import Any

from veerkracht.accounts.models import User
from veerkracht.core.demo import DemoContext
from veerkracht.organisations.models import Kind, Organisation
from veerkracht.teams.models import Profile, ProfileSkill, ProposalStatus, Skill, SkillSynonym, TeamProposal

DOMAIN = "veerdam.example"

# slug, Dutch, English, synonyms
SKILLS: list[tuple[str, str, str, list[str]]] = [
    ("data-analyse", "Data-analyse", "Data analysis", ["statistiek", "data analysis"]),
    ("co-design", "Co-design", "Co-design", ["cocreatie", "ontwerpend onderzoek"]),
    ("procesbegeleiding", "Procesbegeleiding", "Process facilitation", ["facilitatie"]),
    ("wijkkennis", "Wijkkennis", "Neighbourhood knowledge", ["buurtkennis"]),
    ("ervaringsdeskundigheid", "Ervaringsdeskundigheid", "Lived experience", ["ervaringskennis"]),
    ("projectmanagement", "Projectmanagement", "Project management", ["projectleiding"]),
    ("beleidsadvies", "Beleidsadvies", "Policy advice", ["beleid"]),
    ("communicatie", "Communicatie", "Communication", ["voorlichting"]),
    ("financiering", "Financiering", "Funding and finance", ["subsidies", "fondsen"]),
    ("juridisch-advies", "Juridisch advies", "Legal advice", ["recht"]),
    ("zorgkennis", "Zorgkennis", "Care expertise", ["zorg"]),
    ("onderwijs", "Onderwijs", "Education", ["didactiek"]),
    ("techniek", "Techniek", "Engineering", ["technisch"]),
    ("duurzaamheid", "Duurzaamheid", "Sustainability", ["energietransitie", "klimaat"]),
    ("onderzoek", "Onderzoek", "Research", ["evaluatie"]),
    ("jongerenwerk", "Jongerenwerk", "Youth work", ["jeugd"]),
    ("ondernemerschap", "Ondernemerschap", "Entrepreneurship", ["ondernemen"]),
    ("digitale-vaardigheden", "Digitale vaardigheden", "Digital skills", ["ict"]),
]

# which skills an organisation's staff tends to have
ORG_SKILLS: dict[str, list[str]] = {
    Kind.GEMEENTE: ["beleidsadvies", "projectmanagement", "juridisch-advies", "financiering", "communicatie"],
    Kind.MAATSCHAPPELIJK: ["zorgkennis", "wijkkennis", "jongerenwerk", "procesbegeleiding", "communicatie"],
    Kind.KENNISINSTELLING: ["onderzoek", "data-analyse", "onderwijs", "co-design"],
    Kind.BEDRIJF: ["techniek", "ondernemerschap", "projectmanagement", "data-analyse", "duurzaamheid"],
    Kind.INWONERSINITIATIEF: ["wijkkennis", "ervaringsdeskundigheid", "duurzaamheid", "procesbegeleiding"],
    Kind.ANDERE_OVERHEID: ["beleidsadvies", "financiering", "onderzoek", "zorgkennis"],
}
RESIDENT_SKILLS = [
    "ervaringsdeskundigheid",
    "wijkkennis",
    "co-design",
    "digitale-vaardigheden",
    "communicatie",
]

FIRST = ["Anna", "Bram", "Chantal", "Daan", "Eva", "Fatima", "Gijs", "Hanna", "Ilse", "Jesse", "Kim", "Lars",
         "Mila", "Niels", "Olga", "Pim", "Rosa", "Sem", "Tess", "Umut", "Vera", "Wouter", "Yara", "Zoë",
         "Ahmed", "Bianca", "Cor", "Dewi", "Emre", "Froukje"]  # fmt: skip
LAST = ["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer",
        "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
        "de Wit", "Dijkstra", "Yılmaz", "Bouzid", "Kramer", "van Wijk", "Sanders"]  # fmt: skip
STAFF_PER_ORG = 12
RESIDENTS = 36


def _person(local: str, name: str) -> User:
    email = f"{local}@{DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, full_name=name, is_demo_account=True)
        user.set_unusable_password()
        user.save()
    return user


def _profile(
    user: User,
    *,
    organisation: Organisation | None,
    municipality: Organisation,
    hours: int,
    lead: bool,
    skills: dict[str, int],
    skill_objs: dict[str, Skill],
    consent: bool,
) -> Profile:
    from django.utils import timezone

    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        profile = Profile(user=user)
        if organisation is None and consent:
            profile.consent_given_at = timezone.now()
            profile.email_confirmed_at = profile.consent_given_at
    profile.organisation = organisation
    profile.municipality = municipality
    profile.hours_per_week = hours
    profile.willing_to_lead = lead
    if (
        profile.pk is None
        or any(getattr(profile, f) != v for f, v in (("hours_per_week", hours), ("willing_to_lead", lead)))
        or Profile.objects.filter(pk=profile.pk).exclude(organisation=organisation).exists()
    ):
        profile.save()
    for slug, level in skills.items():
        ProfileSkill.objects.get_or_create(profile=profile, skill=skill_objs[slug], defaults={"level": level})
    return profile


def load(ctx: DemoContext) -> None:
    skill_objs: dict[str, Skill] = {}
    for slug, nl, en, synonyms in SKILLS:
        skill, _ = Skill.objects.update_or_create(slug=slug, defaults={"label_nl": nl, "label_en": en})
        skill_objs[slug] = skill
        for text in synonyms:
            SkillSynonym.objects.get_or_create(text=text, defaults={"skill": skill})

    rng = ctx.rng("teams")
    orgs: dict[str, Organisation] = ctx.objects["organisations"]
    municipalities = [o for o in orgs.values() if o.kind == Kind.GEMEENTE]
    profiles: list[Profile] = []
    for slug, org in sorted(orgs.items()):
        municipality = org if org.kind == Kind.GEMEENTE else org.municipality
        if municipality is None:  # e.g. the province: its staff join the pool of Veerdam
            municipality = orgs["gemeente-veerdam"]
        typical = ORG_SKILLS.get(org.kind, ORG_SKILLS[Kind.GEMEENTE])
        for k in range(STAFF_PER_ORG):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            user = _person(f"talent.{slug}.{k + 1}", name)
            chosen = rng.sample(typical, k=min(len(typical), rng.randint(2, 3)))
            chosen += rng.sample([s for s, *_ in SKILLS if s not in chosen], k=rng.randint(0, 2))
            skills = {s: rng.choices([1, 2, 3, 4, 5], weights=[1, 3, 4, 3, 1])[0] for s in chosen}
            profiles.append(
                _profile(
                    user,
                    organisation=org,
                    municipality=municipality,
                    hours=rng.choice([2, 4, 4, 6, 8, 12]),
                    lead=rng.random() < 0.2,
                    skills=skills,
                    skill_objs=skill_objs,
                    consent=False,
                )  # fmt: skip
            )
    for k in range(RESIDENTS):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        user = _person(f"inwoner.{k + 1}", name)
        chosen = rng.sample(RESIDENT_SKILLS, k=rng.randint(1, 3))
        skills = {s: rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 4, 3, 2])[0] for s in chosen}
        profiles.append(
            _profile(
                user,
                organisation=None,
                municipality=municipalities[k % len(municipalities)],
                hours=rng.choice([2, 4, 4, 6, 8]),
                lead=rng.random() < 0.1,
                skills=skills,
                skill_objs=skill_objs,
                consent=True,
            )  # fmt: skip
        )
    ctx.objects["talent_profiles"] = profiles

    # one stored proposal for the coordinator of Veerdam (created once)
    coordinator = ctx.objects["users"].get("coordinator")
    if coordinator is not None and not TeamProposal.objects.filter(created_by=coordinator).exists():
        from veerkracht.teams.services import team_propose

        team_propose(
            challenge_or_needs={
                "team_size": 7,
                "required_skills": [
                    {"skill": "data-analyse", "min_level": 3, "count": 1},
                    {"skill": "ervaringsdeskundigheid", "min_level": 3, "count": 1},
                    {"skill": "procesbegeleiding", "min_level": 3, "count": 1},
                    {"skill": "wijkkennis", "min_level": 3, "count": 2},
                    {"skill": "beleidsadvies", "min_level": 2, "count": 1},
                ],
                "max_share_per_organisation": 0.3,
                "min_organisations": 3,
                "min_residents": 1,
                "min_hours_per_week": 4,
            },
            by=coordinator,
        )
    _teams(ctx)


# --- innovation teams (issue 6, part 4) ---------------------------------------------------------

#: challenge slug -> needs (team size, share, organisations, residents, hours, skills)
TEAM_NEEDS: dict[str, dict[str, object]] = {
    "transitie-sociaal-domein": {
        "team_size": 7,
        "max_share_per_organisation": 0.3,
        "min_organisations": 4,
        "min_residents": 1,
        "min_hours_per_week": 4,
        "skills": [
            ("data-analyse", 3, 1),
            ("ervaringsdeskundigheid", 3, 1),
            ("procesbegeleiding", 3, 1),
            ("zorgkennis", 3, 1),
            ("beleidsadvies", 3, 1),
        ],
    },
    "buurtbedrijf-rivierwijk": {
        "team_size": 6,
        "max_share_per_organisation": 0.34,
        "min_organisations": 3,
        "min_residents": 1,
        "min_hours_per_week": 4,
        "skills": [("ondernemerschap", 3, 1), ("wijkkennis", 3, 2), ("financiering", 3, 1)],
    },
    # cannot be met: too few experienced youth workers, and more residents than the pool offers
    "jeugdcriminaliteit-de-vaart": {
        "team_size": 5,
        "max_share_per_organisation": 0.4,
        "min_organisations": 3,
        "min_residents": 1,
        "min_hours_per_week": 8,
        "skills": [("jongerenwerk", 5, 3), ("juridisch-advies", 4, 1)],
    },
}


def _teams(ctx: DemoContext) -> None:
    from veerkracht.agenda.models import Challenge
    from veerkracht.teams.models import MemberStatus, Team, TeamMember, TeamNeeds
    from veerkracht.teams.services import (
        NeedRow,
        invitation_respond,
        team_charter_save,
        team_invite,
        team_needs_save,
        team_propose,
        team_resolve,
    )

    challenges = ctx.objects.get("challenges") or {c.slug: c for c in Challenge.objects.all()}
    for slug, spec in TEAM_NEEDS.items():
        challenge = challenges.get(slug)
        if challenge is None or challenge.regisseur_id is None:
            continue
        if not TeamNeeds.objects.filter(challenge=challenge).exists():
            team_needs_save(
                challenge=challenge,
                team_size=int(spec["team_size"]),  # type: ignore[call-overload]
                max_share_per_organisation=float(spec["max_share_per_organisation"]),  # type: ignore[arg-type]
                min_organisations=int(spec["min_organisations"]),  # type: ignore[call-overload]
                min_residents=int(spec["min_residents"]),  # type: ignore[call-overload]
                min_hours_per_week=int(spec["min_hours_per_week"]),  # type: ignore[call-overload]
                skills=[NeedRow(*row) for row in spec["skills"]],  # type: ignore[attr-defined]
                by=challenge.regisseur,
            )
        if challenge.team_proposals.exists():
            continue  # created once: a second run changes nothing
        by = challenge.regisseur
        proposal = team_propose(challenge_or_needs=challenge, by=by)
        if proposal.status not in (ProposalStatus.OPTIMAL, ProposalStatus.FEASIBLE):
            continue  # the infeasible one: the page shows the reasons
        team_invite(proposal=proposal, by=by)
        team = Team.objects.get(challenge=challenge)
        invited = list(TeamMember.objects.filter(team=team, status=MemberStatus.INVITED).order_by("pk"))
        if slug == "transitie-sociaal-domein":
            # one person declines; the place is solved again with the others locked in
            for member in invited[1:]:
                invitation_respond(
                    member=member,
                    accept=True,
                    hours_committed=member.hours_committed,
                    by=member.profile.user,
                    confirm_over=True,
                )
            invitation_respond(
                member=invited[0],
                accept=False,
                reason="Geen ruimte naast mijn caseload dit halfjaar.",
                by=invited[0].profile.user,
            )
            again = team_resolve(team=team, by=by)
            for member in team_invite(proposal=again, by=by):
                if member.status == MemberStatus.INVITED:
                    invitation_respond(
                        member=member,
                        accept=True,
                        hours_committed=member.hours_committed,
                        by=member.profile.user,
                        confirm_over=True,
                    )
            _teamlid_joins(ctx, team, skill_objs=ctx.objects.get("skills") or {})
            team_charter_save(
                team=team,
                meeting_rhythm=(
                    "Om de week op dinsdag, 15.00–16.30 uur, afwisselend in het stadhuis en De Vaart"
                ),
                working_agreements=(
                    "We besluiten op basis van wat inwoners ervaren, niet op basis van regels alleen.\n"
                    "Iedereen spreekt namens zijn organisatie en neemt besluiten mee terug.\n"
                    "We delen data alleen geanonimiseerd en leggen lessen vast in de leergemeenschap."
                ),
                by=by,
            )
        else:
            # part of the team has answered, one declined (the formation page offers to fill the
            # place); the rest is still invited
            half = len(invited) // 2 + 1
            if len(invited) > half:
                invitation_respond(
                    member=invited[half],
                    accept=False,
                    reason="Ik verhuis binnenkort naar een andere gemeente.",
                    by=invited[half].profile.user,
                )
            for member in invited[:half]:
                invitation_respond(
                    member=member,
                    accept=True,
                    hours_committed=member.hours_committed,
                    by=member.profile.user,
                    confirm_over=True,
                )


def _teamlid_joins(ctx: DemoContext, team: Any, *, skill_objs: dict[str, Skill]) -> None:
    """The demo's team member (teamlid) has a staff profile and a place in the first team, so that
    their home page shows their team and profile."""
    from veerkracht.teams.models import MemberRole, MemberStatus, TeamMember

    user = ctx.objects["users"].get("teamlid")
    organisation = ctx.objects["organisations"].get("welzijn-veerdam")
    if user is None or organisation is None:
        return
    profile = _profile(
        user,
        organisation=organisation,
        municipality=organisation.municipality or organisation,
        hours=6,
        lead=False,
        skills={"wijkkennis": 4, "procesbegeleiding": 3},
        skill_objs=skill_objs or {s.slug: s for s in Skill.objects.all()},
        consent=False,
    )
    TeamMember.objects.get_or_create(
        team=team,
        profile=profile,
        defaults={"status": MemberStatus.ACCEPTED, "role": MemberRole.MEMBER, "hours_committed": 4},
    )
