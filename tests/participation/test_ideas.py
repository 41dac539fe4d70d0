"""Ideas end to end through the pages and services: support once, the feedback loop with its e-mail,
permissions on every write, the public summary, overdue ideas, similar ideas, pictures, escaping."""

from __future__ import annotations

import datetime as dt
import io
import re
import statistics

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from veerkracht.core.models import OutgoingEmail
from veerkracht.participation import selectors, services, states
from veerkracht.participation.models import (
    Idea,
    IdeaStateChange,
    MailOptOut,
    ResponseTerm,
    Support,
    UnsubscribeToken,
)

pytestmark = pytest.mark.django_db


def _mails(idea):
    return OutgoingEmail.objects.filter(reference=f"participation.idea:{idea.pk}").order_by("to")


# --- support ------------------------------------------------------------------------------------


def test_support_once_per_person(world):
    idea = world.idea()
    assert services.idea_support(idea=idea, by=world.ben) is True
    assert services.idea_support(idea=idea, by=world.ben) is False
    assert Support.objects.filter(idea=idea).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Support.objects.create(idea=idea, user=world.ben)


def test_the_author_cannot_support_their_own_idea(world, client):
    idea = world.idea()
    client.force_login(world.anna)
    assert client.post(f"/meedoen/ideeen/{idea.pk}/steunen/").status_code == 403
    assert not Support.objects.exists()


def test_support_through_the_page(world, client):
    idea = world.idea()
    client.force_login(world.ben)
    assert client.post(f"/meedoen/ideeen/{idea.pk}/steunen/").status_code == 302
    assert client.post(f"/meedoen/ideeen/{idea.pk}/steunen/").status_code == 302
    assert list(Support.objects.values_list("user_id", flat=True)) == [world.ben.pk]


# --- the feedback loop --------------------------------------------------------------------------


def test_a_state_change_mails_author_and_supporters_once_each_in_their_language(world, client):
    idea = world.idea(title="Koffie bij de supermarkt")
    services.idea_support(idea=idea, by=world.ben)
    services.idea_support(idea=idea, by=world.carla)
    client.force_login(world.coordinator)
    response = client.post(f"/meedoen/ideeen/{idea.pk}/status/", {"state": states.IN_BEHANDELING})
    assert response.status_code == 302
    mails = list(_mails(idea))
    assert [m.to for m in mails] == ["anna@example.org", "ben@example.org", "carla@example.org"]
    by_to = {m.to: m for m in mails}
    assert by_to["anna@example.org"].language == "nl"
    assert "in behandeling" in by_to["anna@example.org"].body_text
    assert "Je idee" in by_to["anna@example.org"].subject
    assert by_to["ben@example.org"].language == "en"
    assert "under consideration" in by_to["ben@example.org"].body_text
    assert "An idea you support" in by_to["ben@example.org"].subject
    assert "in behandeling" in by_to["carla@example.org"].body_text
    # the next change: one more mail each, not more
    response = client.post(
        f"/meedoen/ideeen/{idea.pk}/status/",
        {"state": states.OVERGENOMEN, "outcome": "Een pilot in de Rivierwijk."},
    )
    assert response.status_code == 302
    assert _mails(idea).count() == 6
    idea.refresh_from_db()
    assert idea.state == states.OVERGENOMEN and idea.outcome == "Een pilot in de Rivierwijk."
    assert list(idea.changes.values_list("to_state", flat=True)) == [
        states.IN_BEHANDELING,
        states.OVERGENOMEN,
    ]


def test_every_mail_has_a_working_unsubscribe_link_stored_hashed(world, client):
    idea = world.idea()
    services.idea_support(idea=idea, by=world.ben)
    services.idea_transition(idea=idea, target=states.IN_BEHANDELING, by=world.coordinator)
    mail = OutgoingEmail.objects.get(to="ben@example.org")
    token = re.search(r"/meedoen/afmelden/([\w-]+)/", mail.body_text).group(1)
    assert not UnsubscribeToken.objects.filter(token_hash=token).exists()  # only the hash is kept
    assert client.get(f"/meedoen/afmelden/{token}/").status_code == 200
    assert not MailOptOut.objects.exists()  # following the link alone changes nothing
    assert client.post(f"/meedoen/afmelden/{token}/").status_code == 200
    assert MailOptOut.objects.filter(user=world.ben).exists()
    services.idea_transition(idea=idea, target=states.OVERGENOMEN, outcome="Pilot", by=world.coordinator)
    assert OutgoingEmail.objects.filter(to="ben@example.org").count() == 1
    assert OutgoingEmail.objects.filter(to="anna@example.org").count() == 2
    assert client.post("/meedoen/afmelden/" + "x" * 43 + "/").status_code == 410


