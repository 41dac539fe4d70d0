"""The council (raadsleden): reads every challenge's objectives, progress, mandate use and public
decisions of its municipality, and the published letters; writes nothing; never sees a confidential
decision; sees nothing of another municipality."""

from __future__ import annotations

import re

import pytest
import rules
from django.urls import reverse

from tests.agenda.factories import ChallengeFactory
from tests.governance.board_world import mandate_for, objective_with, open_escalation, town, use
from veerkracht.governance.models import CouncilLetter, LetterState, LetterSubscription, UsageKind
from veerkracht.governance.services.decisions import record_decision
from veerkracht.organisations.models import Role

pytestmark = pytest.mark.django_db

MARKER = "VERTROUWELIJK-Zq81x"
READ_PERMS = {"governance.view_challenge", "governance.view_council"}


@pytest.fixture
def veerdam():
    world = town("Gemeente Veerdam", "veerdam")
    world.challenge = ChallengeFactory(agenda=world.agenda, title="Schone wijk")
    world.objective = objective_with(world.challenge, "D1", "aandacht")
    mandate_for(world.challenge, budget=20_000, hours=100)
    use(world.challenge, UsageKind.MONEY, 5000)
    open_escalation(world.challenge, "Uren bijna op")
    record_decision(
        challenge=world.challenge,
        kind="besluit",
        title="Openbaar besluit over de wijk",
        text="Het college kiest voor de wijkaanpak.",
        by=world.bestuurder,
        role=Role.BESTUURDER,
        organisation=world.municipality,
    )
    record_decision(
        challenge=world.challenge,
        kind="besluit",
        title=f"Grondaankoop {MARKER}",
        text=f"Onderhandeling {MARKER}",
        by=world.bestuurder,
        role=Role.BESTUURDER,
        organisation=world.municipality,
        public=False,
    )
    return world


@pytest.fixture
def elders():
    return town("Gemeente Elders", "elders")


def _letter(world, state=LetterState.GEPUBLICEERD, title="Brief eerste kwartaal"):
    return CouncilLetter.objects.create(
        municipality=world.municipality,
        title=title,
        period_start="2026-01-01",
        period_end="2026-03-31",
        state=state,
    )


