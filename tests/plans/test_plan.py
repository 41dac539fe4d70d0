"""The plan van aanpak on the demo's fullest challenge: generation in every section, figures equal to
the parts' own pages, the demo's known change named exactly, own text, sending to the board, the
permission matrix (incl. another municipality and the council once sent) and bounded queries.

The demo is loaded once for the module inside a transaction that is rolled back at the end."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.template.defaultfilters import floatformat
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from veerkracht.accounts.models import User
from veerkracht.agenda.models import Challenge
from veerkracht.governance.models import Decision, DecisionKind
from veerkracht.organisations.models import Membership, Organisation, Role
from veerkracht.plans import demo_plan, generate, selectors, services
from veerkracht.plans.compare import FigureChange
from veerkracht.plans.document import PLAN_SECTIONS, BulletList, Gantt, Map, Table
from veerkracht.plans.version_models import PlanVersion, SectionText
from veerkracht.resources.models import (
    COUNTING,
    ChallengeSharing,
    LedgerEntry,
    Need,
    NeedKind,
    Pledge,
    PledgeState,
)

SLUG = demo_plan.CHALLENGE


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[None]:  # noqa: ANN001 - pytest-django fixtures
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", "--quiet-accounts", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


pytestmark = pytest.mark.usefixtures("demo", "db")


def user(local: str) -> User:
    return User.objects.get(email=f"{local}@veerdam.example")


def client_for(local: str | None) -> Client:
    client = Client()
    if local is not None:
        client.force_login(user(local))
    return client


def challenge() -> Challenge:
    return Challenge.objects.select_related("agenda", "lead_municipality").get(slug=SLUG)


def version(number: int) -> PlanVersion:
    return PlanVersion.objects.get(challenge__slug=SLUG, number=number)


def section(document, key):  # noqa: ANN001, ANN201
    return next(s for s in document.sections if s.key == key)


def table(sec, caption: str) -> Table:  # noqa: ANN001
    return next(b for b in sec.blocks if isinstance(b, Table) and b.caption == caption)


class Tables(HTMLParser):
    """Every table row on a page as its cells' text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, ...]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(tuple(self._row))
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def page_rows(client: Client, url: str) -> list[tuple[str, ...]]:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = Tables()
    parser.feed(response.content.decode())
    return parser.rows


# --- the demo: two versions, the known change --------------------------------------------------------


def test_the_demo_plan_has_two_versions_with_own_text() -> None:
    assert list(PlanVersion.objects.filter(challenge__slug=SLUG).values_list("number", flat=True)) == [2, 1]
    first, second = version(1), version(2)
    assert set(first.section_texts.values_list("section", flat=True)) == set(demo_plan.OWN_TEXT_V1)
    # the own text is carried over to the next version and added to there
    assert set(second.section_texts.values_list("section", flat=True)) == set(demo_plan.OWN_TEXT_V1) | set(
        demo_plan.OWN_TEXT_V2
    )


def test_the_comparison_names_exactly_the_changed_sections_and_figures() -> None:
    """The known change between the demo's versions: a need of 40 hours of expertise, pledged by
    nobody, and own text in the approach. Expected figures computed from the needs themselves."""
    expertise = Need.objects.filter(challenge__slug=SLUG, kind=NeedKind.EXPERTISE)
    before = sum(n.quantity for n in expertise.exclude(description=demo_plan.CHANGE_DESCRIPTION))
    after = before + demo_plan.CHANGE_HOURS
    pledged = sum(
        p.quantity if p.quantity_at_end is None else p.quantity_at_end
        for p in Pledge.objects.filter(
            need__in=expertise, state__in=[PledgeState.GEACCEPTEERD, PledgeState.BEEINDIGD]
        )
    )
    assert pledged <= before  # the gap was nothing before the change
    result = selectors.comparison_of(version(1), version(2))
    assert result.changed_keys == ("aanpak", "organisatie", "risicos")
    with translation.override("nl"):
        caption, row = _("Needs per kind"), f"{NeedKind.EXPERTISE.label} ({_('hours')})"
        assert result.figures == (
            FigureChange(caption, row, _("Needed"), f"{before:.0f}", f"{after:.0f}"),
            FigureChange(
                caption,
                row,
                _("Not pledged yet"),
                f"{max(before - pledged, 0):.0f}",
                f"{after - pledged:.0f}",
            ),
        )
    by_key = {s.key: s for s in result.changed}
    assert by_key["organisatie"].added == () and by_key["organisatie"].removed == ()
    assert len(by_key["risicos"].added) == 1 and by_key["risicos"].removed == ()
    assert by_key["aanpak"].added == (
        "Na het advies over de privacyprocedure starten we in Rivierwijk met gezamenlijke huisbezoeken door "
        "twee professionals van verschillende organisaties.",
    )