def test_not_adopted_needs_a_reason_and_keeps_what_was_typed(world, client):
    idea = world.idea()
    client.force_login(world.regisseur)
    response = client.post(
        f"/meedoen/ideeen/{idea.pk}/status/",
        {"state": states.NIET_OVERGENOMEN, "outcome_url": "https://x.nl/"},
    )
    assert response.status_code == 400
    assert "Geef de reden" in response.content.decode() or "reason" in response.content.decode()
    idea.refresh_from_db()
    assert (
        idea.state == states.ONTVANGEN and not IdeaStateChange.objects.exists() and not _mails(idea).exists()
    )


def test_a_refused_transition_changes_nothing(world):
    idea = world.idea()
    services.idea_transition(idea=idea, target=states.OVERGENOMEN, outcome="Pilot", by=world.coordinator)
    with pytest.raises(ValidationError):
        services.idea_transition(idea=idea, target=states.IN_BEHANDELING, by=world.coordinator)
    idea.refresh_from_db()
    assert idea.state == states.OVERGENOMEN and idea.changes.count() == 1


def test_merge_carries_supports_over_and_tells_both_authors_people(world):
    keep = world.idea(title="Energiecoaches in de buurt")
    dup = world.idea(by=world.ben, title="Energiecoach per straat")
    services.idea_support(idea=dup, by=world.carla)
    services.idea_support(idea=keep, by=world.carla)  # already supports the target: counted once
    services.idea_transition(idea=dup, target=states.SAMENGEVOEGD, merged_into=keep, by=world.coordinator)
    dup.refresh_from_db()
    assert dup.state == states.SAMENGEVOEGD and dup.merged_into == keep
    assert sorted(keep.supports.values_list("user_id", flat=True)) == sorted([world.ben.pk, world.carla.pk])
    assert not dup.supports.exists()
    told = sorted(_mails(dup).values_list("to", flat=True))
    assert told == ["anna@example.org", "ben@example.org", "carla@example.org"]  # both authors
    to_anna = OutgoingEmail.objects.get(to="anna@example.org")
    assert to_anna.subject == "Er is een idee samengevoegd met het jouwe"
    assert "Energiecoach per straat" in to_anna.body_text
    assert f"/meedoen/ideeen/{keep.pk}/" in OutgoingEmail.objects.get(to="ben@example.org").body_text


def test_merge_into_an_idea_of_another_challenge_is_refused(world):
    idea = world.idea()
    other = world.idea(challenge=world.bergen_challenge, title="Elders")
    with pytest.raises(ValidationError):
        services.idea_transition(
            idea=idea, target=states.SAMENGEVOEGD, merged_into=other, by=world.coordinator
        )
    idea.refresh_from_db()
    assert idea.state == states.ONTVANGEN


# --- permissions on writes ----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anna", "ben", "bergen_coordinator"])
def test_only_the_challenges_coordinator_or_regisseur_change_states(world, client, who):
    idea = world.idea()
    services.idea_support(idea=idea, by=world.ben)
    client.force_login(getattr(world, who))
    response = client.post(f"/meedoen/ideeen/{idea.pk}/status/", {"state": states.IN_BEHANDELING})
    assert response.status_code in (403, 404)
    with pytest.raises(PermissionDenied):
        services.idea_transition(idea=idea, target=states.IN_BEHANDELING, by=getattr(world, who))
    idea.refresh_from_db()
    assert idea.state == states.ONTVANGEN
    assert not IdeaStateChange.objects.exists() and not OutgoingEmail.objects.exists()
    assert "Answer the idea" not in client.get(f"/meedoen/ideeen/{idea.pk}/").content.decode()


