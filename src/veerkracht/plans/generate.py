"""Generating the analysis of the current situation and the plan van aanpak of a challenge.

Every figure comes from the selector or service that the part's own page uses, formatted with the
same filter as that page (the monitor's report: ``report.build`` and ``num``/``signed``; the resources
page: ``resources.selectors.summary`` and ``floatformat:"-2g"``; the objectives: governance's
``current_objectives``; the ideas: ``participation.selectors.summary``) — nothing is computed twice.
The builders return a :class:`~veerkracht.plans.document.Document` (pure data) and the *inputs*: the
raw figures used, stored with each version.

The text is generated in the requested language (``translation.override``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.template.defaultfilters import floatformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from veerkracht.agenda import selectors as agenda_selectors
from veerkracht.agenda.models import Challenge, Level, StakeholderRole, Status
from veerkracht.agenda.sanitise import plain_text
from veerkracht.community import selectors as community_selectors
from veerkracht.fieldwork import report as monitor_report
from veerkracht.fieldwork import selectors as fieldwork_selectors
from veerkracht.fieldwork.templatetags.fieldwork_tags import num, signed
from veerkracht.governance.models import CouncilLetter, Escalation, LetterState, Mandate, MandateState
from veerkracht.governance.services.decisions import municipality_of
from veerkracht.governance.services.objectives import current_objectives
from veerkracht.governance.usage import usage_of
from veerkracht.organisations.models import Kind
from veerkracht.participation import selectors as participation_selectors
from veerkracht.participation import session_selectors
from veerkracht.plans.document import (
    Bar,
    BulletList,
    Document,
    Gantt,
    Heading,
    Map,
    Paragraph,
    Point,
    Section,
    Table,
)
from veerkracht.plans.models import Pilot, PilotState
from veerkracht.resources import rules as resources_rules
from veerkracht.resources import selectors as resources_selectors
from veerkracht.resources.models import NeedKind
from veerkracht.teams import selectors as team_selectors
from veerkracht.teams.workflow import MemberStatus

#: Where a level sits on the map's axes (0..1).
LEVEL_POSITION = {Level.LOW: 1 / 6, Level.MEDIUM: 0.5, Level.HIGH: 5 / 6}

#: The sections of the analysis of the current situation, in order.
ANALYSIS_SECTIONS: tuple[str, ...] = (
    "uitdaging",
    "belanghebbenden",
    "monitor",
    "verandering",
    "ideeen",
    "lessen",
)

#: Which kind of need touches which part of a partner's organisation: hours and expertise its people
#: (HRM), money its planning & control (P&C), data its information provision (ICT). Facilities are
#: counted under P&C (they are a cost to the partner).
CONSEQUENCE_OF_KIND = {
    NeedKind.UREN: "hrm",
    NeedKind.EXPERTISE: "hrm",
    NeedKind.GELD: "pc",
    NeedKind.FACILITEIT: "pc",
    NeedKind.DATA: "ict",
}


AMOUNT_KEYS = ("hrm_pledged", "hrm_delivered", "pc_pledged", "pc_delivered", "ict_pledged", "ict_delivered")


def dec(value: Any) -> str:
    """An amount as the resources pages show it (``floatformat:"-2g"``)."""
    return str(floatformat(value, "-2g"))


def day(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return value.isoformat()


@dataclass
class Built:
    """A generated document with the raw figures it was made from."""

    document: Document
    inputs: dict[str, Any] = field(default_factory=dict)


# --- the analysis --------------------------------------------------------------------------------


def _challenge_section(challenge: Challenge, inputs: dict[str, Any]) -> Section:
    blocks: list[Any] = [Paragraph(plain_text(challenge.problem))]
    if challenge.ambition:
        blocks += [Heading(_("Ambition")), Paragraph(plain_text(challenge.ambition))]
    timeline = agenda_selectors.timeline_of(challenge)
    rows = tuple(
        (
            day(t.at),
            str(Status(t.from_status).label) if t.from_status else "—",
            str(Status(t.to_status).label),
            t.note,
        )
        for t in timeline
    )
    blocks.append(Heading(_("History")))
    blocks.append(
        Table(_("History of the challenge"), (_("Date"), _("From"), _("To"), _("Note")), rows)
        if rows
        else Paragraph(_("No steps recorded yet."))
    )
    inputs["status"] = challenge.status
    inputs["transitions"] = len(timeline)
    return Section("uitdaging", _("The challenge and its history"), tuple(blocks))


def _stakeholder_section(challenge: Challenge, inputs: dict[str, Any]) -> Section:
    stakeholders = agenda_selectors.stakeholders_of(challenge)
    gaps = agenda_selectors.stakeholder_gaps(challenge, stakeholders)
    blocks: list[Any] = []
    if stakeholders:
        blocks.append(
            Map(
                _("Stakeholder map"),
                tuple(
                    Point(
                        s.organisation.name,
                        LEVEL_POSITION[Level(s.interest)],
                        LEVEL_POSITION[Level(s.influence)],
                        str(StakeholderRole(s.role).label),
                    )
                    for s in stakeholders
                ),
                x_label=_("interest"),
                y_label=_("influence"),
            )
        )
        blocks.append(
            Table(
                _("Stakeholders"),
                (_("Organisation"), _("Role"), _("Interest"), _("Influence")),
                tuple(
                    (
                        s.organisation.name,
                        str(StakeholderRole(s.role).label),
                        str(Level(s.interest).label),
                        str(Level(s.influence).label),
                    )
                    for s in stakeholders
                ),
            )
        )
    else:
        blocks.append(Paragraph(_("No stakeholders recorded yet.")))
    blocks.append(Heading(_("Who is missing")))
    if gaps:
        blocks.append(
            BulletList(
                tuple(_("Resident representation") if g.residents else str(Kind(g.kind).label) for g in gaps)
            )
        )
    else:
        blocks.append(Paragraph(_("Every kind of partner this domain usually needs is at the table.")))
    inputs["stakeholders"] = {s.organisation.slug: [s.interest, s.influence] for s in stakeholders}
    inputs["missing"] = [g.kind for g in gaps]
    return Section("belanghebbenden", _("Stakeholders and who is missing"), tuple(blocks))


def monitor_context(challenge: Challenge, language: str) -> dict[str, Any] | None:
    """The report of the challenge's latest reported wave (the context of the report page)."""
    wave = fieldwork_selectors.latest_reported_wave(challenge)
    return monitor_report.build(wave, language=language) if wave is not None else None


