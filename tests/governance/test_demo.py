"""The governance demo: every status of the rules engine at the reference date, a mandate at 85 % of its
budget, an answered escalation, a verifiable log of 20+ entries, a council member and a published
letter; loading twice adds nothing."""

from __future__ import annotations

import datetime as dt
import functools
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone
from pypdf import PdfReader

from veerkracht.agenda.models import Challenge
from veerkracht.agenda.workflow import Status
from veerkracht.governance import chain, status
from veerkracht.governance import demo as governance_demo
from veerkracht.governance.models import (
    CouncilLetter,
    Decision,
    DecisionKind,
    Escalation,
    EscalationLevel,
    ExperimentRule,
    Indicator,
    IndicatorSource,
    LetterState,
    Mandate,
    MandateState,
    Measurement,
    Objective,
    ObjectiveState,
    UsageEntry,
    UsageKind,
)
from veerkracht.governance.services.decisions import export_log
from veerkracht.organisations.models import Membership, Organisation, Role

pytestmark = pytest.mark.django_db

SIX = {"behaald", "op koers", "aandacht", "uit koers", "niet behaald", "geen meting"}

# Worked out by hand from the demo's numbers (docs/governance: progress, deviation, tolerance 0.10).
EXPECTED = {
    # O1 v2: 12 -> 60 over 1100 days; at day 360 planned 32.7 %, measured (31-12)/48 = 39.6 %: ahead
    ("transitie-sociaal-domein", "O1", 2): "op koers",
    # O2: 78 -> 66; at day 360 planned 32.7 %, measured (78.9-78)/-12 = -7.5 %: 40 points behind
    ("transitie-sociaal-domein", "O2", 1): "uit koers",
    # O4: 42 -> 21; at day 330 planned 30 %, measured (38-42)/-21 = 19 %: 11 points behind (< 2 tol)
    ("transitie-sociaal-domein", "O4", 1): "aandacht",
    # 2145 of 2100 households visited
    ("energiearmoede-aanpakken", "O1", 1): "behaald",
    # target date passed, € 31 of € 40
    ("energiearmoede-aanpakken", "O2", 1): "niet behaald",
    ("eenzaamheid-onder-ouderen", "O1", 1): "behaald",
    # the monitor's wave has not run yet
    ("jeugdcriminaliteit-de-vaart", "O1", 1): "geen meting",
}


def load_demo(today: dt.date | None = None) -> None:
    """The real ``load_demo`` command; with ``today``, the governance demo dated from that day."""
    if today is None:
        call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
        return
    original = governance_demo.load
    governance_demo.load = functools.partial(original, today=today)  # type: ignore[assignment]
    try:
        call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    finally:
        governance_demo.load = original  # type: ignore[assignment]


def veerdam() -> Organisation:
    return Organisation.objects.get(slug="gemeente-veerdam")


def statuses_at(as_of: dt.date) -> dict[tuple[str, str, int], str]:
    agreed = status.with_measurements(
        Objective.objects.filter(state=ObjectiveState.OVEREENGEKOMEN).select_related("challenge")
    )
    by_pk = {o.pk: o for o in agreed}
    return {
        (by_pk[pk].challenge.slug, by_pk[pk].code, by_pk[pk].version): s.status
        for pk, s in status.evaluate(agreed, as_of).items()
    }


