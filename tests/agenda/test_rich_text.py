"""Paragraphs typed in a problem description stay paragraphs on the page; exports carry plain text
(issue 10, point 9)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from tests.agenda.factories import ChallengeFactory
from veerkracht.agenda.models import Challenge
from veerkracht.agenda.sanitise import clean_rich_text, plain_text

TYPED = "Eerste alinea over eenzaamheid.\r\n\r\nTweede alinea: 3 < 5 & meer.\r\nNieuwe regel."


def test_plain_paragraphs_become_paragraphs():
    assert clean_rich_text(TYPED) == (
        "<p>Eerste alinea over eenzaamheid.</p><p>Tweede alinea: 3 &lt; 5 &amp; meer.<br>Nieuwe regel.</p>"
    )


def test_html_is_kept_as_written_and_still_sanitised():
    assert clean_rich_text("<p>Een</p>\n\n<p>Twee<script>x</script></p>") == "<p>Een</p>\n\n<p>Twee</p>"


def test_plain_text_for_exports():
    assert plain_text(clean_rich_text(TYPED)) == (
        "Eerste alinea over eenzaamheid.\n\nTweede alinea: 3 < 5 & meer.\nNieuwe regel."
    )
    assert plain_text("<p>Doel:</p><ul><li>een</li><li><strong>twee</strong></li></ul>") == (
        "Doel:\n\n- een\n- twee"
    )


@pytest.mark.django_db
def test_page_shows_paragraphs_and_exports_hold_no_tags(world, client):
    challenge = ChallengeFactory(agenda=world.agenda, problem=TYPED, ambition="Minder\n\neenzaamheid")
    client.force_login(world.coordinator)
    body = client.get(reverse("agenda:challenge", kwargs={"slug": challenge.slug})).content.decode()
    assert "<p>Eerste alinea over eenzaamheid.</p><p>Tweede alinea" in body
    exported = client.get(reverse("agenda:export_csv", kwargs={"slug": world.agenda.slug}))
    (row,) = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert row["problem"] == "Eerste alinea over eenzaamheid.\n\nTweede alinea: 3 < 5 & meer.\nNieuwe regel."
    assert row["ambition"] == "Minder\n\neenzaamheid"
    document = json.loads(
        client.get(reverse("agenda:export_json", kwargs={"slug": world.agenda.slug})).content
    )
    assert "<p>" not in document["challenges"][0]["problem"]


@pytest.mark.django_db
def test_stored_plain_text_from_before_is_shown_as_paragraphs(world, client):
    challenge = ChallengeFactory(agenda=world.agenda)
    Challenge.objects.filter(pk=challenge.pk).update(problem="Een\n\nTwee")  # as stored before
    client.force_login(world.coordinator)
    body = client.get(reverse("agenda:challenge", kwargs={"slug": challenge.slug})).content.decode()
    assert "<p>Een</p><p>Twee</p>" in body
