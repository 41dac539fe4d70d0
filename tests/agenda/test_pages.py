"""Public pages, forms (typed input kept, errors per field, nl and en), stakeholders, scoring, the
challenge hub, the home panel."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse

from tests.agenda.factories import ChallengeFactory, ScoreFactory, StakeholderFactory
from tests.organisations.factories import OrganisationFactory, member
from veerkracht.agenda import hub
from veerkracht.agenda.models import Agenda, Challenge, Score, Stakeholder
from veerkracht.agenda.stakeholder_analysis import Gap, MapEntry, missing_partner_kinds, stakeholder_map_svg
from veerkracht.organisations.models import Role

pytestmark = pytest.mark.django_db


def _public_challenge(world):
    world.agenda.published = True
    world.agenda.save()
    challenge = ChallengeFactory(
        agenda=world.agenda,
        title="Buurtbedrijf Rivierwijk",
        problem="<p>Langdurig werkzoekenden in Rivierwijk.</p>",
        ambition="<p>Zestig banen.</p>",
        published=True,
        regisseur=world.regisseur,
        public_money=987654,
        in_meting=True,
    )
    step = challenge.transitions.last()
    Challenge.objects.filter(pk=challenge.pk)  # history written by the factory
    StakeholderFactory(
        challenge=challenge,
        organisation=world.partner_org,
        contact_person=world.partner,
        note="Geheime notitie",
    )
    ScoreFactory(challenge=challenge, scorer=world.coordinator)
    return challenge, step


def test_public_challenge_shows_only_what_is_published(world, client):
    from veerkracht.agenda import services

    challenge, _ = _public_challenge(world)
    services.challenge_transition(
        challenge=challenge, to="geagendeerd", by=world.coordinator, note="Interne reden: wethouder twijfelt"
    )
    body = client.get(reverse("agenda:public_challenge", kwargs={"slug": challenge.slug})).content.decode()
    # what was chosen to publish: title, description, domain, partners, status, timeline
    for shown in ["Buurtbedrijf Rivierwijk", "Langdurig werkzoekenden", "Zestig banen", "Sociaal domein"]:
        assert shown in body
    assert world.partner_org.name in body
    assert "Geagendeerd" in body and "In meting" in body  # status and timeline
    # and nothing else: no money, people, notes, scores, interest/influence
    for hidden in [
        "987654",  # the money estimate, however it would be formatted
        "987.654",
        "987,654",
        world.regisseur.full_name,
        world.partner.full_name,
        world.coordinator.full_name,
        "Geheime notitie",
        "Interne reden",
        "Gewogen score",
        "Belang",
        "Invloed",
    ]:
        assert hidden not in body, hidden


def test_public_agenda_lists_only_published_challenges(world, client):
    challenge, _ = _public_challenge(world)
    hidden = ChallengeFactory(agenda=world.agenda, title="Vertrouwelijke opgave")
    body = client.get(reverse("agenda:public_agenda", kwargs={"slug": world.agenda.slug})).content.decode()
    assert challenge.title in body and hidden.title not in body
    assert client.get(reverse("agenda:public_challenge", kwargs={"slug": hidden.slug})).status_code == 404
    index = client.get(reverse("agenda:index")).content.decode()
    assert world.agenda.title in index and world.other_agenda.title not in index


def test_non_public_answers_404_like_a_missing_page(world, client):
    unpublished_agenda = ChallengeFactory(agenda=world.agenda, published=True)  # agenda not published
    for url in [
        reverse("agenda:public_challenge", kwargs={"slug": unpublished_agenda.slug}),
        reverse("agenda:challenge", kwargs={"slug": unpublished_agenda.slug}),
        reverse("agenda:public_agenda", kwargs={"slug": world.agenda.slug}),
        reverse("agenda:detail", kwargs={"slug": world.agenda.slug}),
        reverse("agenda:challenge", kwargs={"slug": "bestaat-niet"}),
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert unpublished_agenda.title not in response.content.decode()


@pytest.mark.parametrize(
    ("language", "required", "period"),
    [
        # Django says "verplicht"; rest_framework's catalogue, when merged later, says "vereist"
        (
            "nl",
            ("Dit veld is verplicht.", "Dit veld is vereist."),
            "De periode kan niet eindigen voordat hij begint.",
        ),
        ("en", ("This field is required.",), "The period cannot end before it starts."),
    ],
)
def test_agenda_form_keeps_input_and_shows_errors_per_field(world, client, language, required, period):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(world.coordinator)
    response = client.post(
        reverse("agenda:create"),
        {
            "title": "",
            "slug": "mijn-agenda",
            "municipality": world.veerdam.pk,
            "period_start": "2026-01-01",
            "period_end": "2025-01-01",
            "description": "<p>Onze <strong>agenda</strong></p>",
            "weight_urgency": "2",
            "weight_impact": "1",
            "weight_feasibility": "1",
            "weight_innovation": "1",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"title", "period_end"}
    body = response.content.decode()
    # the messages as rendered, in the visitor's language, next to their fields
    assert any(
        f'<div class="utrecht-form-field-error-message" id="id_title_error">{message}</div>' in body
        for message in required
    )
    assert f'<div class="utrecht-form-field-error-message" id="id_period_end_error">{period}</div>' in body
    assert 'value="mijn-agenda"' in body and 'value="2026-01-01"' in body
    assert "&lt;p&gt;Onze &lt;strong&gt;agenda&lt;/strong&gt;&lt;/p&gt;" in body
    assert 'id="id_title_error"' in body
    assert not Agenda.objects.filter(slug="mijn-agenda").exists()


@pytest.mark.parametrize("language", ["nl", "en"])
def test_challenge_form_keeps_input(world, client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(world.coordinator)
    response = client.post(
        reverse("agenda:challenge_create", kwargs={"slug": world.agenda.slug}),
        {"title": "Eenzaamheid", "problem": "Ouderen zijn eenzaam.", "lead_municipality": world.other.pk},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "domain" in errors and "lead_municipality" in errors
    body = response.content.decode()
    assert 'value="Eenzaamheid"' in body and "Ouderen zijn eenzaam." in body
    assert not Challenge.objects.filter(title="Eenzaamheid").exists()
    expected = "Select a valid choice" if language == "en" else "Selecteer een geldige keuze"
    assert expected in body.split('id="id_lead_municipality_error"')[1][:200]


def test_create_agenda_and_challenge_and_sanitise(world, client):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("agenda:create"),
        {
            "title": "Agenda Veerdam",
            "municipality": world.veerdam.pk,
            "period_start": "2025-01-01",
            "period_end": "2028-12-31",
            "description": (
                '<p onclick="x()">Hallo<script>alert(1)</script> <a href="javascript:alert(1)">link</a></p>'
            ),
            "partners": [world.partner_org.pk],
            "weight_urgency": "3",
            "weight_impact": "3",
            "weight_feasibility": "2",
            "weight_innovation": "2",
        },
    )
    agenda = Agenda.objects.get(title="Agenda Veerdam")
    assert response.status_code == 302
    assert agenda.slug == "agenda-veerdam"
    assert list(agenda.coordinators.all()) == [world.coordinator]
    assert "script" not in agenda.description and "onclick" not in agenda.description
    assert "javascript" not in agenda.description and "Hallo" in agenda.description
    from veerkracht.agenda.models import Domain

    response = client.post(
        reverse("agenda:challenge_create", kwargs={"slug": agenda.slug}),
        {
            "title": "Eenzaamheid onder ouderen",
            "problem": "<p>Eenzaam<img src=x onerror=alert(1)></p>",
            "domain": Domain.objects.get(code="zorg").pk,
            "lead_municipality": world.veerdam.pk,
        },
    )
    challenge = Challenge.objects.get(title="Eenzaamheid onder ouderen")
    assert response.status_code == 302
    assert challenge.problem == "<p>Eenzaam</p>"
    assert challenge.status == "gesignaleerd"
    assert [t.to_status for t in challenge.transitions.all()] == ["gesignaleerd"]


def test_stakeholder_form_contact_must_belong_to_organisation(world, client):
    challenge = world.challenge()
    client.force_login(world.coordinator)
    url = reverse("agenda:stakeholder_add", kwargs={"slug": challenge.slug})
    response = client.post(
        url,
        {
            "organisation": world.partner_org.pk,
            "role": "partner",
            "interest": "high",
            "influence": "low",
            "contact_person": world.staff.pk,  # works for the municipality, not the partner
            "note": "Belangrijk",
        },
    )
    assert response.status_code == 200
    assert "contact_person" in response.context["form"].errors
    assert 'value="Belangrijk"' in response.content.decode()
    response = client.post(
        url,
        {
            "organisation": world.partner_org.pk,
            "role": "partner",
            "interest": "high",
            "influence": "low",
            "contact_person": world.partner.pk,
        },
    )
    assert response.status_code == 302
    stakeholder = Stakeholder.objects.get(challenge=challenge)
    assert (stakeholder.interest, stakeholder.influence, stakeholder.contact_person) == (
        "high",
        "low",
        world.partner,
    )
    # the contact person now takes part in the challenge
    assert world.partner_staff.pk != world.partner.pk
    duplicate = client.post(
        url, {"organisation": world.partner_org.pk, "role": "other", "interest": "low", "influence": "low"}
    )
    assert "organisation" in duplicate.context["form"].errors
    remove = reverse("agenda:stakeholder_remove", kwargs={"slug": challenge.slug, "pk": stakeholder.pk})
    assert client.get(remove).status_code == 200
    assert client.post(remove).status_code == 302
    assert not Stakeholder.objects.filter(challenge=challenge).exists()


def test_missing_partner_kinds_pure():
    zorg = ["maatschappelijk", "kennisinstelling", "inwonersinitiatief"]
    assert missing_partner_kinds(zorg, []) == [
        Gap("maatschappelijk", False),
        Gap("kennisinstelling", False),
        Gap("inwonersinitiatief", True),
    ]
    # a stakeholder in the role "target group" represents residents, whatever its kind
    assert (
        missing_partner_kinds(zorg, [("maatschappelijk", "target_group"), ("kennisinstelling", "knowledge")])
        == []
    )
    assert missing_partner_kinds(zorg, [("inwonersinitiatief", "partner"), ("bedrijf", "partner")]) == [
        Gap("maatschappelijk", False),
        Gap("kennisinstelling", False),
    ]


def test_warning_on_the_page(world, client):
    challenge = world.challenge()  # domain sociaal-domein: maatschappelijk, kennisinstelling, inwoners
    StakeholderFactory(challenge=challenge, organisation=world.partner_org, role="partner")  # maatschappelijk
    client.force_login(world.coordinator)
    url = reverse("agenda:challenge", kwargs={"slug": challenge.slug})
    body = client.get(url).content.decode()
    assert "Nog niet elke relevante partner is betrokken." in body
    assert "kennisinstelling" in body and "vertegenwoordiging van inwoners" in body
    StakeholderFactory(challenge=challenge, organisation=OrganisationFactory(kind="kennisinstelling"))
    Stakeholder.objects.filter(organisation=world.partner_org).update(role="target_group")
    assert "Nog niet elke relevante partner" not in client.get(url).content.decode()


def test_stakeholder_map_svg_is_accessible_and_escaped():
    svg = stakeholder_map_svg(
        [
            MapEntry(1, "Gemeente <Veerdam>", "high", "high"),
            MapEntry(2, "Buurtcoöperatie", "high", "low"),
        ],
        title="Kaart",
        description="Uitleg & meer",
        labels={
            "low": "laag",
            "medium": "middel",
            "high": "hoog",
            "interest": "Belang",
            "influence": "Invloed",
            "more": "+{n}",
        },
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="stakeholder-map-title stakeholder-map-desc"' in svg
    assert '<title id="stakeholder-map-title">Kaart</title>' in svg
    assert "Uitleg &amp; meer" in svg and "Gemeente &lt;Veerdam&gt;" in svg
    assert "<Veerdam>" not in svg
    import xml.dom.minidom

    xml.dom.minidom.parseString(svg)  # well-formed


def test_challenge_page_has_map_table_and_hub(world, client):
    challenge = world.challenge(in_meting=True)
    StakeholderFactory(challenge=challenge, organisation=world.partner_org, interest="high", influence="high")
    client.force_login(world.coordinator)
    body = client.get(reverse("agenda:challenge", kwargs={"slug": challenge.slug})).content.decode()
    assert 'role="img"' in body and '<th scope="col">Belang</th>' in body
    assert body.count('class="vk-step ') == 5
    assert "vk-step--done" in body and "vk-step--current" in body
    assert "Dit deel van het platform is nog niet gebouwd." in body or all(
        hub.is_built(k) for k in ("monitor", "samenwerken", "besturen", "organiseren")
    )


@pytest.mark.parametrize(
    ("status", "stopped_from", "expected"),
    [
        ("gesignaleerd", "", ["current", "upcoming", "upcoming", "upcoming", "upcoming"]),
        ("in_meting", "", ["done", "current", "upcoming", "upcoming", "upcoming"]),
        ("team_in_vorming", "", ["done", "done", "current", "upcoming", "upcoming"]),
        ("in_uitvoering", "", ["done", "done", "done", "current", "current"]),
        ("in_evaluatie", "", ["done", "current", "done", "current", "current"]),
        ("afgerond", "", ["done", "done", "done", "done", "done"]),
        ("gestopt", "in_meting", ["done", "stopped", "not_reached", "not_reached", "not_reached"]),
    ],
)
def test_hub_states(status, stopped_from, expected):
    keys = ["agenda", "monitor", "samenwerken", "besturen", "organiseren"]
    assert [hub.part_state(k, status, stopped_from) for k in keys] == expected


def test_scoring_via_the_form_and_ranking_page(world, client):
    challenge = world.challenge(geagendeerd=True, title="Eerste")
    world.challenge(title="Tweede")
    world.agenda.weight_urgency = 2
    world.agenda.save()
    client.force_login(world.partner)
    url = reverse("agenda:challenge_score", kwargs={"slug": challenge.slug})
    bad = client.post(url, {"urgency": "6", "impact": "4"})
    assert bad.status_code == 200 and {"urgency", "feasibility", "innovation"} <= set(
        bad.context["form"].errors
    )
    assert (
        client.post(url, {"urgency": "5", "impact": "4", "feasibility": "3", "innovation": "2"}).status_code
        == 302
    )
    assert Score.objects.get(challenge=challenge, scorer=world.partner).as_dict() == {
        "urgency": 5,
        "impact": 4,
        "feasibility": 3,
        "innovation": 2,
    }
    client.force_login(world.coordinator)
    client.post(url, {"urgency": "1", "impact": "2", "feasibility": "3", "innovation": "4"})
    response = client.get(reverse("agenda:ranking", kwargs={"slug": world.agenda.slug}))
    rows = list(response.context["page"])
    assert [r.challenge.title for r in rows] == ["Eerste", "Tweede"]
    # weights 2,1,1,1 (total 5): partner (10+4+3+2)/5 = 19/5, coordinator (2+2+3+4)/5 = 11/5
    from fractions import Fraction

    assert rows[0].result.weighted == Fraction(3)  # (19/5 + 11/5) / 2
    assert rows[0].result.spread == Fraction(8, 5)
    assert rows[0].not_scored == []
    assert {u.pk for u in rows[1].not_scored} == {world.coordinator.pk, world.partner.pk}
    body = response.content.decode()
    assert "Hoe deze score tot stand kwam" in body and "3,00" in body and "1,60" in body
    # scoring closes once the challenge is being measured
    measured = world.challenge(in_meting=True)
    assert client.get(reverse("agenda:challenge_score", kwargs={"slug": measured.slug})).status_code == 403


def test_transition_form(world, client):
    challenge = world.challenge(geagendeerd=True)
    client.force_login(world.coordinator)
    url = reverse("agenda:challenge_transition", kwargs={"slug": challenge.slug})
    response = client.post(url, {"to": "gestopt", "note": ""})
    assert response.status_code == 200 and "note" in response.context["form"].errors
    assert client.post(url, {"to": "afgerond"}).context["form"].errors["to"]
    assert client.post(url, {"to": "gestopt", "note": "Geen draagvlak"}).status_code == 302
    challenge.refresh_from_db()
    assert challenge.status == "gestopt"
    body = client.get(reverse("agenda:challenge", kwargs={"slug": challenge.slug})).content.decode()
    assert "Geen draagvlak" in body and "Gestopt" in body


def test_publish_forms(world, client):
    challenge = world.challenge()
    client.force_login(world.coordinator)
    client.post(reverse("agenda:challenge_publish", kwargs={"slug": challenge.slug}), {"published": "on"})
    challenge.refresh_from_db()
    assert challenge.published and not challenge.is_public
    client.post(reverse("agenda:publish", kwargs={"slug": world.agenda.slug}), {"published": "on"})
    challenge.refresh_from_db()
    assert challenge.is_public
    client.post(reverse("agenda:publish", kwargs={"slug": world.agenda.slug}), {"published": ""})
    world.agenda.refresh_from_db()
    assert not world.agenda.published
    client.force_login(world.regisseur)
    response = client.post(
        reverse("agenda:challenge_publish", kwargs={"slug": challenge.slug}), {"published": ""}
    )
    assert response.status_code == 403


def test_edit_pages(world, client):
    challenge = world.challenge()
    client.force_login(world.regisseur)
    url = reverse("agenda:challenge_edit", kwargs={"slug": challenge.slug})
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k not in {"sdgs", "neighbourhoods"}}
    data.update(title="Nieuwe titel", slug=challenge.slug, domain=challenge.domain_id)
    assert client.post(url, data).status_code == 302
    challenge.refresh_from_db()
    assert challenge.title == "Nieuwe titel"
    assert client.get(reverse("agenda:edit", kwargs={"slug": world.agenda.slug})).status_code == 403
    client.force_login(world.coordinator)
    assert client.get(reverse("agenda:edit", kwargs={"slug": world.agenda.slug})).status_code == 200


def test_home_panel(world, client):
    challenge = world.challenge(title="Mijn opgave")
    client.force_login(world.regisseur)
    body = client.get(reverse("core:home")).content.decode()
    assert "Uw agenda’s en opgaven" in body and "Mijn opgave" in body
    client.force_login(world.other_coordinator)
    assert "Mijn opgave" not in client.get(reverse("core:home")).content.decode()
    assert challenge


def test_region_agenda_counts_every_municipality(world):
    from tests.organisations.factories import RegionFactory

    region = RegionFactory()
    region.municipalities.set([world.veerdam, world.other])
    agenda = Agenda.objects.create(
        title="Samen",
        slug="samen",
        region=region,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2026, 1, 1),
    )
    assert sorted(agenda.municipality_ids()) == sorted([world.veerdam.pk, world.other.pk])
    beheerder = member(world.other, Role.BEHEERDER)
    assert beheerder.has_perm("agenda.change_agenda", agenda)
    assert not beheerder.has_perm("agenda.change_agenda", world.agenda)