def test_anonymous_writes_are_refused(world, client):
    idea = world.idea()
    assert (
        client.post(f"/meedoen/ideeen/{idea.pk}/status/", {"state": states.IN_BEHANDELING}).status_code == 302
    )
    assert client.post(f"/meedoen/ideeen/{idea.pk}/steunen/").status_code == 302
    assert (
        client.post(
            f"/meedoen/opgaven/{world.challenge.slug}/ideeen/nieuw/", {"title": "x", "text": "y"}
        ).status_code
        == 302
    )
    idea.refresh_from_db()
    assert idea.state == states.ONTVANGEN and not Support.objects.exists() and Idea.objects.count() == 1


def test_ideas_of_a_non_public_challenge_are_hidden(world, client):
    idea = world.idea()
    world.challenge.published = False
    world.challenge.save()
    client.force_login(world.ben)
    assert client.get(f"/meedoen/ideeen/{idea.pk}/").status_code == 404
    assert client.post(f"/meedoen/ideeen/{idea.pk}/steunen/").status_code == 404
    assert client.get(f"/meedoen/opgaven/{world.challenge.slug}/ideeen/").status_code == 404
    client.force_login(world.bergen_coordinator)
    assert client.post(f"/meedoen/ideeen/{idea.pk}/status/", {"state": "in_behandeling"}).status_code == 404
    assert not Support.objects.exists()


def test_the_overview_is_for_people_who_answer_ideas_and_shows_only_their_own(world, client):
    old = world.idea(title="Oud idee")
    Idea.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=29))
    world.idea(title="Nieuw idee")
    bergen_old = world.idea(challenge=world.bergen_challenge, title="Oud in Bergen")
    Idea.objects.filter(pk=bergen_old.pk).update(created_at=timezone.now() - dt.timedelta(days=40))
    client.force_login(world.anna)
    assert client.get("/meedoen/ideeen/overzicht/").status_code == 403
    client.force_login(world.coordinator)
    page = client.get("/meedoen/ideeen/overzicht/").content.decode()
    assert "Oud idee" in page and "Nieuw idee" not in page and "Oud in Bergen" not in page
    # a shorter term of the municipality makes the newer idea overdue too
    ResponseTerm.objects.create(municipality=world.veerdam, days=1)
    Idea.objects.filter(title="Nieuw idee").update(created_at=timezone.now() - dt.timedelta(days=2))
    assert "Nieuw idee" in client.get("/meedoen/ideeen/overzicht/").content.decode()
    # an answered idea is no longer overdue
    services.idea_transition(idea=old, target=states.IN_BEHANDELING, by=world.coordinator)
    assert "Oud idee" not in client.get("/meedoen/ideeen/overzicht/").content.decode()


# --- the public summary -------------------------------------------------------------------------


def test_summary_counts_and_median_time_to_a_first_answer(world, client):
    now = timezone.now()
    waits = [2, 5, 9, 30]  # days until the first answer
    for i, days in enumerate(waits):
        idea = world.idea(title=f"Idee {i}")
        Idea.objects.filter(pk=idea.pk).update(created_at=now - dt.timedelta(days=days))
        services.idea_transition(idea=idea, target=states.IN_BEHANDELING, by=world.coordinator)
    first = Idea.objects.get(title="Idee 0")
    services.idea_transition(
        idea=first, target=states.NIET_OVERGENOMEN, reason="Te duur", by=world.coordinator
    )
    world.idea(title="Nog open")
    summary = selectors.summary(world.challenge)
    assert summary.total == 5
    assert {c.state: c.count for c in summary.by_state} == {
        states.ONTVANGEN: 1,
        states.IN_BEHANDELING: 3,
        states.OVERGENOMEN: 0,
        states.NIET_OVERGENOMEN: 1,
        states.SAMENGEVOEGD: 0,
    }
    assert summary.median_days == pytest.approx(statistics.median(waits), abs=0.01)
    response = client.get(f"/agenda/openbaar/opgaven/{world.challenge.slug}/")  # the public page
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="section-ideeen"' in page
    assert "7,0" in page  # the median (5 + 9) / 2 days, in Dutch
    assert "anna@example.org" not in page
    client.force_login(world.coordinator)
    assert 'id="section-ideeen"' in client.get(f"/agenda/opgaven/{world.challenge.slug}/").content.decode()