def _monitor_section(report: dict[str, Any] | None, inputs: dict[str, Any]) -> Section:
    title = _("The innovation monitor's profile")
    if report is None:
        return Section("monitor", title, (Paragraph(_("No monitor wave has been reported yet.")),))
    wave = report["wave"]
    dims = report["dims"]
    blocks: list[Any] = [
        Paragraph(
            _("Wave %(number)s: %(completed)s responses; index %(index)s.")
            % {"number": wave.number, "completed": report["total_completed"], "index": num(report["index"])}
        ),
        Table(
            _("Scores per dimension (0–100)"),
            (_("Dimension"), _("Respondents"), _("Score"), _("Judgement")),
            tuple((d.name, str(d.result.n), num(d.score), d.label) for d in dims),
            numeric=(False, True, True, False),
        ),
    ]
    strengths = [d.name for d in dims if d.result.label == "sterkte"]
    development = [d.name for d in dims if d.weak]
    blocks += [Heading(_("Strengths")), BulletList(tuple(strengths)) if strengths else Paragraph(_("None."))]
    blocks += [
        Heading(_("Development areas")),
        BulletList(tuple(development)) if development else Paragraph(_("None.")),
    ]
    if report["gaps"]:
        blocks.append(Heading(_("Gaps between groups")))
        blocks.append(
            Table(
                _("Largest differences between groups"),
                (_("Dimension and groups"), _("Difference")),
                tuple((f"{g['dimension']}: {g['a']} − {g['b']}", signed(g["diff"])) for g in report["gaps"]),
                numeric=(False, True),
            )
        )
    if report["has_benchmark"]:
        blocks.append(Heading(_("Benchmark")))
        blocks.append(
            Table(
                _("Compared with other municipalities"),
                (_("Dimension"), _("Score"), _("Percentile"), _("Median elsewhere")),
                tuple(
                    (d.name, num(d.score), num(d.bench["percentile"]), num(d.bench["p50"]))
                    for d in dims
                    if d.bench
                ),
                numeric=(False, True, True, True),
            )
        )
    inputs["wave"] = {"number": wave.number, "pk": wave.pk, "responses": report["total_completed"]}
    inputs["scores"] = {d.code: d.score for d in dims}
    inputs["weak"] = [d.code for d in dims if d.weak]
    return Section("monitor", title, tuple(blocks))


