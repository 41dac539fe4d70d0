"""The insight resources: /metingen (monitor waves, aggregated results only at the report minimum),
/teams, /pilots and /lessen. Expected values come from the owning apps' own selectors and the data
the tests made, never from the API code."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.agenda.factories import AgendaFactory, ChallengeFactory
from tests.api.keys import bearer, make_key
from tests.fieldwork.factories import InvitationFactory, WaveFactory, random_rows, store_responses
from tests.organisations.factories import OrganisationFactory, UserFactory, member
from tests.teams.factories import ProfileFactory
from veerkracht.agenda.models import Domain
from veerkracht.community.models import Lesson
from veerkracht.fieldwork import selectors as fieldwork_selectors
from veerkracht.fieldwork.selectors import wave_scores
from veerkracht.governance.models import Indicator, Objective, ObjectiveState
from veerkracht.organisations.models import Role
from veerkracht.plans.models import Pilot
from veerkracht.teams.models import MemberStatus, Team, TeamMember

pytestmark = pytest.mark.django_db

MIN_RESPONDENTS = fieldwork_selectors.REPORT_MIN_RESPONDENTS
MIN_ORGANISATIONS = fieldwork_selectors.REPORT_MIN_ORGANISATIONS


def wave_with_answers(challenge, *, respondents, organisations, number=1, state="gerapporteerd"):
    """A wave whose ``respondents`` completed answers come from invitations of ``organisations``
    organisations (the report minimum counts both)."""
    wave = WaveFactory(challenge=challenge, number=number, **{state: True})
    groups = {"wonen": respondents - respondents // 2, "onderwijs": respondents // 2}
    store_responses(wave, random_rows(wave, {g: n for g, n in groups.items() if n}, seed=number))
    for n in range(respondents):
        InvitationFactory(
            wave=wave, organisation=f"Organisatie {n % organisations}", started=True, completed=True
        )
    return wave


@pytest.fixture
def veerdam():
    return OrganisationFactory(gemeente=True, slug="veerdam-i", name="Gemeente Veerdam")


@pytest.fixture
def public_challenge(veerdam):
    regisseur = member(veerdam, Role.REGISSEUR, full_name="Rik Regisseur", email="rik@veerdam.example")
    return ChallengeFactory(
        public=True, agenda__municipality=veerdam, regisseur=regisseur, slug="open-i", title="Open opgave"
    )


@pytest.fixture
def hidden_challenge(veerdam):
    return ChallengeFactory(agenda=AgendaFactory(municipality=veerdam), slug="dicht-i", title="Dichte opgave")


# --- metingen ----------------------------------------------------------------------------------------


def test_a_reported_wave_at_the_minimum_shows_the_reports_figures(client, public_challenge):
    wave = wave_with_answers(public_challenge, respondents=MIN_RESPONDENTS, organisations=MIN_ORGANISATIONS)
    body = client.get(f"/api/v1/metingen/{wave.pk}", HTTP_ACCEPT_LANGUAGE="nl").json()
    assert (body["respondents"], body["organisations"]) == (MIN_RESPONDENTS, MIN_ORGANISATIONS)
    assert body["report_minimum"] == {"respondents": MIN_RESPONDENTS, "organisations": MIN_ORGANISATIONS}
    assert body["report_minimum_met"] is True and body["report_withheld"] is None
    expected = {d.code: d.score_0_100 for d in wave_scores(wave, with_benchmark=False).dimensions}
    shown = {d["code"]: d["score"] for d in body["report"]["dimensions"]}
    assert shown.keys() == expected.keys()
    for code, score in expected.items():
        assert shown[code] == pytest.approx(score) if score is not None else shown[code] is None
    assert body["report"]["respondents"] == MIN_RESPONDENTS


@pytest.mark.parametrize(
    ("respondents", "organisations"),
    [(MIN_RESPONDENTS - 1, MIN_ORGANISATIONS), (MIN_RESPONDENTS, MIN_ORGANISATIONS - 1)],
)
def test_below_the_report_minimum_no_results_appear(client, public_challenge, respondents, organisations):
    wave = wave_with_answers(public_challenge, respondents=respondents, organisations=organisations)
    body = client.get(f"/api/v1/metingen/{wave.pk}").json()
    assert body["report_minimum_met"] is False
    assert body["report"] is None and body["report_withheld"] == "below_report_minimum"
    assert (body["respondents"], body["organisations"]) == (respondents, organisations)
    # not even the managing regisseur gets them through the API
    client.force_login(public_challenge.regisseur)
    assert client.get(f"/api/v1/metingen/{wave.pk}").json()["report"] is None


def test_an_unreported_wave_is_not_public_and_its_manager_reads_a_closed_waves_report(
    client, public_challenge
):
    closed = wave_with_answers(
        public_challenge, respondents=MIN_RESPONDENTS, organisations=MIN_ORGANISATIONS, state="gesloten"
    )
    assert client.get(f"/api/v1/metingen/{closed.pk}").status_code == 404
    assert client.get("/api/v1/metingen").json()["count"] == 0
    client.force_login(public_challenge.regisseur)
    body = client.get(f"/api/v1/metingen/{closed.pk}").json()
    assert body["state"] == "gesloten" and body["report"] is not None


def test_a_key_of_the_municipality_sees_its_hidden_challenges_waves_but_results_only_when_reported(
    client, veerdam, hidden_challenge
):
    closed = wave_with_answers(
        hidden_challenge, respondents=MIN_RESPONDENTS, organisations=MIN_ORGANISATIONS, state="gesloten"
    )
    reported = wave_with_answers(
        hidden_challenge, respondents=MIN_RESPONDENTS, organisations=MIN_ORGANISATIONS, number=2
    )
    _, secret = make_key(veerdam)
    assert client.get(f"/api/v1/metingen/{closed.pk}", **bearer(secret)).json()["report_withheld"] == (
        "not_reported"
    )
    assert client.get(f"/api/v1/metingen/{reported.pk}", **bearer(secret)).json()["report"] is not None
    assert client.get(f"/api/v1/metingen/{reported.pk}").status_code == 404  # not public
    _, elsewhere = make_key(OrganisationFactory(gemeente=True))
    assert client.get(f"/api/v1/metingen/{reported.pk}", **bearer(elsewhere)).status_code == 404


def test_waves_filter_by_challenge_and_state_and_refuse_an_unknown_state(client, public_challenge, veerdam):
    other = ChallengeFactory(public=True, agenda__municipality=veerdam, slug="ander-i")
    first = WaveFactory(challenge=public_challenge, gerapporteerd=True, number=1)
    WaveFactory(challenge=other, gerapporteerd=True, number=1)
    rows = client.get("/api/v1/metingen?opgave=open-i&status=gerapporteerd").json()["results"]
    assert [row["id"] for row in rows] == [first.pk]
    response = client.get("/api/v1/metingen?status=klaar")
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["status"]


@pytest.mark.parametrize("size", [3, 30])
def test_the_wave_list_takes_a_bounded_number_of_queries(client, django_assert_max_num_queries, size):
    for n in range(size):
        challenge = ChallengeFactory(public=True)
        wave = WaveFactory(challenge=challenge, gerapporteerd=True, number=n + 1)
        InvitationFactory(wave=wave, started=True, completed=True)
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/metingen?pageSize=100")
    assert response.json()["count"] == size


# --- teams -------------------------------------------------------------------------------------------


def team_of(challenge, *organisations, residents=0, invited=0):
    team = Team.objects.create(challenge=challenge, leader=challenge.regisseur)
    here = {"municipality": challenge.agenda.municipality or OrganisationFactory(gemeente=True)}
    for organisation in organisations:
        profile = ProfileFactory(
            organisation=organisation, user=UserFactory(full_name="Tess Teamlid"), **here
        )
        TeamMember.objects.create(team=team, profile=profile, status=MemberStatus.ACCEPTED)
    for _ in range(residents):
        profile = ProfileFactory(resident=True, user=UserFactory(full_name="Bert Bewoner"), **here)
        TeamMember.objects.create(team=team, profile=profile, status=MemberStatus.ACCEPTED)
    for _ in range(invited):
        profile = ProfileFactory(organisation=OrganisationFactory(name="Nog niet"), **here)
        TeamMember.objects.create(team=team, profile=profile, status=MemberStatus.INVITED)
    return team


def test_a_team_shows_public_data_and_no_person_in_it(client, public_challenge):
    welzijn = OrganisationFactory(name="Welzijn Veerdam", slug="welzijn-i")
    school = OrganisationFactory(name="Basisschool De Bron", slug="bron-i")
    team = team_of(public_challenge, welzijn, school, welzijn, residents=1, invited=1)
    response = client.get(f"/api/v1/teams/{team.pk}")
    body = response.json()
    assert body["name"] == "Open opgave" and body["challenge"] == "open-i"
    assert body["regisseur"] == "Rik Regisseur"
    assert body["members"] == 4  # accepted only
    assert body["organisations"] == [
        {"slug": "bron-i", "name": "Basisschool De Bron"},
        {"slug": "welzijn-i", "name": "Welzijn Veerdam"},
    ]
    text = response.content.decode()
    assert "Tess" not in text and "Bert" not in text and "Nog niet" not in text and "@" not in text


def test_a_regisseur_without_a_name_is_null_not_an_address(client, veerdam):
    challenge = ChallengeFactory(public=True, regisseur=member(veerdam, Role.REGISSEUR, full_name=""))
    team = team_of(challenge)
    assert client.get(f"/api/v1/teams/{team.pk}").json()["regisseur"] is None


def test_a_hidden_challenges_team_is_404_to_others_and_listed_for_its_municipality(
    client, veerdam, hidden_challenge, public_challenge
):
    hidden, public = team_of(hidden_challenge), team_of(public_challenge)
    assert client.get(f"/api/v1/teams/{hidden.pk}").status_code == 404
    assert [row["id"] for row in client.get("/api/v1/teams").json()["results"]] == [public.pk]
    _, secret = make_key(veerdam)
    rows = client.get("/api/v1/teams?sort=name", **bearer(secret)).json()["results"]
    assert [row["id"] for row in rows] == [hidden.pk, public.pk]  # Dichte, Open
    assert [
        row["id"] for row in client.get("/api/v1/teams?opgave=open-i", **bearer(secret)).json()["results"]
    ] == [public.pk]


@pytest.mark.parametrize("size", [3, 30])
def test_the_team_list_takes_a_bounded_number_of_queries(client, django_assert_max_num_queries, size):
    for _ in range(size):
        team_of(ChallengeFactory(public=True), OrganisationFactory(), OrganisationFactory())
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/teams?pageSize=100")
    assert response.json()["count"] == size


# --- pilots ------------------------------------------------------------------------------------------


def pilot_of(challenge, *, title="Klussendienst", state="voorbereiding", starts=-20, indicators=()):
    today = timezone.localdate()
    pilot = Pilot.objects.create(
        challenge=challenge,
        title=title,
        intervention="een klussendienst opzetten",
        expectation="dat tien mensen werk vinden",
        neighbourhood="Rivierwijk",
        target_group="Werkzoekenden",
        starts_on=today + dt.timedelta(days=starts),
        ends_on=today + dt.timedelta(days=100),
        state=state,
    )
    pilot.indicators.set(indicators)
    return pilot


def indicator_of(challenge, code="I1"):
    objective = Objective.objects.create(
        challenge=challenge, code=f"D{code}", name="Werk", state=ObjectiveState.OVEREENGEKOMEN
    )
    today = timezone.localdate()
    return Indicator.objects.create(
        objective=objective,
        code=code,
        name="Banen",
        unit="banen",
        baseline_date=today,
        baseline_value=0,
        target_date=today + dt.timedelta(days=300),
        target_value=10,
    )


def test_a_pilot_shows_its_hypothesis_scope_period_state_outcome_and_indicators(client, public_challenge):
    indicator = indicator_of(public_challenge)
    pilot = pilot_of(public_challenge, state="opgeschaald", indicators=[indicator])
    body = client.get(f"/api/v1/pilots/{pilot.pk}").json()
    assert (body["intervention"], body["expectation"]) == (
        "een klussendienst opzetten",
        "dat tien mensen werk vinden",
    )
    assert (body["neighbourhood"], body["target_group"]) == ("Rivierwijk", "Werkzoekenden")
    assert body["starts_on"] == pilot.starts_on.isoformat() and body["ends_on"] == pilot.ends_on.isoformat()
    assert (body["state"], body["outcome"]) == ("opgeschaald", "opgeschaald")
    assert body["indicators"] == [{"id": indicator.pk, "code": "I1", "name": "Banen", "unit": "banen"}]
    running = pilot_of(public_challenge, state="lopend")
    assert client.get(f"/api/v1/pilots/{running.pk}").json()["outcome"] is None


def test_pilots_of_hidden_challenges_are_404_and_filters_and_sorting_work(
    client, public_challenge, hidden_challenge
):
    hidden = pilot_of(hidden_challenge)
    late = pilot_of(public_challenge, title="B", starts=-5, state="lopend")
    early = pilot_of(public_challenge, title="A", starts=-50)
    assert client.get(f"/api/v1/pilots/{hidden.pk}").status_code == 404
    assert [r["id"] for r in client.get("/api/v1/pilots").json()["results"]] == [early.pk, late.pk]
    assert [r["id"] for r in client.get("/api/v1/pilots?sort=-startsOn").json()["results"]] == [
        late.pk,
        early.pk,
    ]
    assert [r["id"] for r in client.get("/api/v1/pilots?status=lopend").json()["results"]] == [late.pk]
    assert client.get("/api/v1/pilots?status=bezig").status_code == 400
    assert client.get("/api/v1/pilots?sort=budget").status_code == 400


@pytest.mark.parametrize("size", [3, 30])
def test_the_pilot_list_takes_a_bounded_number_of_queries(client, django_assert_max_num_queries, size):
    for _ in range(size):
        challenge = ChallengeFactory(public=True)
        pilot_of(challenge, indicators=[indicator_of(challenge)])
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/pilots?pageSize=100")
    assert response.json()["count"] == size


# --- lessen ------------------------------------------------------------------------------------------


def lesson(municipality, visibility, *, title="Les", challenge=None):
    return Lesson.objects.create(
        title=title,
        tried="Iets geprobeerd.",
        outcome="Iets geleerd.",
        domain=Domain.objects.get(code="sociaal-domein"),
        municipality=municipality,
        size_band="20-50k",
        neighbourhood_type="gemengd",
        visibility=visibility,
        challenge=challenge,
    )


def test_public_lessons_for_everyone_and_a_municipalitys_own_for_its_key_and_people(
    client, veerdam, hidden_challenge
):
    public = lesson(veerdam, "iedereen", title="Openbaar")
    own = lesson(veerdam, "gemeente", title="Binnen Veerdam")
    team_only = lesson(veerdam, "team", title="Alleen het team", challenge=hidden_challenge)
    elsewhere = OrganisationFactory(gemeente=True)
    lesson(elsewhere, "gemeente", title="Binnen elders")
    assert [r["id"] for r in client.get("/api/v1/lessen").json()["results"]] == [public.pk]
    assert client.get(f"/api/v1/lessen/{own.pk}").status_code == 404
    _, secret = make_key(veerdam)
    ids = {r["id"] for r in client.get("/api/v1/lessen", **bearer(secret)).json()["results"]}
    assert ids == {public.pk, own.pk}  # never the team-only lesson, nor another municipality's
    assert client.get(f"/api/v1/lessen/{team_only.pk}", **bearer(secret)).status_code == 404
    client.force_login(member(veerdam, Role.MEDEWERKER))
    ids = {r["id"] for r in client.get("/api/v1/lessen").json()["results"]}
    assert ids == {public.pk, own.pk}


def test_a_public_lesson_names_its_challenge_only_to_who_may_read_it(client, veerdam, hidden_challenge):
    shared = lesson(veerdam, "iedereen", challenge=hidden_challenge)
    assert client.get(f"/api/v1/lessen/{shared.pk}").json()["challenge"] is None
    _, secret = make_key(veerdam)
    assert client.get(f"/api/v1/lessen/{shared.pk}", **bearer(secret)).json()["challenge"] == "dicht-i"


@pytest.mark.parametrize("size", [3, 30])
def test_the_lesson_list_takes_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, size, veerdam
):
    for n in range(size):
        lesson(veerdam, "iedereen", title=f"Les {n}", challenge=ChallengeFactory(public=True))
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/lessen?pageSize=100&sort=title")
    assert response.json()["count"] == size


# --- scopes ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/metingen", "/api/v1/teams", "/api/v1/pilots", "/api/v1/lessen"])
def test_a_key_needs_the_groups_read_scope(client, veerdam, path):
    _, secret = make_key(veerdam, ["agendas:read"])
    assert client.get(path, **bearer(secret)).status_code == 403
    group = path.rsplit("/", 1)[-1]
    _, secret = make_key(veerdam, [f"{group}:read"])
    assert client.get(path, **bearer(secret)).status_code == 200