def test_the_comparison_page_shows_the_changes() -> None:
    response = client_for("regisseur").get(reverse("plans:compare", args=[SLUG, 2]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<section aria-labelledby="change-') == 3
    assert 'id="change-organisatie"' in html and 'id="change-doelen"' not in html


def test_generating_again_without_a_change_changes_nothing() -> None:
    new = services.generate_version(challenge=challenge(), by=user("regisseur"), language="nl")
    assert new.number == 3
    assert selectors.comparison_of(version(2), new).changed_keys == ()
    assert dict(new.section_texts.values_list("section", "text")) == dict(
        version(2).section_texts.values_list("section", "text")
    )


# --- generation and the figures of the pages ---------------------------------------------------------


def test_generation_fills_every_section() -> None:
    document = selectors.document_of(version(2))
    assert tuple(s.key for s in document.sections) == PLAN_SECTIONS
    analyse = section(document, "analyse")
    kinds = {b.kind for b in analyse.blocks}
    assert {"map", "table", "bullets", "heading"} <= kinds
    stakeholder_map = next(b for b in analyse.blocks if isinstance(b, Map))
    assert len(stakeholder_map.points) == challenge().stakeholders.count()
    assert "Gemeente Lindenwaard" in " ".join(
        item for b in analyse.blocks if isinstance(b, BulletList) for item in b.items
    )  # lessons and similar challenges elsewhere
    planning = section(document, "planning")
    gantt = next(b for b in planning.blocks if isinstance(b, Gantt))
    mandate = challenge().mandates.get(state="gegeven")
    assert any(
        b.start == mandate.starts_on.isoformat() and b.end == mandate.ends_on.isoformat() for b in gantt.bars
    )
    risks = section(document, "risicos").blocks[0]
    assert isinstance(risks, BulletList)
    open_escalations = [e for e in challenge().escalations.all() if e.is_open]
    assert all(any(e.summary in item for item in risks.items) for e in open_escalations)
    with translation.override("nl"):
        unmet = [str(NeedKind(k).label) for k in (NeedKind.GELD, NeedKind.DATA, NeedKind.UREN)]
    weak = version(2).inputs["analysis"]["weak"]
    # one line per open escalation, per kind of need with a gap, per weak monitor dimension
    assert len(risks.items) == len(open_escalations) + len(unmet) + 1 + len(weak)  # + the new expertise need
    assert all(any(f": {label}," in item for item in risks.items) for label in unmet)
    # the amounts are not shared in the demo: per partner, which parts of its organisation are touched
    with translation.override("nl"):
        partners = table(section(document, "organisatie"), _("Per partner: what the pledges touch"))
        yes = _("yes")
    area = {
        NeedKind.UREN: 1,
        NeedKind.EXPERTISE: 1,
        NeedKind.GELD: 2,
        NeedKind.FACILITEIT: 2,
        NeedKind.DATA: 3,
    }
    expected: dict[str, list[str]] = {}
    for pledge in Pledge.objects.filter(need__challenge__slug=SLUG, state__in=COUNTING).select_related(
        "organisation", "need"
    ):
        row = expected.setdefault(pledge.organisation.name, ["—", "—", "—"])
        row[area[pledge.need.kind] - 1] = yes
    assert {r[0]: list(r[1:]) for r in partners.rows} == expected
    assert all(re.fullmatch(r"[—a-z]+", cell) for r in partners.rows for cell in r[1:])  # no amounts


def test_shared_amounts_show_pledged_and_delivered_per_partner() -> None:
    ChallengeSharing.objects.update_or_create(challenge=challenge(), defaults={"share_amounts": True})
    document = generate.plan(challenge(), user=user("regisseur"), language="nl").document
    with translation.override("nl"):
        partners = table(
            section(document, "organisatie"),
            _("Per partner: pledged and delivered for HRM (hours), P&C (euro) and ICT (data sets)"),
        )
    welzijn = Organisation.objects.get(slug="welzijn-veerdam")
    hours = [NeedKind.UREN, NeedKind.EXPERTISE]
    pledged = sum(
        p.quantity if p.quantity_at_end is None else p.quantity_at_end
        for p in Pledge.objects.filter(
            need__challenge__slug=SLUG, organisation=welzijn, need__kind__in=hours, state__in=COUNTING
        )
    )
    delivered = sum(
        e.quantity
        for e in LedgerEntry.objects.filter(
            pledge__need__challenge__slug=SLUG, pledge__organisation=welzijn, pledge__need__kind__in=hours
        )
    )
    row = next(r for r in partners.rows if r[0] == welzijn.name)
    assert row[1:3] == (str(floatformat(pledged, "-2g")), str(floatformat(delivered, "-2g")))
    assert delivered > 0


def test_every_figure_equals_the_pages() -> None:
    client = client_for("regisseur")
    document = selectors.document_of(version(2))
    inputs = version(2).inputs
    with translation.override("nl"):
        analyse = section(document, "analyse")
        scores = table(analyse, _("Scores per dimension (0–100)"))
        change = table(analyse, _("Change per dimension"))
        needs = table(section(document, "organisatie"), _("Needs per kind"))
        objectives = table(section(document, "doelen"), _("Objectives"))
    # the monitor report page of the same wave
    report = page_rows(
        client, reverse("fieldwork:report", args=[inputs["analysis"]["wave"]["pk"]]) + "?taal=nl"
    )
    by_name = {}
    for row in report:
        by_name.setdefault(row[0], []).append(row)
    for name, n, score, _judgement in scores.rows:
        assert any(r[1:3] == (n, score) for r in by_name[name]), name
    for name, earlier, now, diff in change.rows:
        assert any(r[1:4] == (earlier, now, diff) for r in by_name[name]), name
    # the resources page
    resources = {r[0]: r[1:5] for r in page_rows(client, reverse("resources:challenge", args=[SLUG]))}
    for kind, *figures in needs.rows:
        assert resources[kind] == tuple(figures), kind
    # the governance page: each objective's progress as it says it
    governance = client.get(reverse("governance:challenge", args=[SLUG])).content.decode()
    shown = [p for p in objectives.rows if p[2] != "—"]
    assert shown
    for _name, _state, progress, _status in shown:
        assert re.search(rf"voortgang {re.escape(progress)} %|progress {re.escape(progress)} %", governance)


def test_analysis_page_in_english() -> None:
    built = generate.analysis(challenge(), user=user("regisseur"), language="en")
    assert built.document.language == "en"
    assert [s.title for s in built.document.sections][:2] == [
        "The challenge and its history",
        "Stakeholders and who is missing",
    ]
    response = client_for("regisseur").get(reverse("plans:analysis", args=[SLUG]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="vk-plan-figure vk-plan-map"' in html and 'role="img"' in html


def test_plan_page_draws_the_gantt_and_map() -> None:
    response = client_for("teamlid").get(reverse("plans:plan", args=[SLUG]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") >= 2 and "vk-plan-map" in html
    assert "Het college heeft de transitie als prioriteit benoemd" in html  # the own text


# --- own text, generating, sending to the board -------------------------------------------------------


def test_own_text_is_sanitised_and_refused_when_too_long() -> None:
    client = client_for("teamlid")
    url = reverse("plans:section_edit", args=[SLUG, 2, "doelen"])
    response = client.post(url, {"text": "<p>Ons doel.</p><script>alert(1)</script>"})
    assert response.status_code == 302
    assert SectionText.objects.get(version=version(2), section="doelen").text == "<p>Ons doel.</p>"
    response = client.post(url, {"text": "x" * (services.MAX_OWN_TEXT + 1)})
    assert response.status_code == 200 and b"form-errors" in response.content
    assert SectionText.objects.get(version=version(2), section="doelen").text == "<p>Ons doel.</p>"
    assert client.get(reverse("plans:section_edit", args=[SLUG, 2, "onbekend"])).status_code == 404


def test_generate_through_the_page() -> None:
    response = client_for("coordinator").post(reverse("plans:generate", args=[SLUG]), {"language": "en"})
    assert response.status_code == 302
    assert version(3).language == "en" and version(3).created_by == user("coordinator")


def test_send_to_board_records_a_decision_once() -> None:
    before = Decision.objects.count()
    client = client_for("regisseur")
    response = client.post(reverse("plans:send", args=[SLUG, 2]))
    assert response.status_code == 302
    sent = version(2)
    assert sent.is_sent and sent.sent_at is not None
    decision = sent.sent_to_board
    assert decision.kind == DecisionKind.BESLUIT and decision.challenge == challenge()
    assert decision.chain.municipality.slug == "gemeente-veerdam"
    assert Decision.objects.count() == before + 1
    client.post(reverse("plans:send", args=[SLUG, 2]))  # again: nothing new
    assert Decision.objects.count() == before + 1
    # a sent version's text is fixed
    assert (
        client_for("teamlid")
        .post(reverse("plans:section_edit", args=[SLUG, 2, "doelen"]), {"text": "later"})
        .status_code
        == 403
    )
    with pytest.raises(ValidationError) as refused:
        services.save_section_text(version=sent, section="doelen", text="later", by=user("regisseur"))
    assert refused.value.code == "sent"


# --- permissions ----------------------------------------------------------------------------------------


def _other_board() -> str:
    """A board member of another municipality (Lindenwaard)."""
    person = User.objects.create_user(
        email="wethouder@lindenwaard.example", password="x", full_name="W. Lindenwaard"
    )
    Membership.objects.create(
        user=person, organisation=Organisation.objects.get(slug="gemeente-lindenwaard"), role=Role.BESTUURDER
    )
    return "wethouder@lindenwaard"


def _client(who: str | None) -> Client:
    if who and "@" in who:
        client = Client()
        client.force_login(User.objects.get(email=f"{who}.example"))
        return client
    return client_for(who)


PAGES = ("analysis", "plan", "versions", "version1", "compare2", "edit", "send", "generate")


def _status(client: Client, page: str) -> int:
    urls = {
        "analysis": ("get", reverse("plans:analysis", args=[SLUG])),
        "plan": ("get", reverse("plans:plan", args=[SLUG])),
        "versions": ("get", reverse("plans:versions", args=[SLUG])),
        "version1": ("get", reverse("plans:version", args=[SLUG, 1])),
        "compare2": ("get", reverse("plans:compare", args=[SLUG, 2])),
        "edit": ("get", reverse("plans:section_edit", args=[SLUG, 1, "doelen"])),
        "send": ("post", reverse("plans:send", args=[SLUG, 1])),
        "generate": ("post", reverse("plans:generate", args=[SLUG])),
    }
    method, url = urls[page]
    return getattr(client, method)(url).status_code


# who: (analysis, plan, versions, version 1, compare 2, edit text, send, generate) before any version is sent
MATRIX_BEFORE = {
    "regisseur": (200, 200, 200, 200, 200, 200, 302, 302),
    "coordinator": (200, 200, 200, 200, 200, 200, 302, 302),
    "teamlid": (200, 200, 200, 200, 200, 200, 403, 302),
    "bestuurder": (200, 200, 200, 200, 200, 403, 403, 403),
    "raadslid": (404, 404, 404, 404, 404, 404, 404, 404),
    "partnercontact": (404, 404, 404, 404, 404, 404, 404, 404),
    "coordinator.lindenwaard": (404, 404, 404, 404, 404, 404, 404, 404),
    "wethouder@lindenwaard": (404, 404, 404, 404, 404, 404, 404, 404),
    None: (302, 302, 302, 302, 302, 302, 302, 302),
}


@pytest.mark.parametrize("who", list(MATRIX_BEFORE))
def test_permission_matrix_before_sending(who: str | None) -> None:
    if who == "wethouder@lindenwaard":
        _other_board()
    if who in ("regisseur", "coordinator"):
        pages = PAGES[:-2]  # sending and generating change the state: checked on their own below
        expected = MATRIX_BEFORE[who][:-2]
    else:
        pages, expected = PAGES, MATRIX_BEFORE[who]
    client = _client(who)
    got = tuple(_status(client, page) for page in pages)
    assert got == expected
    assert not version(1).is_sent and PlanVersion.objects.filter(challenge__slug=SLUG).count() == (
        3 if who == "teamlid" else 2
    )


def test_council_reads_only_what_was_sent_and_never_another_municipality() -> None:
    services.mark_sent_to_board(version=version(2), by=user("regisseur"))
    council = client_for("raadslid")
    assert council.get(reverse("plans:plan", args=[SLUG])).status_code == 200
    assert council.get(reverse("plans:version", args=[SLUG, 2])).status_code == 200
    assert council.get(reverse("plans:version", args=[SLUG, 1])).status_code == 404  # not sent
    assert council.get(reverse("plans:analysis", args=[SLUG])).status_code == 404
    versions = council.get(reverse("plans:versions", args=[SLUG])).content.decode()
    assert (
        reverse("plans:version", args=[SLUG, 2]) in versions
        and reverse("plans:version", args=[SLUG, 1]) not in versions
    )
    assert (
        council.post(reverse("plans:section_edit", args=[SLUG, 2, "doelen"]), {"text": "x"}).status_code
        == 403
    )
    _other_board()
    other = _client("wethouder@lindenwaard")
    assert other.get(reverse("plans:plan", args=[SLUG])).status_code == 404
    assert other.get(reverse("plans:version", args=[SLUG, 2])).status_code == 404
    assert _client("coordinator.lindenwaard").post(reverse("plans:generate", args=[SLUG])).status_code == 404


def test_the_challenge_page_links_to_analysis_and_plan() -> None:
    page = client_for("regisseur").get(reverse("agenda:challenge", args=[SLUG])).content.decode()
    assert reverse("plans:analysis", args=[SLUG]) in page and reverse("plans:plan", args=[SLUG]) in page
    partner = client_for("partnercontact").get(reverse("agenda:challenge", args=[SLUG]))
    assert reverse("plans:plan", args=[SLUG]) not in partner.content.decode()


# --- query bounds ----------------------------------------------------------------------------------------


def _more_versions(n: int) -> None:
    latest = version(2)
    PlanVersion.objects.bulk_create(
        PlanVersion(
            challenge=latest.challenge, number=latest.number + i, language="nl", document=latest.document
        )
        for i in range(1, n + 1)
    )


@pytest.mark.parametrize("extra", [0, 8])
def test_version_list_and_plan_page_queries_are_bounded(extra: int, django_assert_max_num_queries) -> None:  # noqa: ANN001
    _more_versions(extra)
    client = client_for("regisseur")
    client.get(reverse("plans:versions", args=[SLUG]))  # warm the session and caches
    with django_assert_max_num_queries(22):
        assert client.get(reverse("plans:versions", args=[SLUG])).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(reverse("plans:plan", args=[SLUG])).status_code == 200
    assert Decimal(PlanVersion.objects.filter(challenge__slug=SLUG).count()) == 2 + extra


def test_services_refuse_what_is_never_allowed() -> None:
    with pytest.raises(ValidationError) as refused:
        services.save_section_text(version=version(2), section="onbekend", text="x", by=user("regisseur"))
    assert refused.value.code == "section"
    with pytest.raises(ValidationError) as refused:
        services.generate_version(challenge=challenge(), by=user("regisseur"), language="de")
    assert refused.value.code == "language"
    assert PlanVersion.objects.filter(challenge__slug=SLUG).count() == 2