def _change_section(report: dict[str, Any] | None, inputs: dict[str, Any]) -> Section:
    title = _("Change since the earlier wave")
    if report is None or not report["has_previous"]:
        return Section("verandering", title, (Paragraph(_("There is no earlier wave to compare with.")),))
    previous = report["previous"]
    table = Table(
        _("Change per dimension"),
        (_("Dimension"), _("Wave %(number)s") % {"number": previous.number}, _("Now"), _("Change (points)")),
        tuple(
            (d.name, num(d.previous), num(d.score), signed(d.change["diff"]) if d.change else "—")
            for d in report["dims"]
        ),
        numeric=(False, True, True, True),
    )
    inputs["change"] = {d.code: d.change["diff"] if d.change else None for d in report["dims"]}
    return Section("verandering", title, (table,))


def _ideas_section(challenge: Challenge, inputs: dict[str, Any]) -> Section:
    summary = participation_selectors.summary(challenge)
    blocks: list[Any] = [
        Paragraph(
            _("%(total)s ideas from residents so far; %(answered)s answered.")
            % {"total": summary.total, "answered": summary.answered}
        )
    ]
    if summary.total:
        blocks.append(
            Table(
                _("Ideas per state"),
                (_("State"), _("Ideas")),
                tuple((s.label, str(s.count)) for s in summary.by_state),
                numeric=(False, True),
            )
        )
    inputs["ideas"] = {s.state: s.count for s in summary.by_state}
    return Section("ideeen", _("Ideas from residents"), tuple(blocks))


def _lessons_section(challenge: Challenge, user: Any, inputs: dict[str, Any]) -> Section:
    found = community_selectors.similar_elsewhere(challenge, user)
    lessons = [e for e in found if e.kind == "lesson"]
    challenges = [e for e in found if e.kind == "challenge"]
    blocks: list[Any] = []
    if lessons:
        blocks += [
            Heading(_("Lessons learned elsewhere")),
            BulletList(tuple(f"{e.title} ({e.municipality})" for e in lessons)),
        ]
    if challenges:
        blocks += [
            Heading(_("Similar challenges elsewhere")),
            BulletList(tuple(f"{e.title} ({e.municipality})" for e in challenges)),
        ]
    if not blocks:
        blocks.append(Paragraph(_("No similar challenges or lessons found elsewhere yet.")))
    inputs["elsewhere"] = [e.title for e in found]
    return Section("lessen", _("Lessons from similar challenges"), tuple(blocks))


def _document(challenge: Challenge, title: str, language: str, sections: list[Section]) -> Document:
    municipality = challenge.lead_municipality
    return Document(
        title=title,
        organisation=municipality.name,
        colour=municipality.theme_colour or monitor_report.DEFAULT_COLOUR,
        language=language,
        sections=tuple(sections),
        subtitle=challenge.title,
        date=timezone.localdate().isoformat(),
    )


