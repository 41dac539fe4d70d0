"""Declared permissions on waves (django-rules). The regisseur of the challenge and the coordinators
of its agenda manage its waves; nobody else sees them (views answer 404 to people who do not take part
in the challenge at all). A reported wave's report (page and PDF, at the report minimum; never the
person-level exports) is shared with the municipality's board members (bestuurder of the lead
municipality) and the partner contacts of the challenge's stakeholder organisations, so that the
survey's promise to share the results holds. An installation administrator has no rights here by
being one. Respondents have no account: their token is their only key, and it opens
only its own wave's survey (services.invitation_for_token)."""

from __future__ import annotations

from typing import Any

import rules

from veerkracht.agenda.rules import is_coordinator, is_regisseur
from veerkracht.fieldwork import selectors, workflow
from veerkracht.fieldwork.models import Wave


def _challenge(obj: Any) -> Any:
    return obj.challenge if isinstance(obj, Wave) else obj


@rules.predicate
def manages_challenge(user: Any, obj: Any) -> bool:
    challenge = _challenge(obj)
    return bool(is_coordinator(user, challenge) or is_regisseur(user, challenge))


@rules.predicate
def is_editable(user: Any, wave: Any) -> bool:
    return isinstance(wave, Wave) and wave.state in workflow.EDITABLE


@rules.predicate
def is_inviting(user: Any, wave: Any) -> bool:
    return isinstance(wave, Wave) and wave.state in workflow.INVITING


@rules.predicate
def is_reportable(user: Any, wave: Any) -> bool:
    return isinstance(wave, Wave) and wave.state in workflow.REPORTABLE


@rules.predicate
def is_reported(user: Any, wave: Any) -> bool:
    return isinstance(wave, Wave) and wave.state == workflow.WaveState.GERAPPORTEERD


@rules.predicate
def is_open(user: Any, wave: Any) -> bool:
    return isinstance(wave, Wave) and wave.state == workflow.WaveState.OPEN


@rules.predicate
def receives_results(user: Any, wave: Any) -> bool:
    return isinstance(wave, Wave) and selectors.results_shared_with(user, wave.challenge)


rules.add_perm("fieldwork.add_wave", manages_challenge)  # obj: the challenge
rules.add_perm("fieldwork.view_wave", manages_challenge)
rules.add_perm("fieldwork.change_wave", manages_challenge & is_editable)
rules.add_perm("fieldwork.transition_wave", manages_challenge)
rules.add_perm("fieldwork.invite", manages_challenge & is_inviting)
rules.add_perm("fieldwork.remind", manages_challenge & is_open)
rules.add_perm(
    "fieldwork.view_report", (manages_challenge & is_reportable) | (is_reported & receives_results)
)
rules.add_perm("fieldwork.choose_priorities", manages_challenge & is_reportable)
rules.add_perm("fieldwork.export_answers", manages_challenge & is_reportable)
rules.add_perm("fieldwork.import_answers", manages_challenge & ~is_reported)