def test_the_public_page_shows_the_latest_answers_with_what_became_of_them(world, client):
    open_idea = world.idea(title="Nog open")
    refused = world.idea(title="Te duur idee")
    services.idea_transition(
        idea=refused, target=states.NIET_OVERGENOMEN, reason="Past niet", by=world.coordinator
    )
    adopted = [world.idea(title=f"Overgenomen {n}") for n in range(6)]
    for n, idea in enumerate(adopted):
        services.idea_transition(
            idea=idea, target=states.OVERGENOMEN, outcome=f"Werd pilot {n}", by=world.coordinator
        )
    page = client.get(f"/agenda/openbaar/opgaven/{world.challenge.slug}/").content.decode()
    answers = page.split('id="section-ideeen-answered"')[1].split("</ul>")[0]
    # the five most recent answers: the last five adopted ideas, each with what it became
    assert [n for n in range(6) if f"Overgenomen {n}</a>" in answers] == [1, 2, 3, 4, 5]
    assert all(f"Werd pilot {n}" in answers for n in range(1, 6))
    assert "Te duur idee" not in answers and open_idea.title not in answers


def test_list_and_overview_pages_do_a_bounded_number_of_queries(world, client, django_assert_max_num_queries):
    for n in range(30):
        idea = world.idea(by=[world.anna, world.ben, world.carla][n % 3], title=f"Idee {n}")
        Idea.objects.filter(pk=idea.pk).update(created_at=timezone.now() - dt.timedelta(days=40))
        services.idea_support(idea=idea, by=world.coordinator)
    services.idea_support(idea=idea, by=world.regisseur)  # the newest idea: two supporters
    client.force_login(world.carla)
    with django_assert_max_num_queries(25):
        response = client.get(f"/meedoen/opgaven/{world.challenge.slug}/ideeen/")
    page = response.content.decode()
    assert response.status_code == 200 and page.count("1 steunbetuiger;") == 24
    assert "Idee 29</a> — ontvangen; 2 steunbetuigers;" in page
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(25):
        assert client.get("/meedoen/ideeen/overzicht/").status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(f"/meedoen/ideeen/{idea.pk}/").status_code == 200


# --- submitting ---------------------------------------------------------------------------------


def test_similar_ideas_by_dutch_stems(world, client):
    world.idea(title="Moestuinen in de wijk", text="Samen groente kweken.")
    world.idea(title="Bankjes bij het park", text="Om uit te rusten.")
    client.force_login(world.ben)
    page = client.get(
        f"/meedoen/opgaven/{world.challenge.slug}/ideeen/vergelijkbaar/",
        {"title": "een moestuin", "text": ""},
    ).content.decode()
    assert "Moestuinen in de wijk" in page and "Bankjes" not in page
    # without JavaScript: the check step keeps what was typed and creates nothing
    response = client.post(
        f"/meedoen/opgaven/{world.challenge.slug}/ideeen/nieuw/",
        {"title": "Moestuin voor ouderen", "text": "Tuinieren samen", "check": "1"},
    )
    body = response.content.decode()
    assert (
        response.status_code == 200
        and "Moestuinen in de wijk" in body
        and 'value="Moestuin voor ouderen"' in body
    )
    assert Idea.objects.count() == 2


def test_submit_an_idea_and_its_text_is_escaped_everywhere(world, client):
    client.force_login(world.ben)
    response = client.post(
        f"/meedoen/opgaven/{world.challenge.slug}/ideeen/nieuw/",
        {"title": "<script>alert(1)</script> tuin", "text": "<b>vet</b>", "nickname": "<i>Benny</i>"},
    )
    idea = Idea.objects.get()
    assert response.status_code == 302 and idea.author == world.ben
    for url in (f"/meedoen/ideeen/{idea.pk}/", f"/meedoen/opgaven/{world.challenge.slug}/ideeen/"):
        page = client.get(url).content.decode()
        assert "<script>alert(1)" not in page and "&lt;script&gt;" in page and "<i>Benny</i>" not in page
        assert "ben@example.org" not in page.split("<main", 1)[-1]
    services.idea_support(idea=idea, by=world.anna)
    services.idea_transition(idea=idea, target=states.IN_BEHANDELING, by=world.coordinator)
    html = OutgoingEmail.objects.get(to="anna@example.org").body_html
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_public_pages_show_first_name_and_initial(world, client):
    world.idea(title="Speeltuin")
    page = client.get(f"/meedoen/opgaven/{world.challenge.slug}/ideeen/").content.decode()
    assert "Anna V." in page and "de Vries" not in page and "anna@example.org" not in page


