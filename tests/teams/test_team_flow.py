"""Team needs, formation page, stored and explained proposals, invitations, the team, hours."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.organisations.factories import UserFactory, member
from veerkracht.audit.models import AuditEvent
from veerkracht.core.models import OutgoingEmail
from veerkracht.core.tokens import hash_token
from veerkracht.organisations.models import Role
from veerkracht.teams import services
from veerkracht.teams.models import MemberStatus, TeamMember, TeamNeeds, TeamProposal

from .conftest import NEEDS
from .naive import best_fit

pytestmark = pytest.mark.django_db


def speak(client, language: str) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language


def needs_post(**override) -> dict:
    data = {
        "team_size": 3,
        "max_share_percent": 50,
        "min_organisations": 2,
        "min_residents": 1,
        "min_hours_per_week": 4,
        "skills-TOTAL_FORMS": 3,
        "skills-INITIAL_FORMS": 0,
        "skills-MIN_NUM_FORMS": 0,
        "skills-MAX_NUM_FORMS": 30,
        "skills-0-skill": "wijkkennis",
        "skills-0-min_level": 3,
        "skills-0-count": 1,
        "skills-1-skill": "data-analyse",
        "skills-1-min_level": 3,
        "skills-1-count": 1,
    }
    data.update(override)
    return data


def set_needs(world) -> None:
    services.team_needs_save(
        challenge=world.challenge,
        skills=[services.NeedRow("wijkkennis", 3, 1), services.NeedRow("data-analyse", 3, 1)],
        by=world.coordinator,
        team_size=NEEDS["team_size"],
        max_share_per_organisation=NEEDS["max_share_per_organisation"],
        min_organisations=NEEDS["min_organisations"],
        min_residents=NEEDS["min_residents"],
        min_hours_per_week=NEEDS["min_hours_per_week"],
    )


# --- needs form ---------------------------------------------------------------------------------


def test_needs_form_saves(world, client) -> None:
    client.force_login(world.regisseur)
    url = reverse("teams:needs", args=[world.challenge.slug])
    response = client.get(url)
    assert response.status_code == 200
    # suggested from the domain (sociaal-domein seeds zorgkennis, beleidsadvies, …)
    assert "Zorgkennis" in response.content.decode() or "Care expertise" in response.content.decode()
    response = client.post(url, needs_post())
    assert response.status_code == 302
    needs = TeamNeeds.objects.get(challenge=world.challenge)
    assert needs.as_problem()["required_skills"] == [
        {"skill": "data-analyse", "min_level": 3, "count": 1},
        {"skill": "wijkkennis", "min_level": 3, "count": 1},
    ]
    assert AuditEvent.objects.filter(event="teams.needs.saved").count() == 1


@pytest.mark.parametrize(
    ("language", "override", "field", "message"),
    [
        ("nl", {"min_residents": 5}, "min_residents", "teamgrootte"),
        ("en", {"min_residents": 5}, "min_residents", "team size"),
        ("en", {"skills-1-skill": "wijkkennis"}, "skill", "already listed"),
        ("nl", {"skills-1-skill": "wijkkennis"}, "skill", "al in de lijst"),
        ("en", {"skills-0-count": 9}, "count", "team size"),
        ("en", {"skills-0-min_level": 7}, "min_level", "less than or equal to 5"),
        ("en", {"skills-2-min_level": 2}, "skill", "Choose a skill"),
        ("en", {"team_size": "drie"}, "team_size", "whole number"),
        ("nl", {"team_size": "drie"}, "team_size", "geheel getal"),
    ],
)
def test_needs_form_errors_keep_input_and_store_nothing(
    world, client, language, override, field, message
) -> None:
    client.force_login(world.regisseur)
    url = reverse("teams:needs", args=[world.challenge.slug])
    speak(client, language)
    response = client.post(url, needs_post(**override))
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body, body[:3000]
    assert not TeamNeeds.objects.exists()
    # the input is kept
    for value in override.values():
        assert f'value="{value}"' in body or f'"{value}" selected' in body or str(value) in body


def test_needs_form_has_the_error_summary_for_skill_row_errors(world, client) -> None:
    client.force_login(world.regisseur)
    speak(client, "en")
    body = client.post(
        reverse("teams:needs", args=[world.challenge.slug]), needs_post(**{"skills-0-count": 9})
    ).content.decode()
    assert 'id="form-errors"' in body and "The form has errors" in body
    assert body.index('id="form-errors"') < body.index("skills-0-count")  # at the top


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "cannot be more than the team size"),
        ("nl", "kunnen niet groter zijn dan de teamgrootte"),
    ],
)
def test_a_database_constraint_has_a_plain_message(world, language, message) -> None:
    from django.core.exceptions import ValidationError as DjangoValidationError
    from django.utils import translation

    with translation.override(language), pytest.raises(DjangoValidationError) as caught:
        services.team_needs_save(
            challenge=world.challenge,
            team_size=3,
            max_share_per_organisation=0.5,
            min_organisations=2,
            min_residents=5,
            min_hours_per_week=4,
            skills=[],
            by=world.coordinator,
        )
    assert message in " ".join(caught.value.messages)
    assert "teams_needs" not in " ".join(caught.value.messages)  # never the constraint's name
    assert not TeamNeeds.objects.exists()


@pytest.mark.parametrize(
    ("language", "present", "absent"),
    [
        (
            "en",
            ["with at least 1 resident<", "at most 50% of the team", "A team of 3 people"],
            ["1 residents"],
        ),
        ("nl", ["met minstens 1 inwoner<", "hoogstens 50% van het team"], ["1 inwoners", "0,50", "0.50"]),
    ],
)
def test_formation_page_texts(world, client, language, present, absent) -> None:
    set_needs(world)  # 1 resident, share 0.5
    client.force_login(world.regisseur)
    speak(client, language)
    page = client.get(reverse("teams:formation", args=[world.challenge.slug])).content.decode()
    for text in present:
        assert text in page, text
    for text in absent:
        assert text not in page, text


def test_needs_suggested_from_weak_monitor_dimensions(world, monkeypatch) -> None:
    from veerkracht.teams import selectors

    reading = selectors.MonitorReading(
        "T0",
        (
            selectors.WeakDimension(
                "D6", "Inwoners & gemeenschap", "Citizen & community involvement", "ontwikkelpunt"
            ),
            selectors.WeakDimension("D3", "Slim samenwerken", "Smart collaboration", "sterkte"),
        ),
    )
    monkeypatch.setattr(selectors, "latest_monitor_reading", lambda challenge: reading)
    suggestion, _ = selectors.suggestion_for(world.challenge)
    assert suggestion.min_residents == 2 and "ervaringsdeskundigheid" in suggestion.skills
    assert suggestion.min_organisations == 0  # D3 is a strength


def test_monitor_reading_degrades_without_a_report(world) -> None:
    from veerkracht.teams import selectors

    assert selectors.latest_monitor_reading(world.challenge) is None


# --- formation page -----------------------------------------------------------------------------


def test_formation_page_permissions(world, client) -> None:
    url = reverse("teams:formation", args=[world.challenge.slug])
    cases = [
        (world.coordinator, 200),
        (world.regisseur, 200),
        (world.contact, 403),  # takes part in the agenda (partner contact), may not form the team
        (member(world.linden, Role.COORDINATOR), 404),  # another municipality: does not exist for them
        (world.people["bewoner1"].user, 404),
    ]
    for user, status in cases:
        client.force_login(user)
        assert client.get(url).status_code == status, user
        assert client.get(reverse("teams:needs", args=[world.challenge.slug])).status_code == status
    client.logout()
    assert client.get(url).status_code == 302


def test_solve_lock_leave_out_and_solve_again(world, client) -> None:
    set_needs(world)
    client.force_login(world.regisseur)
    url = reverse("teams:formation", args=[world.challenge.slug])
    response = client.post(url, {"action": "solve"})
    assert response.status_code == 302
    first = TeamProposal.objects.get()
    # the pool is the challenge's: no Linden resident, no organisation outside the agenda
    ids = {c["id"] for c in first.problem["candidates"]}
    p = world.people
    assert f"p{p['linden_bewoner'].pk}" not in ids and f"p{p['elders'].pk}" not in ids
    assert first.status == "optimal" and first.objective == best_fit(first.problem)
    # explainable in plain language
    page = client.get(response["Location"]).content.decode()
    assert "Best replacement" in page or "Beste vervanger" in page
    # leave out the best member and lock another in
    member_ids = first.result["members"]
    out, keep = member_ids[0], member_ids[1]
    client.post(url, {"action": "solve", "include": [keep], "exclude": [out]})
    second = TeamProposal.objects.order_by("-pk").first()
    assert second.problem["include"] == [keep] and second.problem["exclude"] == [out]
    assert out not in second.result["members"] and keep in second.result["members"]
    assert second.objective == best_fit(second.problem)
    assert AuditEvent.objects.filter(event="teams.proposal.created").count() == 2


def test_infeasible_needs_show_reasons(world, client) -> None:
    services.team_needs_save(
        challenge=world.challenge,
        skills=[services.NeedRow("wijkkennis", 5, 3)],
        by=world.coordinator,
        team_size=3,
        max_share_per_organisation=1.0,
        min_organisations=0,
        min_residents=0,
        min_hours_per_week=4,
    )
    client.force_login(world.coordinator)
    url = reverse("teams:formation", args=[world.challenge.slug])
    speak(client, "en")
    response = client.post(url, {"action": "solve"}, follow=True)
    proposal = TeamProposal.objects.get()
    assert proposal.status == "infeasible"
    # only Bea (a resident of Veerdam) has wijkkennis 5 in this challenge's pool
    assert "1 available person has level 5 or higher; 3 required." in response.content.decode()
    speak(client, "nl")
    page = client.get(url).content.decode()
    assert "niveau 5 of hoger" in page


# --- invitations --------------------------------------------------------------------------------


def invite(world) -> TeamProposal:
    set_needs(world)
    proposal = services.team_propose(challenge_or_needs=world.challenge, by=world.regisseur)
    services.team_invite(proposal=proposal, by=world.regisseur)
    return proposal


def token_from(email: OutgoingEmail) -> str:
    return re.search(r"/samenwerken/uitnodiging/([A-Za-z0-9_\-]+)/", email.body_text).group(1)


def test_invitations_send_mail_with_a_hashed_token(world) -> None:
    world.people["welzijn1"].user.preferred_language = "en"
    world.people["welzijn1"].user.save()
    proposal = invite(world)
    members = list(TeamMember.objects.select_related("profile__user"))
    assert len(members) == 3 == len(proposal.result["members"])
    for m in members:
        email = OutgoingEmail.objects.get(to=m.profile.user.email)
        token = token_from(email)
        assert len(token) >= 43  # 256 bits in url-safe base64
        assert m.token_hash == hash_token(token) and token not in m.token_hash
        english = m.profile.user.preferred_language == "en"
        assert ("Invitation" in email.subject) == english
        assert ("Uitnodiging" in email.subject) == (not english)
    assert AuditEvent.objects.filter(event="teams.invitation.sent").count() == 3


def test_accept_and_decline_by_token(world, client) -> None:
    """A person without an account (no usable password) answers through the link itself."""
    invite(world)
    members = list(TeamMember.objects.select_related("profile__user"))
    a, d = members[0], members[1]
    for m in (a, d):
        m.profile.user.set_unusable_password()
        m.profile.user.save()
    url_a = reverse(
        "teams:invitation_token", args=[token_from(OutgoingEmail.objects.get(to=a.profile.user.email))]
    )
    url_d = reverse(
        "teams:invitation_token", args=[token_from(OutgoingEmail.objects.get(to=d.profile.user.email))]
    )
    assert client.get(url_a).status_code == 200
    assert client.get(reverse("teams:invitation_token", args=["x" * 43])).status_code == 404
    client.post(url_a, {"decision": "accept", "hours_committed": 4})
    # declining without a reason: an error, nothing changes
    response = client.post(url_d, {"decision": "decline", "reason": ""})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    d.refresh_from_db()
    assert d.status == MemberStatus.INVITED
    client.post(url_d, {"decision": "decline", "reason": "Geen tijd dit kwartaal"})
    a.refresh_from_db()
    d.refresh_from_db()
    assert a.status == MemberStatus.ACCEPTED and a.hours_committed == 4
    assert d.status == MemberStatus.DECLINED and d.reason == "Geen tijd dit kwartaal"
    # answered once: a second answer changes nothing
    client.post(url_d, {"decision": "accept", "hours_committed": 4})
    d.refresh_from_db()
    assert d.status == MemberStatus.DECLINED
    assert AuditEvent.objects.filter(event="teams.invitation.accepted").count() == 1
    assert AuditEvent.objects.filter(event="teams.invitation.declined").count() == 1
    # the accepted member now takes part in the (non-public) challenge
    assert a.profile.user.has_perm("agenda.view_challenge", world.challenge)
    assert not d.profile.user.has_perm("agenda.view_challenge", world.challenge)


def test_an_invitee_with_an_account_answers_logged_in_as_themself(world, client) -> None:
    invite(world)
    m = TeamMember.objects.select_related("profile__user").first()
    url = reverse(
        "teams:invitation_token", args=[token_from(OutgoingEmail.objects.get(to=m.profile.user.email))]
    )
    own = reverse("teams:invitation", args=[m.pk])
    # anonymous: the link leads to the log-in page; posting through the link changes nothing
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    client.post(url, {"decision": "accept", "hours_committed": 4})
    # logged in as someone else: the log-in page again, never the answer form
    client.force_login(UserFactory())
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))
    client.post(url, {"decision": "accept", "hours_committed": 4})
    m.refresh_from_db()
    assert m.status == MemberStatus.INVITED
    # the service refuses an answer through the link alone, and one by another person
    with pytest.raises(ValidationError):
        services.invitation_respond(member=m, accept=True, hours_committed=4)
    with pytest.raises(ValidationError):
        services.invitation_respond(member=m, accept=True, hours_committed=4, by=world.regisseur)
    client.force_login(m.profile.user)
    assert client.get(url)["Location"] == own
    client.post(own, {"decision": "accept", "hours_committed": 4})
    m.refresh_from_db()
    assert m.status == MemberStatus.ACCEPTED


def test_invitation_links_expire(world, client) -> None:
    import datetime

    from django.utils import timezone

    from veerkracht.teams.workflow import TOKEN_VALID_FOR

    invite(world)
    m = TeamMember.objects.select_related("profile__user").first()
    m.profile.user.set_unusable_password()
    m.profile.user.save()
    url = reverse(
        "teams:invitation_token", args=[token_from(OutgoingEmail.objects.get(to=m.profile.user.email))]
    )
    TeamMember.objects.filter(pk=m.pk).update(
        invited_at=timezone.now() - TOKEN_VALID_FOR - datetime.timedelta(minutes=1)
    )
    speak(client, "en")
    response = client.get(url)
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert client.post(url, {"decision": "accept", "hours_committed": 4}).status_code == 410
    m.refresh_from_db()
    assert m.status == MemberStatus.INVITED


def test_logged_in_answer_only_by_the_invitee(world, client) -> None:
    invite(world)
    m = TeamMember.objects.select_related("profile__user").first()
    client.force_login(UserFactory())
    assert client.get(reverse("teams:invitation", args=[m.pk])).status_code == 404
    client.force_login(m.profile.user)
    response = client.post(
        reverse("teams:invitation", args=[m.pk]), {"decision": "accept", "hours_committed": 5}
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.status == MemberStatus.ACCEPTED and m.hours_committed == 5


def test_resolve_after_a_decline_keeps_the_others_locked_in(world, client) -> None:
    invite(world)
    members = list(TeamMember.objects.select_related("profile__user"))
    decliner, others = members[0], members[1:]
    services.invitation_respond(member=decliner, accept=False, reason="verhuisd", by=decliner.profile.user)
    services.invitation_respond(member=others[0], accept=True, hours_committed=4, by=others[0].profile.user)
    client.force_login(world.regisseur)
    response = client.post(reverse("teams:members", args=[world.challenge.slug]), {"action": "resolve"})
    assert response.status_code == 302
    proposal = TeamProposal.objects.order_by("-pk").first()
    assert sorted(proposal.problem["include"]) == sorted(f"p{m.profile_id}" for m in others)
    assert proposal.problem["exclude"] == [f"p{decliner.profile_id}"]
    assert proposal.status == "optimal" and proposal.objective == best_fit(proposal.problem)
    assert f"p{decliner.profile_id}" not in proposal.result["members"]
    services.team_invite(proposal=proposal, by=world.regisseur)
    new = TeamMember.objects.exclude(pk__in=[m.pk for m in members])
    assert new.count() == 1 and new.get().status == MemberStatus.INVITED


def test_the_formation_page_offers_to_fill_a_declined_place(world, client) -> None:
    invite(world)
    members = list(TeamMember.objects.select_related("profile__user"))
    decliner, others = members[0], members[1:]
    client.force_login(world.regisseur)
    speak(client, "en")
    url = reverse("teams:formation", args=[world.challenge.slug])
    assert "Fill the open place" not in client.get(url).content.decode()  # nobody declined yet
    services.invitation_respond(member=decliner, accept=False, reason="verhuisd", by=decliner.profile.user)
    page = client.get(url).content.decode()
    assert "1 invited person declined." in page and "1 place is open." in page
    assert 'value="fill"' in page and "Fill the open place" in page
    response = client.post(url, {"action": "fill"})
    assert response.status_code == 302
    proposal = TeamProposal.objects.order_by("-pk").first()
    assert sorted(proposal.problem["include"]) == sorted(f"p{m.profile_id}" for m in others)
    assert proposal.problem["exclude"] == [f"p{decliner.profile_id}"]
    assert proposal.objective == best_fit(proposal.problem)
    client.post(url, {"action": "invite", "proposal": proposal.pk})
    assert TeamMember.objects.filter(status=MemberStatus.INVITED).count() == 3  # 2 still open + 1 new
    assert "Fill the open place" not in client.get(url).content.decode()  # the place is taken


def test_a_proposed_leader_is_a_co_lead_when_the_regisseur_leads(world, client) -> None:
    set_needs(world)
    proposal = services.team_propose(challenge_or_needs=world.challenge, by=world.regisseur)
    assert proposal.result["leader"]  # the regisseur is not in the pool: the solver picked someone
    client.force_login(world.regisseur)
    speak(client, "en")
    page = client.get(reverse("teams:formation", args=[world.challenge.slug])).content.decode()
    assert "(co-lead)" in page and "(leads)" not in page


# --- hours and over-commitment ------------------------------------------------------------------


def test_over_commitment_warning_for_the_person_and_their_contact(world, client) -> None:
    from tests.agenda.factories import ChallengeFactory
    from veerkracht.teams.models import Team

    p = world.people["welzijn1"]  # 8 hours per week available (factory default)
    t1 = Team.objects.create(challenge=world.challenge, leader=world.regisseur)
    t2 = Team.objects.create(challenge=ChallengeFactory(agenda=world.agenda), leader=world.regisseur)
    TeamMember.objects.create(team=t1, profile=p, status=MemberStatus.ACCEPTED, hours_committed=5)
    TeamMember.objects.create(team=t2, profile=p, status=MemberStatus.ACCEPTED, hours_committed=3)
    client.force_login(p.user)
    page = client.get(reverse("teams:my_profile")).content.decode()
    assert "8" in page and "Talk to your innovation directors" not in page and "overleg" not in page.lower()
    TeamMember.objects.filter(team=t2).update(hours_committed=4)  # 9 > 8
    speak(client, "en")
    page = client.get(reverse("teams:my_profile")).content.decode()
    assert "You committed 9 hours per week to teams, more than the 8 hours" in page
    url = reverse("teams:organisation_hours", args=[world.partner.slug])
    client.force_login(world.contact)
    speak(client, "en")
    page = client.get(url).content.decode()
    assert "Over-committed" in page and p.user.full_name in page
    client.force_login(member(world.partner2, Role.PARTNERCONTACT))
    assert client.get(url).status_code == 404


def test_accepting_more_hours_than_available_is_refused_unless_confirmed(world, client) -> None:
    invite(world)
    m = TeamMember.objects.select_related("profile__user").first()
    available = m.profile.hours_per_week  # 8 (factory)
    client.force_login(m.profile.user)
    speak(client, "en")
    url = reverse("teams:invitation", args=[m.pk])
    response = client.post(url, {"decision": "accept", "hours_committed": 40})
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["hours_committed"])
    assert f"40 hours per week to teams, more than the {available} hours" in message
    m.refresh_from_db()
    assert m.status == MemberStatus.INVITED
    speak(client, "nl")
    response = client.post(url, {"decision": "accept", "hours_committed": 40})
    assert "meer dan de" in " ".join(response.context["form"].errors["hours_committed"])
    # within the hours: accepted without asking
    client.post(url, {"decision": "accept", "hours_committed": available})
    m.refresh_from_db()
    assert m.status == MemberStatus.ACCEPTED and m.hours_committed == available


def test_over_commitment_counts_other_accepted_places_and_can_be_confirmed(world, client) -> None:
    from tests.agenda.factories import ChallengeFactory
    from veerkracht.teams.models import Team

    invite(world)
    m = TeamMember.objects.select_related("profile__user").first()
    other = Team.objects.create(challenge=ChallengeFactory(agenda=world.agenda), leader=world.regisseur)
    TeamMember.objects.create(team=other, profile=m.profile, status=MemberStatus.ACCEPTED, hours_committed=6)
    TeamMember.objects.create(
        team=Team.objects.create(challenge=ChallengeFactory(agenda=world.agenda)),
        profile=m.profile,
        status=MemberStatus.INVITED,
        hours_committed=30,
    )  # only invited: does not count
    with pytest.raises(ValidationError):
        services.invitation_respond(member=m, accept=True, hours_committed=3, by=m.profile.user)  # 6+3 > 8
    services.invitation_respond(member=m, accept=True, hours_committed=2, by=m.profile.user)  # 6+2 = 8
    m.refresh_from_db()
    assert m.status == MemberStatus.ACCEPTED
    TeamMember.objects.filter(pk=m.pk).update(status=MemberStatus.INVITED)
    client.force_login(m.profile.user)
    client.post(
        reverse("teams:invitation", args=[m.pk]),
        {"decision": "accept", "hours_committed": 5, "confirm_over": "on"},
    )
    m.refresh_from_db()
    assert m.status == MemberStatus.ACCEPTED and m.hours_committed == 5


def test_organisation_hours_count_only_accepted_places(world, client) -> None:
    from tests.agenda.factories import ChallengeFactory
    from veerkracht.teams.models import Team

    p = world.people["welzijn1"]
    for k, (status, hours) in enumerate(
        [(MemberStatus.ACCEPTED, 3), (MemberStatus.INVITED, 9), (MemberStatus.DECLINED, 7)]
    ):
        team = Team.objects.create(challenge=ChallengeFactory(agenda=world.agenda, slug=f"uren-{k}"))
        TeamMember.objects.create(
            team=team, profile=p, status=status, hours_committed=hours, reason="x" if k == 2 else ""
        )
    client.force_login(world.contact)
    response = client.get(reverse("teams:organisation_hours", args=[world.partner.slug]))
    row = next(r for r in response.context["rows"] if r["profile"].pk == p.pk)
    assert (row["committed"], row["teams"], row["invited"], row["over"]) == (3, 1, 1, False)


def test_hub_shows_part_c_current_while_the_team_is_incomplete(world, client) -> None:
    from veerkracht.agenda.hub import steps_for
    from veerkracht.agenda.workflow import Status

    invite(world)  # team size 3: three invited
    members = list(TeamMember.objects.select_related("profile__user"))
    services.invitation_respond(member=members[0], accept=True, hours_committed=4, by=members[0].profile.user)
    world.challenge.status = Status.IN_UITVOERING
    world.challenge.save(update_fields=["status"])

    def state() -> str:
        return next(
            s for s in steps_for(world.challenge, world.regisseur) if s.part.key == "samenwerken"
        ).state

    assert state() == "current"  # 1 of 3 accepted: not done
    for m in members[1:]:
        services.invitation_respond(member=m, accept=True, hours_committed=4, by=m.profile.user)
    assert state() == "done"


# --- bounded queries ----------------------------------------------------------------------------


def grow(world, n: int) -> None:
    from .conftest import person

    for k in range(n):
        person(
            f"Extra {n} {k}",
            world.partner2 if k % 2 else world.partner,
            world.veerdam,
            {"wijkkennis": 1 + k % 5},
        )


@pytest.mark.parametrize("extra", [2, 40])
def test_formation_and_members_pages_have_bounded_queries(
    world, client, django_assert_max_num_queries, extra
) -> None:
    grow(world, extra)
    invite(world)
    for m in TeamMember.objects.select_related("profile__user")[:2]:
        services.invitation_respond(member=m, accept=True, hours_committed=4, by=m.profile.user)
    client.force_login(world.regisseur)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("teams:formation", args=[world.challenge.slug])).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(reverse("teams:members", args=[world.challenge.slug])).status_code == 200
    client.force_login(world.contact)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("teams:organisation_hours", args=[world.partner.slug])).status_code == 200
    p = TeamMember.objects.filter(status="accepted").first().profile
    client.force_login(p.user)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("teams:my_profile")).status_code == 200
    # the home page: a constant number per part's panel (parts a–e), the same at both sizes
    with django_assert_max_num_queries(35):
        assert client.get("/").status_code == 200


# --- home panel, hub step, profile editing ------------------------------------------------------


def test_home_panel_and_hub_step(world, client) -> None:
    invite(world)
    m = TeamMember.objects.select_related("profile__user").first()
    client.force_login(m.profile.user)
    page = client.get("/").content.decode()
    assert reverse("teams:invitation", args=[m.pk]) in page
    client.force_login(world.regisseur)
    page = client.get(reverse("agenda:challenge", args=[world.challenge.slug])).content.decode()
    assert reverse("teams:members", args=[world.challenge.slug]) in page


def test_staff_edit_their_own_profile(world, client) -> None:
    user = member(world.partner, Role.MEDEWERKER)
    client.force_login(user)
    url = reverse("teams:my_profile_edit")
    response = client.post(
        url, {"organisation": world.partner.pk, "hours_per_week": 0, "skill_wijkkennis": "4"}
    )
    assert response.status_code == 200 and "hours_per_week" in response.context["form"].errors
    assert not hasattr(user, "talent") or user.talent is None
    response = client.post(
        url,
        {
            "organisation": world.partner.pk,
            "hours_per_week": 6,
            "skill_wijkkennis": "4",
            "available_from": "2025-02-01",
            "available_until": "2025-01-01",
        },
    )
    assert "available_until" in response.context["form"].errors
    response = client.post(
        url, {"organisation": world.partner.pk, "hours_per_week": 6, "skill_wijkkennis": "4"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.talent.hours_per_week == 6 and user.talent.organisation == world.partner
    assert {s.skill.slug: s.level for s in user.talent.skills.all()} == {"wijkkennis": 4}
    # an organisation the person does not belong to is refused
    response = client.post(url, {"organisation": world.partner2.pk, "hours_per_week": 6})
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
