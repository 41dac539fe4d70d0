"""Invitations: CSV refusal, merging, hashed tokens, e-mail in the respondent's language."""

from __future__ import annotations

import hashlib

import pytest
from django.core import mail
from django.db import connection

from tests.fieldwork.factories import InvitationFactory
from tests.fieldwork.helpers import open_wave, tokens_in_outbox
from veerkracht.fieldwork import services, tokens
from veerkracht.fieldwork.models import Invitation, InvitationToken

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


GOOD = (
    "name,email,organisation,group,language\n"
    "Anna de Vries,Anna@Example.org,Welzijn Veerdam,zorg_welzijn,nl\n"
    ",bob@example.org,Hogeschool,onderwijs,en\n"
    "Anna de Vries,anna@example.org,Welzijn Veerdam,,\n"
)


def test_csv_adds_and_merges_duplicates(wave_world, make_wave):
    wave = make_wave()
    rows = services.parse_invitations_csv(wave=wave, data=GOOD.encode())
    added, merged = services.invitations_add(wave=wave, rows=rows, by=wave_world.regisseur)
    assert (added, merged) == (2, 0)
    anna = Invitation.objects.get(wave=wave, email="anna@example.org")
    assert anna.group == "zorg_welzijn" and anna.language == "nl"
    # the same file again: nothing new, both merged
    assert services.invitations_add(wave=wave, rows=rows, by=wave_world.regisseur) == (0, 2)
    assert Invitation.objects.filter(wave=wave).count() == 2


def test_bad_csv_is_refused_whole_naming_every_bad_row(wave_world, make_wave):
    wave = make_wave()
    data = (
        b"name,email,organisation,group,language\n"
        b"A,a@example.org,Org,zorg_welzijn,nl\n"
        b"B,not-an-address,Org,zorg_welzijn,nl\n"
        b"C,c@example.org,,zorg_welzijn,nl\n"
        b"D,d@example.org,Org,astronauten,nl\n"
        b"E,e@example.org,Org,onderwijs,fr\n"
        b"F,f@example.org,Org\n"
    )
    with pytest.raises(services.FieldworkError) as refused:
        services.parse_invitations_csv(wave=wave, data=data)
    text = "\n".join(refused.value.problems)
    for row in (3, 4, 5, 6, 7):
        assert f"Row {row}:" in text or f"Rij {row}:" in text, text
    assert "Row 2:" not in text and "Rij 2:" not in text
    assert "not-an-address" in text and "astronauten" in text and "fr" in text
    assert Invitation.objects.count() == 0


def test_view_refuses_bad_file_and_stores_nothing(wave_world, make_wave, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    wave = make_wave()
    client.force_login(wave_world.regisseur)
    upload = SimpleUploadedFile(
        "r.csv", b"email,organisation\nx@example.org,\nbad,Org\n", content_type="text/csv"
    )
    response = client.post(f"/monitor/metingen/{wave.pk}/respondenten/", {"action": "csv", "file": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Rij 2" in body and "Rij 3" in body
    assert Invitation.objects.count() == 0


def test_tokens_are_long_random_and_stored_only_hashed(wave_world, make_wave):
    wave = make_wave()
    for n in range(5):
        InvitationFactory(wave=wave, email=f"p{n}@example.org")
    open_wave(wave, wave_world.regisseur)
    found = tokens_in_outbox()
    assert len(found) == 5 and len(set(found.values())) == 5
    for token in found.values():
        assert len(token) >= 22  # ≥ 128 bits in URL-safe base64
        stored = InvitationToken.objects.get(token_hash=hashlib.sha256(token.encode()).hexdigest())
        assert stored.token_hash != token
    # the plain token is nowhere in the fieldwork's tables
    token = next(iter(found.values()))
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if not table.startswith("fieldwork_"):
                continue
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - test, table names from introspection
            assert all(token not in str(row) for row in cursor.fetchall()), table


def test_delivered_emails_lose_their_links(wave_world, make_wave):
    from veerkracht.core.models import OutgoingEmail

    wave = make_wave()
    InvitationFactory(wave=wave, email="p@example.org")
    open_wave(wave, wave_world.regisseur)
    token = tokens_in_outbox()["p@example.org"]
    assert len(mail.outbox) == 1 and token in mail.outbox[0].body  # delivered with the link
    assert OutgoingEmail.objects.get(to="p@example.org").scrub_after_send
    assert not OutgoingEmail.objects.filter(body_text__contains=token).exists()
    assert not OutgoingEmail.objects.filter(body_html__contains=token).exists()


def test_guessing_tokens_finds_nothing(wave_world, make_wave, client):
    wave = make_wave()
    InvitationFactory(wave=wave)
    open_wave(wave, wave_world.regisseur)
    for _ in range(20):
        assert services.invitation_for_token(tokens.new_token()) is None
    assert client.get(f"/v/{tokens.new_token()}/").status_code == 404
    assert client.get("/v/short/").status_code == 404


def test_token_entropy():
    sample = {tokens.new_token() for _ in range(2000)}
    assert len(sample) == 2000
    assert tokens.TOKEN_BYTES * 8 >= 128


def test_email_in_respondent_language(wave_world, make_wave):
    wave = make_wave()
    InvitationFactory(wave=wave, email="nl@example.org", language="nl")
    InvitationFactory(wave=wave, email="en@example.org", language="en")
    open_wave(wave, wave_world.regisseur)
    by_to = {m.to[0]: m for m in mail.outbox}
    assert "Uitnodiging" in by_to["nl@example.org"].subject
    assert "Invitation" in by_to["en@example.org"].subject
    assert "persoonlijke link" in by_to["nl@example.org"].body
    assert "personal link" in by_to["en@example.org"].body
    assert wave.challenge.title in by_to["en@example.org"].body


def test_failed_sends_show_on_dashboard(wave_world, make_wave, client, settings):
    settings.EMAIL_BACKEND = "tests.fieldwork.test_invitations.FailingBackend"
    wave = make_wave()
    InvitationFactory(wave=wave, email="bounce@example.org", organisation="Org X")
    open_wave(wave, wave_world.regisseur)
    client.force_login(wave_world.regisseur)
    body = client.get(f"/monitor/metingen/{wave.pk}/").content.decode()
    assert "bounce@example.org" in body and "SMTPRecipientsRefused" in body


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPRecipientsRefused({"bounce@example.org": (550, b"no such user")})