def _analysis_sections(
    challenge: Challenge, user: Any, report: dict[str, Any] | None, inputs: dict[str, Any]
) -> list[Section]:
    return [
        _challenge_section(challenge, inputs),
        _stakeholder_section(challenge, inputs),
        _monitor_section(report, inputs),
        _change_section(report, inputs),
        _ideas_section(challenge, inputs),
        _lessons_section(challenge, user, inputs),
    ]


def analysis(challenge: Challenge, *, user: Any, language: str) -> Built:
    """The analysis of the current situation of ``challenge`` (what ``user`` may see of elsewhere)."""
    inputs: dict[str, Any] = {}
    with translation.override(language):
        sections = _analysis_sections(challenge, user, monitor_context(challenge, language), inputs)
        document = _document(challenge, _("Analysis of the current situation"), language, sections)
    return Built(document, inputs)


# --- the plan ------------------------------------------------------------------------------------


def _aanleiding(challenge: Challenge) -> Section:
    blocks: list[Any] = [Heading(_("The problem")), Paragraph(plain_text(challenge.problem))]
    if challenge.ambition:
        blocks += [Heading(_("The task we set ourselves")), Paragraph(plain_text(challenge.ambition))]
    blocks.append(
        Paragraph(
            _("Domain: %(domain)s. Status: %(status)s.")
            % {"domain": challenge.domain.name, "status": Status(challenge.status).label}
        )
    )
    return Section("aanleiding", _("Reason and task"), tuple(blocks))


def _analyse(analysis_sections: list[Section]) -> Section:
    blocks: list[Any] = []
    for section in analysis_sections:
        blocks.append(Heading(section.title))
        blocks.extend(Heading(b.text, level=3) if isinstance(b, Heading) else b for b in section.blocks)
    return Section("analyse", _("Analysis of the current situation"), tuple(blocks))


def _doelen(challenge: Challenge, inputs: dict[str, Any]) -> Section:
    rows = current_objectives(challenge)
    if not rows:
        return Section("doelen", _("Objectives and indicators"), (Paragraph(_("No objectives agreed yet.")),))
    objectives = Table(
        _("Objectives"),
        (_("Objective"), _("State"), _("Progress (%)"), _("Status")),
        tuple(
            (
                f"{r.objective.code} {r.objective.name}",
                str(r.objective.get_state_display()),
                str(floatformat(r.result.progress, 0))
                if r.result is not None and r.result.progress is not None
                else "—",
                r.label or "—",
            )
            for r in rows
        ),
        numeric=(False, False, True, False),
    )
    indicators = Table(
        _("Indicators"),
        (_("Indicator"), _("From"), _("To"), _("Status")),
        tuple(
            (
                f"{r.objective.code}.{i.indicator.code} {i.indicator.name}",
                f"{floatformat(i.indicator.baseline_value, '-6')} {i.indicator.unit}".strip(),
                f"{floatformat(i.indicator.target_value, '-6')} {i.indicator.unit}".strip(),
                i.sentence or "—",
            )
            for r in rows
            for i in r.indicators
        ),
        numeric=(False, True, True, False),
    )
    inputs["objectives"] = {
        r.objective.code: r.result.progress if r.result is not None else None for r in rows
    }
    return Section("doelen", _("Objectives and indicators"), (objectives, indicators))


def _pilots(challenge: Challenge) -> list[Pilot]:
    return list(Pilot.objects.filter(challenge=challenge).order_by("starts_on", "pk"))


