"""The teams app's contributions to shared pages and rules: the "samenwerken" step on the challenge
page (hub), a home-page panel (my teams, open invitations), and team members as challenge
participants (agenda's ``register_participation``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from veerkracht.agenda import hub
from veerkracht.agenda.selectors import register_participation
from veerkracht.agenda.workflow import Status
from veerkracht.core.dashboard import Panel, register
from veerkracht.teams import selectors
from veerkracht.teams.models import MemberStatus, Team


@register_participation
def team_members_take_part(user: Any) -> Q:
    """Accepted members of a challenge's innovation team take part in the challenge."""
    return Q(
        pk__in=Team.objects.filter(members__profile__user=user, members__status=MemberStatus.ACCEPTED).values(
            "challenge_id"
        )
    )


#: Lifecycle states after team formation: the part is done only when the team is complete.
AFTER_FORMATION = frozenset({Status.IN_UITVOERING, Status.IN_EVALUATIE, Status.AFGEROND})


def _part_state(challenge: Any, team: Any, needs: Any) -> str:
    """ "current" while the challenge is past team formation but its team is incomplete (places not
    accepted yet, or fewer accepted than the team size); otherwise the lifecycle decides ("")."""
    if challenge.status not in AFTER_FORMATION:
        return ""
    wanted = needs.team_size if needs is not None else 1
    complete = team is not None and team.n_invited == 0 and team.n_accepted >= wanted
    return "" if complete else "current"


@hub.register("samenwerken")
def samenwerken_step(challenge: Any, user: Any) -> hub.StepInfo | None:
    manage = user.has_perm("teams.form_team", challenge)
    team = (
        Team.objects.filter(challenge=challenge)
        .annotate(
            n_accepted=Count("members", filter=Q(members__status=MemberStatus.ACCEPTED)),
            n_invited=Count("members", filter=Q(members__status=MemberStatus.INVITED)),
            n_declined=Count("members", filter=Q(members__status=MemberStatus.DECLINED)),
        )
        .first()
    )
    needs = selectors.needs_of(challenge)
    state = _part_state(challenge, team, needs)
    if team is not None and user.has_perm("teams.view_team", challenge):
        summary = _("Team: %(a)s accepted, %(i)s invited, %(d)s declined") % {
            "a": team.n_accepted,
            "i": team.n_invited,
            "d": team.n_declined,
        }
        if needs is not None:
            summary += " " + _("(team size %(size)s)") % {"size": needs.team_size}
        return hub.StepInfo(url=reverse("teams:members", args=[challenge.slug]), summary=summary, state=state)
    if manage:
        return hub.StepInfo(
            url=reverse("teams:formation" if needs is not None else "teams:needs", args=[challenge.slug]),
            summary=_("Needs set; no team yet.") if needs is not None else _("No team needs yet."),
            state=state,
        )
    return None


@register
def teams_panel(user: Any) -> Panel | None:
    """Part c on the home page: the person's invitations and teams, their profile (hours given and
    committed), the teams they lead, and the pages of part c they may open."""
    if not getattr(user, "is_authenticated", False):
        return None
    places = selectors.my_places(user)
    led = list(selectors.teams_led_by(user)[:10])
    profile = selectors.own_profile(user)
    links = selectors.start_links(user)
    if not (places or led or profile or any(link.url != reverse("teams:sign_up") for link in links)):
        return None
    committed = sum(p.hours_committed for p in places if p.status == MemberStatus.ACCEPTED)
    return Panel(
        key="teams",
        title=_("Innovation teams"),
        template="teams/panel.html",
        context={
            "invitations": [p for p in places if p.status == MemberStatus.INVITED],
            "teams": [p for p in places if p.status == MemberStatus.ACCEPTED],
            "led": led,
            "profile": profile,
            "committed": committed,
            "over": profile is not None and committed > profile.hours_per_week,
            "links": links,
        },
        order=40,
    )