def test_raadslid_reads_objectives_mandate_use_and_public_decisions(client, veerdam):
    published = _letter(veerdam)
    _letter(veerdam, state=LetterState.CONCEPT, title="Concept nog niet klaar")
    client.force_login(veerdam.raadslid)
    response = client.get(reverse("governance:council", args=["veerdam"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Schone wijk" in html
    assert "D1 Doel D1" in html and "vk-status--attention" in html and 'value="30"' in html
    assert 'value="5000.00"' in html and 'max="20000.00"' in html
    assert "Openbaar besluit over de wijk" in html
    assert "Brief eerste kwartaal" in html and "Concept nog niet klaar" not in html
    assert reverse("governance:letter", args=["veerdam", published.pk]) in html


def test_raadslid_never_sees_confidential_content(client, veerdam):
    letter = _letter(veerdam)
    client.force_login(veerdam.raadslid)
    for url in (
        reverse("governance:council", args=["veerdam"]),
        reverse("governance:letter", args=["veerdam", letter.pk]),
        "/besturen/",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert MARKER not in response.content.decode(), url


def test_the_board_sees_the_confidential_title_only_where_it_may(client, veerdam):
    # the marker is in the log; the council page lists public entries only, also for the board
    client.force_login(veerdam.bestuurder)
    html = client.get(reverse("governance:council", args=["veerdam"])).content.decode()
    assert "Openbaar besluit over de wijk" in html and MARKER not in html


def test_raadslid_sees_no_write_button(client, veerdam):
    letter = _letter(veerdam)
    client.force_login(veerdam.raadslid)
    for url in (
        reverse("governance:council", args=["veerdam"]),
        reverse("governance:letter", args=["veerdam", letter.pk]),
    ):
        html = client.get(url).content.decode()
        for action in ("letter_new", "letter_publish", "letter_render", "letter_edit"):
            for target in (
                reverse(f"governance:{action}", args=["veerdam"])
                if action == "letter_new"
                else reverse(f"governance:{action}", args=["veerdam", letter.pk]),
            ):
                assert target not in html
        # the only governance form is their own subscription (the site's header has its own forms)
        actions = re.findall(r'<form[^>]*action="([^"]*)"', html)
        governance = [a for a in actions if a.startswith("/besturen/")]
        assert governance == (
            [reverse("governance:council_subscription", args=["veerdam"])]
            if "raad" in url and "brieven" not in url
            else []
        )


def test_governance_posts_refuse_a_raadslid(client, veerdam):
    letter = _letter(veerdam)
    draft = _letter(veerdam, state=LetterState.CONCEPT, title="Concept")
    client.force_login(veerdam.raadslid)
    data = {"title": "Mijn brief", "period_start": "2026-01-01", "period_end": "2026-02-01"}
    assert client.post(reverse("governance:letter_new", args=["veerdam"]), data).status_code == 403
    assert client.post(reverse("governance:letter_publish", args=["veerdam", letter.pk])).status_code == 403
    assert client.post(reverse("governance:letter_render", args=["veerdam", letter.pk])).status_code == 403
    assert (
        client.post(reverse("governance:letter_edit", args=["veerdam", letter.pk]), data).status_code == 403
    )
    # a draft is not even there for the council
    assert client.post(reverse("governance:letter_publish", args=["veerdam", draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert draft.state == LetterState.CONCEPT
    assert CouncilLetter.objects.count() == 2


def test_every_write_permission_is_refused_to_a_raadslid(veerdam):
    user = veerdam.raadslid
    objects = (veerdam.challenge, veerdam.objective, veerdam.municipality)
    perms = sorted(p for p in rules.permissions.permissions if p.startswith("governance."))
    writes = [p for p in perms if p not in READ_PERMS]
    assert "governance.write_letter" in writes and "governance.give_mandate" in writes
    granted = [(p, type(o).__name__) for p in writes for o in objects if user.has_perm(p, o)]
    assert granted == []
    # and they do read
    assert user.has_perm("governance.view_challenge", veerdam.challenge)
    assert user.has_perm("governance.view_council", veerdam.municipality)


def test_subscribe_and_unsubscribe(client, veerdam):
    client.force_login(veerdam.raadslid)
    url = reverse("governance:council_subscription", args=["veerdam"])
    assert client.post(url, {"action": "start"}).status_code == 302
    assert (
        LetterSubscription.objects.filter(user=veerdam.raadslid, municipality=veerdam.municipality).count()
        == 1
    )
    assert client.post(url, {"action": "start"}).status_code == 302  # twice: still one
    assert LetterSubscription.objects.count() == 1
    assert client.post(url, {"action": "stop"}).status_code == 302
    assert LetterSubscription.objects.count() == 0
    assert client.get(url).status_code == 405


def test_other_municipalitys_raadslid_sees_nothing(client, veerdam, elders):
    letter = _letter(veerdam)
    client.force_login(elders.raadslid)
    assert client.get(reverse("governance:council", args=["elders"])).status_code == 200
    for url in (
        reverse("governance:council", args=["veerdam"]),
        reverse("governance:letter", args=["veerdam", letter.pk]),
        reverse("governance:letter_download", args=["veerdam", letter.pk, "pdf"]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("governance:council_subscription", args=["veerdam"])).status_code == 404
    assert LetterSubscription.objects.count() == 0
    html = client.get(reverse("governance:council", args=["elders"])).content.decode()
    assert "Schone wijk" not in html and "Openbaar besluit over de wijk" not in html
    # nor another municipality's bestuurder
    client.force_login(elders.bestuurder)
    assert client.get(reverse("governance:council", args=["veerdam"])).status_code == 404


def test_anonymous_is_sent_to_log_in(client, veerdam):
    response = client.get(reverse("governance:council", args=["veerdam"]))
    assert response.status_code == 302 and "next=" in response.url