def _aanpak(
    challenge: Challenge, pilots: list[Pilot], sessions: list[Any], inputs: dict[str, Any]
) -> Section:
    blocks: list[Any] = [Heading(_("Team"))]
    team = team_selectors.team_of(challenge)
    members = team_selectors.members_of(team) if team is not None else []
    accepted = [m for m in members if m.status == MemberStatus.ACCEPTED]
    if accepted:
        blocks.append(
            Table(
                _("Team members"),
                (_("Name"), _("Organisation"), _("Role"), _("Hours per week")),
                tuple(
                    (
                        m.profile.user.full_name or m.profile.user.email,
                        m.profile.organisation.name if m.profile.organisation else "—",
                        str(m.get_role_display()),
                        str(m.hours_committed),
                    )
                    for m in accepted
                ),
                numeric=(False, False, False, True),
            )
        )
    else:
        blocks.append(Paragraph(_("No team has been formed yet.")))
    blocks.append(Heading(_("Pilots")))
    if pilots:
        blocks.append(
            Table(
                _("Pilots"),
                (_("Pilot"), _("If we do"), _("Then we expect"), _("State")),
                tuple(
                    (p.title, p.intervention, p.expectation, str(PilotState(p.state).label)) for p in pilots
                ),
            )
        )
    else:
        blocks.append(Paragraph(_("No pilots planned yet.")))
    blocks.append(Heading(_("Sessions with residents")))
    if sessions:
        blocks.append(
            Table(
                _("Co-creation sessions"),
                (_("Session"), _("Date"), _("Registered")),
                tuple((s.title, day(s.starts_at), str(s.registered_count)) for s in sessions),
                numeric=(False, False, True),
            )
        )
    else:
        blocks.append(Paragraph(_("No sessions with residents planned yet.")))
    inputs["team"] = len(accepted)
    inputs["pilots"] = {p.title: p.state for p in pilots}
    inputs["sessions"] = {s.title: s.registered_count for s in sessions}
    return Section("aanpak", _("Approach"), tuple(blocks))


def _sturing(
    challenge: Challenge, mandate: Mandate | None, escalations: list[Escalation], inputs: dict[str, Any]
) -> Section:
    blocks: list[Any] = [Heading(_("Mandate"))]
    if mandate is not None:
        used = usage_of(challenge)
        blocks.append(Paragraph(plain_text(mandate.scope)))
        blocks.append(
            Table(
                _("Mandate and use"),
                (_("What"), _("Mandate"), _("Used")),
                (
                    (_("Budget (€)"), dec(mandate.budget), dec(used.money)),
                    (_("Hours"), dec(mandate.hours), dec(used.hours)),
                    (_("Period"), f"{day(mandate.starts_on)} – {day(mandate.ends_on)}", ""),
                ),
                numeric=(False, True, True),
            )
        )
        blocks.append(Heading(_("What the innovation director decides")))
        blocks.append(Paragraph(plain_text(mandate.decides_alone)))
        rules = list(mandate.experiment_rules.all())
        if rules:
            blocks.append(Heading(_("Experimentation space")))
            blocks.append(BulletList(tuple(f"{r.rule} ({_('until')} {day(r.until)})" for r in rules)))
        inputs["mandate"] = {"budget": str(mandate.budget), "hours": str(mandate.hours)}
        inputs["used"] = {"money": str(used.money), "hours": str(used.hours)}
    else:
        blocks.append(Paragraph(_("The board has not given a mandate yet.")))
    blocks.append(Heading(_("Escalations")))
    if escalations:
        blocks.append(
            Table(
                _("Escalations"),
                (_("Raised"), _("Level"), _("Summary"), _("Answered")),
                tuple(
                    (
                        day(e.raised_at),
                        str(e.get_level_display()),
                        e.summary,
                        day(e.answered_at) if e.answered_at else (_("open") if e.is_open else "—"),
                    )
                    for e in escalations
                ),
            )
        )
    else:
        blocks.append(Paragraph(_("No escalations.")))
    municipality = municipality_of(challenge)
    letters = list(
        CouncilLetter.objects.filter(municipality=municipality, state=LetterState.GEPUBLICEERD).order_by(
            "-period_end", "-pk"
        )[:5]
    )
    blocks.append(Heading(_("Council information")))
    if letters:
        blocks.append(
            BulletList(
                tuple(
                    f"{letter.title} ({day(letter.period_start)} – {day(letter.period_end)})"
                    for letter in letters
                )
            )
        )
    else:
        blocks.append(Paragraph(_("No council information letter published yet.")))
    inputs["escalations"] = [e.key for e in escalations]
    return Section("sturing", _("Steering"), tuple(blocks))