def test_demo_covers_every_status_today_with_the_rest_of_part_d():
    load_demo()
    today = timezone.localdate()
    found = statuses_at(today)
    assert found == EXPECTED
    assert set(found.values()) == SIX

    # agreed objectives: both confirmations and an agreement in the log
    for objective in Objective.objects.filter(
        state__in=[ObjectiveState.OVEREENGEKOMEN, ObjectiveState.VERVANGEN]
    ):
        assert objective.board_confirmed_by is not None and objective.regisseur_confirmed_by is not None
        assert objective.regisseur_confirmed_by == objective.challenge.regisseur
        assert objective.agreement is not None and objective.agreement.kind == DecisionKind.DOELWIJZIGING
    # one proposed, waiting for the board; one superseded by an agreed newer version
    waiting = Objective.objects.get(state=ObjectiveState.VOORGESTELD)
    assert waiting.regisseur_confirmed_by is not None and waiting.board_confirmed_by is None
    old = Objective.objects.get(state=ObjectiveState.VERVANGEN)
    assert old.superseded_by.state == ObjectiveState.OVEREENGEKOMEN
    assert old.superseded_by.version == old.version + 1

    # sources: CBS, own registration, and a monitor dimension of the demo's instrument
    sources = set(Indicator.objects.values_list("source", flat=True))
    assert sources == {IndicatorSource.CBS, IndicatorSource.EIGEN, IndicatorSource.MONITOR}
    from veerkracht.monitor.models import Dimension

    monitor = Indicator.objects.get(source=IndicatorSource.MONITOR)
    assert Dimension.objects.filter(
        instrument__code="innovatiemonitor", code=monitor.monitor_dimension
    ).exists()


@pytest.mark.parametrize("today", [dt.date(2026, 2, 27), dt.date(2031, 7, 15)])
def test_statuses_hold_whatever_the_day_the_demo_is_loaded(today):
    load_demo(today)
    assert statuses_at(today) == EXPECTED
    # a reload on a later day moves the demo's dates along, adds no entries, and the statuses hold
    entries = Decision.objects.count()
    later = today + dt.timedelta(days=400)
    load_demo(later)
    assert Decision.objects.count() == entries
    assert statuses_at(later) == EXPECTED


def test_mandates_usage_and_escalations():
    load_demo()
    shares = {}
    for mandate in Mandate.objects.filter(state=MandateState.GEGEVEN):
        spent = UsageEntry.objects.filter(challenge=mandate.challenge, kind=UsageKind.MONEY).aggregate(
            s=Sum("amount")
        )["s"] or Decimal(0)
        shares[mandate.challenge.slug] = spent / mandate.budget
        assert mandate.experiment_rules.exists()
        assert mandate.decision is not None and mandate.decision.kind == DecisionKind.MANDAAT
    at_85 = [slug for slug, share in shares.items() if Decimal("0.80") <= share < Decimal("0.90")]
    assert at_85 == ["transitie-sociaal-domein"], shares
    assert shares["transitie-sociaal-domein"] == Decimal("0.85")
    assert Escalation.objects.filter(
        challenge__slug="transitie-sociaal-domein", kind="budget", level=EscalationLevel.WARNING
    ).exists()

    rules = {r.rule: r for r in ExperimentRule.objects.filter(mandate__state=MandateState.GEGEVEN)}
    assert any(rule.startswith("Aanbestedingsregels tot € 50.000") for rule in rules)
    assert any(rule.startswith("Werktijdenregeling") for rule in rules)
    assert all(r.allowed_by and r.until for r in rules.values())

    # the escalation: off course at the last two measurements, answered by a decision of the board
    answered = Escalation.objects.get(level=EscalationLevel.ESCALATION, kind="uit_koers")
    assert answered.answer is not None and answered.answer.kind == DecisionKind.BESLUIT
    assert answered.raised_entry is not None and answered.raised_entry.kind == DecisionKind.ESCALATIE
    assert answered.raised_entry.seq < answered.answer.seq
    # and one left for the board: the energy mandate ended while its evaluation runs
    waiting = Escalation.objects.get(level=EscalationLevel.ESCALATION, answer__isnull=True)
    assert waiting.kind == "mandaat_verlopen" and waiting.challenge.slug == "energiearmoede-aanpakken"
    assert waiting.raised_entry is not None and waiting.raised_entry.kind == DecisionKind.ESCALATIE
    objective = Objective.objects.get(challenge__slug="transitie-sociaal-domein", code="O2")
    last_two = list(Measurement.objects.filter(indicator__objective=objective).order_by("-date")[:2])
    for measurement in last_two:
        fresh = status.with_measurements(Objective.objects.filter(pk=objective.pk))
        assert status.evaluate(fresh, measurement.date)[objective.pk].status == "uit koers"