def test_idea_creation_is_rate_limited_per_person(world, client, settings):
    client.force_login(world.ben)
    url = f"/meedoen/opgaven/{world.challenge.slug}/ideeen/nieuw/"
    from veerkracht.participation import views

    for n in range(views.IDEAS_PER_HOUR):
        assert client.post(url, {"title": f"Idee {n}", "text": "tekst"}).status_code == 302
    response = client.post(url, {"title": "Nog een", "text": "tekst"})
    assert response.status_code == 429 and 'value="Nog een"' in response.content.decode()
    assert Idea.objects.count() == views.IDEAS_PER_HOUR


def _png_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 80, 20))
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x8825] = {2: (52.0, 5.0, 0.0)}  # GPS latitude
    out = io.BytesIO()
    image.save(out, format="PNG", exif=exif)
    return out.getvalue()


def test_a_picture_is_stored_without_its_metadata(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = _png_with_exif()
    assert b"CameraMaker" in data
    client.force_login(world.ben)
    response = client.post(
        f"/meedoen/opgaven/{world.challenge.slug}/ideeen/nieuw/",
        {"title": "Met foto", "text": "tekst", "picture": SimpleUploadedFile("foto.png", data, "image/png")},
    )
    assert response.status_code == 302
    idea = Idea.objects.get()
    stored = idea.picture.read()
    assert b"CameraMaker" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (40, 30) and not image.getexif()
    picture = client.get(f"/meedoen/ideeen/{idea.pk}/afbeelding/")
    assert picture.status_code == 200


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"<?php echo 1; ?>", "foto.jpg", "geen afbeelding"),
        (b"GIF89a" + b"\x00" * 50, "foto.gif", "geen afbeelding"),
        (b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024), "groot.jpg", "te groot"),
    ],
)
def test_fake_or_oversized_pictures_are_refused(world, client, settings, tmp_path, content, name, message):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.ben)
    response = client.post(
        f"/meedoen/opgaven/{world.challenge.slug}/ideeen/nieuw/",
        {"title": "Met foto", "text": "tekst", "picture": SimpleUploadedFile(name, content, "image/jpeg")},
    )
    assert response.status_code == 200
    assert not Idea.objects.exists()
    body = response.content.decode()
    assert 'value="Met foto"' in body and message in body


def test_a_gif_is_refused_as_wrong_type():
    from veerkracht.participation import pictures

    out = io.BytesIO()
    Image.new("RGB", (5, 5)).save(out, format="GIF")
    with pytest.raises(pictures.PictureError) as caught:
        pictures.clean(out.getvalue())
    assert caught.value.code == "wrong_type"


def test_the_home_page_tells_whoever_answers_ideas_how_many_are_overdue(world, client):
    old = world.idea(title="Oud idee")
    Idea.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=29))
    client.force_login(world.regisseur)
    assert "1 idee heeft binnen de termijn geen eerste antwoord gekregen." in client.get("/").content.decode()
    client.force_login(world.bergen_coordinator)  # answers Bergen's ideas only
    home = client.get("/").content.decode()
    assert "binnen de termijn geen eerste antwoord" not in home and "Oud idee" not in home  # none overdue
    client.force_login(world.anna)
    assert "/meedoen/ideeen/overzicht/" not in client.get("/").content.decode()


def test_home_panel_lists_the_overdue_ideas_only_when_there_are_some(world):
    from django.template.loader import render_to_string

    from veerkracht.core.dashboard import dashboard_for

    fresh = world.idea(title="Nog binnen de termijn")
    assert "ideeen" not in {p.key for p in dashboard_for(world.coordinator)}
    late = world.idea(title="Te lang <i>zonder</i> antwoord")
    Idea.objects.filter(pk=late.pk).update(created_at=timezone.now() - dt.timedelta(days=29))
    panels = {p.key: p for p in dashboard_for(world.coordinator)}
    assert [i.pk for i in panels["ideeen"].context["oldest"]] == [late.pk]
    html = render_to_string(panels["ideeen"].template, {"panel": panels["ideeen"]})
    assert f"/meedoen/ideeen/{late.pk}/" in html and f"/meedoen/ideeen/{fresh.pk}/" not in html
    assert "Te lang &lt;i&gt;zonder&lt;/i&gt; antwoord" in html
    assert "ideeen" not in {p.key for p in dashboard_for(world.anna)}  # a resident answers nothing