def _organisatie(challenge: Challenge, inputs: dict[str, Any]) -> tuple[Section, list[Any]]:
    summary = resources_selectors.summary(challenge)  # the whole picture: the plan is the team's
    blocks: list[Any] = [Heading(_("Needs, pledges and gaps"))]
    if summary.kinds:
        blocks.append(
            Table(
                _("Needs per kind"),
                (_("Kind"), _("Needed"), _("Pledged (accepted)"), _("Delivered"), _("Not pledged yet")),
                tuple(
                    (f"{k.label} ({k.unit})", dec(k.needed), dec(k.pledged), dec(k.delivered), dec(k.gap))
                    for k in summary.kinds
                ),
                numeric=(False, True, True, True, True),
            )
        )
    else:
        blocks.append(Paragraph(_("No needs recorded yet.")))
    blocks.append(Heading(_("Consequences for each partner")))
    # Per partner, pledged and delivered (the ledger) for each area; amounts only where the regisseur
    # shares them with everyone on the challenge (resources' own rule): the plan is read by the team and,
    # once sent, by the council. Facilities count in day parts, not euro: they mark P&C without an amount.
    shared = resources_rules.shares(challenge)
    per_partner: dict[str, dict[str, Decimal]] = {}
    touched: dict[str, set[str]] = {}
    for share in summary.partners:
        area = CONSEQUENCE_OF_KIND[NeedKind(share.kind)]
        touched.setdefault(share.organisation.name, set()).add(area)
        at = per_partner.setdefault(share.organisation.name, dict.fromkeys(AMOUNT_KEYS, Decimal(0)))
        if share.kind != NeedKind.FACILITEIT:
            at[f"{area}_pledged"] += share.pledged or Decimal(0)
            at[f"{area}_delivered"] += share.delivered or Decimal(0)
    if per_partner and shared:
        blocks.append(
            Table(
                _("Per partner: pledged and delivered for HRM (hours), P&C (euro) and ICT (data sets)"),
                (
                    _("Partner"),
                    _("HRM: hours pledged"),
                    _("HRM: hours delivered"),
                    _("P&C: euro pledged"),
                    _("P&C: euro delivered"),
                    _("ICT: data pledged"),
                    _("ICT: data delivered"),
                ),
                tuple((name, *(dec(v[k]) for k in AMOUNT_KEYS)) for name, v in sorted(per_partner.items())),
                numeric=(False, True, True, True, True, True, True),
            )
        )
    elif per_partner:
        blocks.append(
            Paragraph(
                _(
                    "The innovation director does not share the partners' amounts; the table shows which "
                    "parts of each partner's organisation the pledges touch."
                )
            )
        )
        blocks.append(
            Table(
                _("Per partner: what the pledges touch"),
                (_("Partner"), _("HRM (people and hours)"), _("P&C (money and facilities)"), _("ICT (data)")),
                tuple(
                    (name, *(_("yes") if area in areas else "—" for area in ("hrm", "pc", "ict")))
                    for name, areas in sorted(touched.items())
                ),
            )
        )
    else:
        blocks.append(Paragraph(_("No partner has pledged anything yet.")))
    inputs["needs"] = {
        k.kind: {"needed": str(k.needed), "pledged": str(k.pledged), "delivered": str(k.delivered)}
        for k in summary.kinds
    }
    inputs["partners"] = {
        name: {k: str(v) for k, v in values.items()} if shared else sorted(touched[name])
        for name, values in per_partner.items()
    }
    unmet = [k for k in summary.kinds if k.gap > 0]
    return Section("organisatie", _("Organisation and resources"), tuple(blocks)), unmet