def test_the_log_letter_and_council_member():
    load_demo()
    document = export_log(veerdam(), public_only=False)
    entries = document["entries"]
    assert len(entries) >= 20
    assert chain.verify(document).valid
    public = export_log(veerdam(), public_only=True)
    checked = chain.verify(public)
    assert checked.valid and checked.redacted >= 1
    assert checked.redacted == Decision.objects.filter(chain__municipality=veerdam(), public=False).count()

    kinds = [e["content"]["kind"] for e in entries]
    assert {"mandaat", "besluit", "go-no-go", "doelwijziging", "escalatie", "correctie"} <= set(kinds)
    correction = next(e for e in entries if e["content"]["kind"] == "correctie")
    assert 1 <= correction["content"]["corrects"] < correction["seq"]

    letter = CouncilLetter.objects.get(municipality=veerdam(), state=LetterState.GEPUBLICEERD)
    hashes = [e["hash"] for e in entries]
    assert letter.head_hash in hashes
    assert hashes.index(letter.head_hash) + 1 == letter.entries
    assert chain.verify(public, head=letter.head_hash).valid
    assert letter.board_text and letter.published_at is not None
    # rendered by the loader: the PDF read back carries the head hash the letter fixed
    with letter.pdf.open("rb") as fh:
        text = "".join(page.extract_text() for page in PdfReader(fh).pages)
    assert letter.head_hash in text.replace("\n", "").replace(" ", "")
    assert letter.docx

    member = Membership.objects.get(role=Role.RAADSLID, organisation=veerdam())
    assert member.user.full_name == "Fatima el Amrani"
    assert member.user.check_password("veerkracht-demo")
    assert member.user.has_perm("governance.view_council", veerdam())
    assert not member.user.has_perm("governance.view_board", veerdam())


def test_challenges_in_later_states_satisfy_the_lifecycle_conditions():
    load_demo()
    for challenge in Challenge.objects.filter(status=Status.IN_UITVOERING):
        assert challenge.objectives.filter(state=ObjectiveState.OVEREENGEKOMEN).exists(), challenge
        assert challenge.mandates.filter(state=MandateState.GEGEVEN).exists(), challenge
    for challenge in Challenge.objects.filter(status__in=[Status.IN_EVALUATIE, Status.AFGEROND]):
        assert Decision.objects.filter(challenge=challenge).exists(), challenge


def test_loading_twice_adds_nothing():
    load_demo()
    models = (Decision, Objective, Indicator, Measurement, Mandate, ExperimentRule, UsageEntry, Escalation)
    before = {m.__name__: sorted(m.objects.values_list("pk", flat=True)) for m in models}
    letters = list(CouncilLetter.objects.values_list("pk", "head_hash"))
    load_demo()
    after = {m.__name__: sorted(m.objects.values_list("pk", flat=True)) for m in models}
    assert after == before
    assert list(CouncilLetter.objects.values_list("pk", "head_hash")) == letters
    assert chain.verify(export_log(veerdam(), public_only=False)).valid


def test_the_demo_agrees_with_the_triggers(db):
    """The daily check finds nothing new in the demo: its warning and escalation are the ones the
    triggers would have raised (same keys), so loading the demo mails nobody twice."""
    from veerkracht.governance.models import Escalation
    from veerkracht.governance.services.escalations import check_escalations

    call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
    before = set(Escalation.objects.values_list("challenge_id", "key"))
    assert before, "the demo has escalations"
    new = [e for c in Challenge.objects.all() for e in check_escalations(c)]
    assert [(e.challenge.slug, e.key) for e in new] == []
