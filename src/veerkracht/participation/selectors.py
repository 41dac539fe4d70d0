"""Reads on ideas: lists, similar ideas, the public feedback summary, overdue ideas."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan
from django.http import Http404
from django.utils import timezone

from veerkracht.agenda.models import Agenda, Challenge
from veerkracht.agenda.selectors import (
    access_of,
    agendas_visible_to,
    challenges_visible_to,
    is_agenda_coordinator,
    is_challenge_regisseur,
)
from veerkracht.community.text import query_stems
from veerkracht.participation import states
from veerkracht.participation.models import (
    DEFAULT_TERM_DAYS,
    AgendaIdeas,
    Comment,
    CommentReport,
    Idea,
    IdeaState,
    ResponseTerm,
    Support,
)

SIMILAR_LIMIT = 5
#: At most this many stems of a query are looked up (long texts: the first distinct ones).
SIMILAR_STEMS = 12


class SecondsBetween(Func):
    """``SecondsBetween(later, earlier)``: the seconds from ``earlier`` to ``later``, in the database's
    own arithmetic (Django's date subtraction on SQLite parses every date in Python)."""

    arity = 2
    output_field = FloatField()
    template = "EXTRACT(EPOCH FROM (%(expressions)s))::double precision"  # PostgreSQL
    arg_joiner = " - "

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(
            compiler,
            connection,
            template="((julianday(%(expressions)s)) * 86400.0)",
            arg_joiner=") - julianday(",
            **extra,
        )


def may_manage(user: Any, challenge: Challenge) -> bool:
    """The coordinator of the challenge's agenda, its regisseur (or an installation administrator)
    answers its ideas."""
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return is_agenda_coordinator(user, challenge.agenda) or is_challenge_regisseur(user, challenge)


def managed_challenges(user: Any, *, own_roles: bool = False) -> QuerySet[Challenge]:
    """The challenges whose ideas ``user`` answers (``own_roles``: by their roles only, not as an
    installation administrator)."""
    if not getattr(user, "is_authenticated", False):
        return Challenge.objects.none()
    base = Challenge.objects.select_related("agenda", "lead_municipality")
    if getattr(user, "is_superuser", False) and not own_roles:
        return base
    access = access_of(user)
    return base.filter(Q(agenda_id__in=access.coordinated) | Q(regisseur=user))


def manages_idea(user: Any, idea: Idea) -> bool:
    """Who answers ``idea``: for one on a challenge, see :func:`may_manage`; for one on the agenda as a
    whole (not yet linked), the agenda's coordinator (or an installation administrator)."""
    if idea.challenge_id is not None:
        return may_manage(user, idea.challenge)  # type: ignore[arg-type]
    if not getattr(user, "is_authenticated", False) or idea.agenda is None:
        return False
    return bool(getattr(user, "is_superuser", False)) or is_agenda_coordinator(user, idea.agenda)


def managed_agendas(user: Any, *, own_roles: bool = False) -> QuerySet[Agenda]:
    """The agendas whose ideas on the agenda as a whole ``user`` answers."""
    if not getattr(user, "is_authenticated", False):
        return Agenda.objects.none()
    if getattr(user, "is_superuser", False) and not own_roles:
        return Agenda.objects.all()
    return Agenda.objects.filter(pk__in=access_of(user).coordinated)


def visible_ideas(user: Any) -> QuerySet[Idea]:
    """Ideas ``user`` may see: on a challenge they may see, or on the agenda as a whole of an agenda
    they may see."""
    return Idea.objects.filter(
        Q(challenge__in=challenges_visible_to(user))
        | Q(challenge__isnull=True, agenda__in=agendas_visible_to(user).values("pk"))
    )


def sees_idea(user: Any, idea: Idea) -> bool:
    return visible_ideas(user).filter(pk=idea.pk).exists()


def agenda_ideas_open(agenda: Agenda) -> bool:
    return AgendaIdeas.objects.filter(agenda=agenda, open=True).exists()


def agenda_ideas_of(agenda: Agenda) -> QuerySet[Idea]:
    """The ideas submitted on ``agenda`` as a whole (also those since linked to a challenge), newest
    first."""
    return (
        Idea.objects.filter(agenda=agenda)
        .select_related("author", "neighbourhood", "challenge")
        .defer("stems")
        .order_by("-created_at", "-pk")
    )


def agenda_ideas_for(agenda: Agenda, user: Any) -> QuerySet[Idea]:
    """:func:`agenda_ideas_of` as ``user`` may see them: an idea since linked to a challenge they may not
    see (a non-public one) is left out, and with it that challenge's title."""
    return agenda_ideas_of(agenda).filter(
        Q(challenge__isnull=True) | Q(challenge__in=challenges_visible_to(user).values("pk"))
    )


def ideas_of(challenge: Challenge) -> QuerySet[Idea]:
    """The ideas of ``challenge``, newest first (count their supports per page with
    :func:`with_support_counts`: counting over all ideas would join every support)."""
    return (
        Idea.objects.filter(challenge=challenge)
        .select_related("author", "neighbourhood")
        .defer("stems")
        .order_by("-created_at", "-pk")
    )


def with_support_counts(ideas: Any) -> list[Idea]:
    """The ideas (one page) with ``support_count`` set, in one query."""
    found = list(ideas)
    counts = dict(
        Support.objects.filter(idea__in=[i.pk for i in found])
        .values_list("idea_id")
        .annotate(n=Count("pk"))
        .values_list("idea_id", "n")
    )
    for idea in found:
        idea.support_count = counts.get(idea.pk, 0)  # type: ignore[attr-defined]
    return found


def idea_for_user_or_404(user: Any, pk: int) -> Idea:
    """The idea if ``user`` may see its challenge; else Http404, whether or not it exists."""
    idea = (
        visible_ideas(user)
        .select_related("author", "neighbourhood", "merged_into", "challenge", "challenge__agenda", "agenda")
        .filter(pk=pk)
        .first()
    )
    if idea is None:
        raise Http404
    return idea


def supports_of(idea: Idea) -> int:
    return idea.supports.count()


def supported_by(idea: Idea, user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and idea.supports.filter(user=user).exists()


def stems_of(title: str, text: str) -> str:
    """What :attr:`Idea.stems` holds: the distinct Dutch stems, each between spaces."""
    return " " + " ".join(query_stems(f"{title} {text}")) + " "


def similar_ideas(
    challenge: Challenge | None,
    query: str,
    *,
    limit: int = SIMILAR_LIMIT,
    exclude: int | None = None,
    agenda: Agenda | None = None,
) -> list[Idea]:
    """Ideas on ``challenge`` (or, with ``agenda``, on that agenda as a whole) sharing the most Dutch
    stems with ``query`` (stop words left out); merged ideas are not offered (their target is)."""
    wanted = query_stems(query, drop_stopwords=True)[:SIMILAR_STEMS]
    if not wanted:
        return []
    # each stem found in the stems counts one (instr on SQLite, strpos on PostgreSQL: native, no pattern)
    score: Any = Value(0)
    for stem in wanted:
        found = GreaterThan(StrIndex("stems", Value(f" {stem} ")), 0)
        score += Case(When(found, then=Value(1)), default=Value(0))
    scope = Q(challenge=challenge) if challenge is not None else Q(challenge__isnull=True, agenda=agenda)
    candidates = Idea.objects.filter(scope).exclude(state=states.SAMENGEVOEGD)
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude)
    # scored once per idea and ranked in the database: only the ``limit`` best come back (most shared
    # stems, then newest); those sharing none are left out here
    best = (
        candidates.annotate(score=ExpressionWrapper(score, output_field=IntegerField()))
        .only("pk", "title", "state", "created_at")
        .order_by("-score", "-created_at", "-pk")[:limit]
    )
    return [idea for idea in best if idea.score > 0]  # type: ignore[attr-defined]


def term_days(municipality_id: int | None) -> int:
    if municipality_id is None:
        return DEFAULT_TERM_DAYS
    days = ResponseTerm.objects.filter(municipality_id=municipality_id).values_list("days", flat=True).first()
    return days or DEFAULT_TERM_DAYS


def due_date(idea: Idea, days: int) -> dt.datetime:
    return idea.created_at + dt.timedelta(days=days)


def overdue_ideas(user: Any, *, now: dt.datetime | None = None, own_roles: bool = False) -> QuerySet[Idea]:
    """Ideas on the challenges ``user`` answers for that have had no first answer within their
    municipality's term."""
    now = now or timezone.now()
    challenges = managed_challenges(user, own_roles=own_roles)
    municipality_ids = set(challenges.values_list("lead_municipality_id", flat=True))
    terms = dict(
        ResponseTerm.objects.filter(municipality_id__in=municipality_ids).values_list(
            "municipality_id", "days"
        )
    )
    late = Q(pk__in=[])
    for municipality_id in municipality_ids:
        days = terms.get(municipality_id, DEFAULT_TERM_DAYS)
        late |= Q(
            challenge__lead_municipality_id=municipality_id, created_at__lt=now - dt.timedelta(days=days)
        )
    on_challenges = Q(late, challenge__in=challenges)
    # ideas on the agenda as a whole, not yet linked: the term of the agenda's municipality
    agendas = list(managed_agendas(user, own_roles=own_roles).values_list("pk", "municipality_id"))
    agenda_terms = dict(
        ResponseTerm.objects.filter(municipality_id__in={m for _a, m in agendas if m}).values_list(
            "municipality_id", "days"
        )
    )
    on_agendas = Q(pk__in=[])
    for agenda_id, municipality_id in agendas:
        days = agenda_terms.get(municipality_id, DEFAULT_TERM_DAYS)
        on_agendas |= Q(agenda_id=agenda_id, created_at__lt=now - dt.timedelta(days=days))
    return (
        Idea.objects.filter(
            on_challenges | Q(on_agendas, challenge__isnull=True), first_answer_at__isnull=True
        )
        .select_related("challenge", "challenge__lead_municipality", "agenda")
        .defer("stems")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class StateCount:
    state: str
    label: str
    count: int


@dataclass(frozen=True)
class Summary:
    total: int
    by_state: list[StateCount]
    answered: int
    median_days: float | None
    term_days: int


def summary(challenge: Challenge) -> Summary:
    """For the public challenge page: how many ideas came in, what became of them, and the median
    time to a first answer (in days)."""
    return _summary(Q(challenge=challenge), challenge.lead_municipality_id)


#: How many answered ideas the challenge page shows.
ANSWERED_SHOWN = 5


def answered_ideas(challenge: Challenge, limit: int = ANSWERED_SHOWN) -> list[Idea]:
    """For the challenge page: the ideas most recently adopted or not adopted, with what they became
    or why not (one query)."""
    return list(
        Idea.objects.filter(challenge=challenge, state__in=[states.OVERGENOMEN, states.NIET_OVERGENOMEN])
        .only("pk", "title", "state", "outcome", "outcome_url", "reason", "state_changed_at")
        .order_by("-state_changed_at", "-pk")[:limit]
    )


def agenda_summary(agenda: Agenda) -> Summary:
    """The same for the ideas submitted on ``agenda`` as a whole (also those since linked to a
    challenge, which its challenge's summary counts too)."""
    return _summary(Q(agenda=agenda), agenda.municipality_id)


def _summary(scope: Q, municipality_id: int | None) -> Summary:
    counts: dict[str, int] = {}
    answered = 0
    for state, n, with_answer in (
        Idea.objects.filter(scope)
        .values_list("state")
        .annotate(n=Count("pk"), answered=Count("first_answer_at"))
        .values_list("state", "n", "answered")
    ):
        counts[state] = n
        answered += with_answer
    return Summary(
        total=sum(counts.values()),
        by_state=[StateCount(s, str(IdeaState(s).label), counts.get(s, 0)) for s in states.ALL],
        answered=answered,
        median_days=_median_days(scope, answered),
        term_days=term_days(municipality_id),
    )


def _median_days(scope: Q, answered: int) -> float | None:
    """The median time to a first answer of the ``answered`` ideas in ``scope`` (in days), read as the
    middle one or two of the waits sorted in the database (not every idea's dates)."""
    if not answered:
        return None
    middle = list(
        Idea.objects.filter(scope, first_answer_at__isnull=False)
        .annotate(wait=SecondsBetween("first_answer_at", "created_at"))
        .order_by("wait")
        .values_list("wait", flat=True)[(answered - 1) // 2 : answered // 2 + 1]
    )
    return states.median_days([float(seconds) for seconds in middle])


# --- comments ------------------------------------------------------------------------------------


def comments_of(idea: Idea, user: Any) -> list[Comment]:
    """The comments on ``idea`` in order, each with ``shows_text`` (False for a hidden comment, unless
    ``user`` wrote it or moderates it) and ``reported`` (``user`` reported it)."""
    found = list(Comment.objects.filter(idea=idea).select_related("author").order_by("created_at", "pk"))
    moderator = manages_idea(user, idea)
    mine: set[int] = set()
    if getattr(user, "is_authenticated", False) and found:
        mine = set(
            CommentReport.objects.filter(comment__in=found, user=user).values_list("comment_id", flat=True)
        )
    for comment in found:
        own = comment.author_id is not None and comment.author_id == getattr(user, "pk", None)
        comment.shows_text = not comment.is_hidden or own or moderator  # type: ignore[attr-defined]
        comment.is_own = own  # type: ignore[attr-defined]
        comment.reported = comment.pk in mine  # type: ignore[attr-defined]
    return found


def comment_for_user_or_404(user: Any, pk: int) -> Comment:
    """The comment if ``user`` may see its idea; else Http404, whether or not it exists."""
    comment = (
        Comment.objects.select_related(
            "idea", "idea__challenge", "idea__challenge__agenda", "idea__agenda", "author"
        )
        .filter(pk=pk, idea__in=visible_ideas(user))
        .first()
    )
    if comment is None:
        raise Http404
    return comment


def reported_comments(user: Any) -> QuerySet[Comment]:
    """Visible comments with at least one report on the challenges ``user`` moderates, most reported
    first (``report_count``)."""
    return (
        Comment.objects.filter(
            Q(idea__challenge__in=managed_challenges(user))
            | Q(idea__challenge__isnull=True, idea__agenda__in=managed_agendas(user)),
            hidden_at__isnull=True,
        )
        # only the comments with a report are counted (not every comment joined to its reports)
        .filter(pk__in=CommentReport.objects.values("comment_id"))
        .annotate(report_count=Count("reports"))
        .select_related("idea", "idea__challenge", "author")
        .order_by("-report_count", "created_at", "pk")
    )