def _planning(
    challenge: Challenge,
    mandate: Mandate | None,
    pilots: list[Pilot],
    sessions: list[Any],
    inputs: dict[str, Any],
) -> Section:
    bars: list[Bar] = []
    if mandate is not None:
        bars.append(Bar(_("Mandate"), day(mandate.starts_on), day(mandate.ends_on), group=_("Steering")))
    for wave in challenge.waves.order_by("number"):
        bars.append(
            Bar(
                _("Monitor wave %(number)s") % {"number": wave.number},
                day(wave.starts_on),
                day(wave.ends_on),
                group=_("Monitor"),
            )
        )
    bars += [Bar(p.title, day(p.starts_on), day(p.ends_on), group=_("Pilots")) for p in pilots]
    bars += [
        Bar(s.title, day(s.starts_at), day(s.starts_at), group=_("Residents"), milestone=True)
        for s in sessions
    ]
    if not bars:
        return Section("planning", _("Planning"), (Paragraph(_("Nothing planned yet.")),))
    inputs["planning"] = {b.label: [b.start, b.end] for b in bars}
    return Section("planning", _("Planning"), (Gantt(_("Milestones"), tuple(bars)),))


def _risicos(
    escalations: list[Escalation], unmet: list[Any], weak: list[str], inputs: dict[str, Any]
) -> Section:
    items: list[str] = []
    items += [_("Open escalation: %(summary)s") % {"summary": e.summary} for e in escalations if e.is_open]
    items += [
        _("Unmet need: %(kind)s, %(gap)s %(unit)s not pledged yet")
        % {"kind": k.label, "gap": dec(k.gap), "unit": k.unit}
        for k in unmet
    ]
    items += [_("Weak on the monitor: %(dimension)s") % {"dimension": name} for name in weak]
    inputs["risks"] = len(items)
    blocks: tuple[Any, ...] = (BulletList(tuple(items)),) if items else (Paragraph(_("No risks found.")),)
    return Section("risicos", _("Risks"), blocks)


def plan(challenge: Challenge, *, user: Any, language: str) -> Built:
    """The plan van aanpak of ``challenge`` in ``language``, in the sections of ``PLAN_SECTIONS``."""
    inputs: dict[str, Any] = {}
    with translation.override(language):
        analysis_inputs: dict[str, Any] = {}
        report = monitor_context(challenge, language)
        # the stored plan is read by the team, the board and (once sent) the council: what it says about
        # elsewhere is what everyone may see, not what its maker happens to see
        analysis_sections = _analysis_sections(challenge, AnonymousUser(), report, analysis_inputs)
        inputs["analysis"] = analysis_inputs
        pilots = _pilots(challenge)
        sessions = list(session_selectors.sessions_of(challenge))
        mandate = (
            Mandate.objects.filter(challenge=challenge, state=MandateState.GEGEVEN)
            .prefetch_related("experiment_rules")
            .first()
        )
        escalations = list(Escalation.objects.filter(challenge=challenge).order_by("-raised_at", "-pk"))
        organisatie, unmet = _organisatie(challenge, inputs)
        weak = [d.name for d in report["dims"] if d.weak] if report is not None else []
        sections = [
            _aanleiding(challenge),
            _analyse(analysis_sections),
            _doelen(challenge, inputs),
            _aanpak(challenge, pilots, sessions, inputs),
            _sturing(challenge, mandate, escalations, inputs),
            organisatie,
            _planning(challenge, mandate, pilots, sessions, inputs),
            _risicos(escalations, unmet, weak, inputs),
        ]
        document = _document(challenge, _("Plan van aanpak"), language, sections)
    return Built(document, inputs)
