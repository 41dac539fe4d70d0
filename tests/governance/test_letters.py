"""Council information letters: drafted by the board, published (head hash fixed), rendered to a
tagged PDF and an editable DOCX by a Celery task (never in the request), mailed once to subscribers.
The documents say what the engine says, and nothing confidential."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse
from django.utils import timezone
from docx import Document as WordDocument
from pypdf import PdfReader

from tests.agenda.factories import ChallengeFactory
from tests.conftest import require_service
from tests.governance.board_world import mandate_for, objective_with, open_escalation, town, use
from tests.services import REDIS_URL, redis_available, reset_connections
from tests.waiting import wait_until
from veerkracht.core.models import OutgoingEmail
from veerkracht.governance import letters, status
from veerkracht.governance.models import CouncilLetter, DecisionChain, LetterState, Objective, UsageKind
from veerkracht.governance.services import council as services
from veerkracht.governance.services.decisions import record_decision
from veerkracht.governance.tasks_council import render_letter
from veerkracht.organisations.models import Role

MARKER = "GEHEIM-Kx73q"


def _world(decisions: bool = True):
    world = town("Gemeente Veerdam", "veerdam")
    world.challenge = ChallengeFactory(agenda=world.agenda, title="Schone wijk")
    world.objective = objective_with(world.challenge, "D1", "aandacht")
    objective_with(world.challenge, "D2", "uit koers")
    mandate_for(world.challenge, budget=10_000, hours=100)
    use(world.challenge, UsageKind.MONEY, 4000)
    open_escalation(world.challenge, "Uren bijna op")
    # (the transactional test records none: the log's rows cannot be flushed after it)
    entries = (("Wijkaanpak gestart", True), (f"Grondaankoop {MARKER}", False), ("Budget verhoogd", True))
    for title, public in entries if decisions else ():
        record_decision(
            challenge=world.challenge,
            kind="besluit",
            title=title,
            text=f"Toelichting {MARKER}" if not public else "Toelichting",
            by=world.bestuurder,
            role=Role.BESTUURDER,
            organisation=world.municipality,
            public=public,
        )
    world.raadslid.email = "raadslid@example.org"
    world.raadslid.save()
    services.subscribe(user=world.raadslid, municipality=world.municipality)
    return world


@pytest.fixture
def veerdam(db):
    return _world()


def _period():
    today = timezone.localdate()
    return (today - timedelta(days=30)).isoformat(), (today + timedelta(days=30)).isoformat()


def _draft(client, world, **extra):
    start, end = _period()
    data = {
        "title": "Raadsbrief najaar",
        "period_start": start,
        "period_end": end,
        "board_text": "Het college meldt.",
        **extra,
    }
    client.force_login(world.bestuurder)
    return client.post(reverse("governance:letter_new", args=["veerdam"]), data)


def _pdf_text(letter) -> tuple[str, PdfReader]:
    reader = PdfReader(letter.pdf.path)
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split()), reader


def _docx_text(letter) -> str:
    with letter.docx.open("rb") as f:
        word = WordDocument(io.BytesIO(f.read()))
    return "\n".join(p.text for p in word.paragraphs)


def _expected_sentences(world) -> list[str]:
    """Status and progress from the engine (status.py), independent of the letter's code: today is
    inside the period, so the letter's date is today."""
    objectives = list(status.with_measurements(Objective.objects.filter(challenge=world.challenge)))
    answers = status.evaluate(objectives)
    found = {o.code: (answers[o.pk].status, round(answers[o.pk].progress)) for o in objectives}
    assert found == {"D1": ("aandacht", 30), "D2": ("uit koers", 10)}  # known answers (45 planned)
    return ["D1 Doel D1: aandacht, voortgang 30%.", "D2 Doel D2: uit koers, voortgang 10%."]


@pytest.mark.django_db
def test_bad_input_keeps_what_was_typed_and_writes_nothing(client, veerdam):
    start, end = _period()
    response = _draft(client, veerdam, title="Mijn brief", period_start=end, period_end=start)
    assert response.status_code == 200
    html = response.content.decode()
    assert "De periode eindigt voordat ze begint." in html
    assert 'value="Mijn brief"' in html
    assert CouncilLetter.objects.count() == 0
    response = _draft(client, veerdam, title="", period_start="gisteren")
    assert response.status_code == 200 and CouncilLetter.objects.count() == 0


@pytest.mark.django_db
def test_draft_preview_then_publish_renders_pdf_and_docx_and_mails_once(
    client, veerdam, settings, tmp_path, django_capture_on_commit_callbacks, smtp_server
):
    settings.MEDIA_ROOT = tmp_path
    response = _draft(client, veerdam)
    letter = CouncilLetter.objects.get()
    assert response.status_code == 302 and letter.state == LetterState.CONCEPT
    preview = client.get(reverse("governance:letter", args=["veerdam", letter.pk])).content.decode()
    expected = _expected_sentences(veerdam)
    assert all(s in preview for s in expected)
    assert "vertrouwelijk besluit #2" in preview and MARKER not in preview
    # the council does not see the draft
    client.force_login(veerdam.raadslid)
    assert client.get(reverse("governance:letter", args=["veerdam", letter.pk])).status_code == 404

    client.force_login(veerdam.bestuurder)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("governance:letter_publish", args=["veerdam", letter.pk]))
    assert response.status_code == 302
    letter.refresh_from_db()
    chain = DecisionChain.objects.get(municipality=veerdam.municipality)
    assert (letter.state, letter.head_hash, letter.entries) == (LetterState.GEPUBLICEERD, chain.head, 3)
    assert letter.published_by == veerdam.bestuurder and letter.published_at is not None
    # nothing was rendered inside the request: the task waits for the commit
    assert not letter.pdf and not letter.docx and len(callbacks) == 1
    page = client.get(reverse("governance:letter", args=["veerdam", letter.pk])).content.decode()
    assert "worden gemaakt" in page

    with django_capture_on_commit_callbacks(execute=True):
        callbacks[0]()  # the commit: the task runs (eagerly here; on a real worker below)
    letter.refresh_from_db()
    assert letter.pdf and letter.docx and not letter.render_error

    text, reader = _pdf_text(letter)
    assert chain.head in text.replace(" ", "")
    assert all(s in text for s in expected), text[:2000]
    assert "vertrouwelijk besluit #2" in text and "Wijkaanpak gestart" in text and "Budget verhoogd" in text
    assert MARKER not in text
    assert "Uren bijna op" in text
    assert "4.000,00 van 10.000,00 (40%)" in text
    assert reader.metadata.title == "Raadsbrief najaar"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl" and root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root

    word = _docx_text(letter)
    assert chain.head in word
    assert all(s in word for s in expected)
    assert "vertrouwelijk besluit #2" in word and MARKER not in word
    assert "Het college meldt." in word and "4.000,00 van 10.000,00 (40%)" in word
    with letter.docx.open("rb") as f:
        assert WordDocument(io.BytesIO(f.read())).core_properties.title == "Raadsbrief najaar"

    # the subscriber got one e-mail with the link; running the task again sends nothing new
    link = reverse("governance:letter", args=["veerdam", letter.pk])
    assert OutgoingEmail.objects.filter(to="raadslid@example.org").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        render_letter.apply(args=[letter.pk]).get()
    assert OutgoingEmail.objects.filter(to="raadslid@example.org").count() == 1
    assert len(smtp_server.messages) == 1
    parts = [p for p in smtp_server.messages[0].walk() if p.get_content_maintype() == "text"]
    assert any(link in p.get_payload(decode=True).decode(p.get_content_charset() or "utf-8") for p in parts)

    # the council downloads both
    client.force_login(veerdam.raadslid)
    pdf = client.get(reverse("governance:letter_download", args=["veerdam", letter.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    docx = client.get(reverse("governance:letter_download", args=["veerdam", letter.pk, "docx"]))
    assert docx.status_code == 200 and b"".join(docx.streaming_content)[:2] == b"PK"
    assert (
        client.get(reverse("governance:letter_download", args=["veerdam", letter.pk, "txt"])).status_code
        == 404
    )

    # published: not changed, not published twice
    client.force_login(veerdam.bestuurder)
    client.post(reverse("governance:letter_publish", args=["veerdam", letter.pk]))
    again = CouncilLetter.objects.get(pk=letter.pk)
    assert again.published_at == letter.published_at
    response = client.post(
        reverse("governance:letter_edit", args=["veerdam", letter.pk]), {"title": "Anders"}
    )
    assert (
        response.status_code == 302 and CouncilLetter.objects.get(pk=letter.pk).title == "Raadsbrief najaar"
    )


@pytest.mark.django_db
def test_a_failed_rendering_is_shown_and_can_be_repeated(client, veerdam, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    _draft(client, veerdam)
    letter = CouncilLetter.objects.get()

    def broken(context):
        raise RuntimeError("lettertype ontbreekt")

    monkeypatch.setattr(letters, "render_pdf", broken)
    services.letter_publish(letter, by=veerdam.bestuurder)
    render_letter.apply(args=[letter.pk]).get()
    letter.refresh_from_db()
    assert letter.render_error == "RuntimeError: lettertype ontbreekt" and not letter.pdf
    page = client.get(reverse("governance:letter", args=["veerdam", letter.pk])).content.decode()
    assert "lettertype ontbreekt" in page
    assert reverse("governance:letter_render", args=["veerdam", letter.pk]) in page
    assert OutgoingEmail.objects.count() == 0  # no mail for a letter without documents
    monkeypatch.undo()
    client.post(reverse("governance:letter_render", args=["veerdam", letter.pk]))
    render_letter.apply(args=[letter.pk]).get()
    letter.refresh_from_db()
    assert letter.pdf and letter.docx and not letter.render_error


@pytest.mark.celery
@pytest.mark.django_db(transaction=True)
def test_celery_worker_on_redis_renders_the_published_letter(settings, tmp_path):
    require_service("Redis", redis_available(), f"no Redis at {REDIS_URL}")
    from veerkracht.conf.celery import app

    world = _world(decisions=False)
    settings.MEDIA_ROOT = tmp_path
    start, end = _period()
    letter = services.letter_create(
        municipality=world.municipality,
        by=world.bestuurder,
        title="Raadsbrief via Redis",
        period_start=timezone.localdate() - timedelta(days=30),
        period_end=timezone.localdate() + timedelta(days=30),
    )
    settings.CELERY_TASK_ALWAYS_EAGER = False
    reset_connections(app)
    app.conf.update(broker_url=REDIS_URL, result_backend=REDIS_URL, task_always_eager=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            services.letter_publish(letter, by=world.bestuurder)  # transaction=True: on_commit runs now

            def rendered() -> bool:
                letter.refresh_from_db()
                return bool(letter.pdf and letter.docx) or bool(letter.render_error)

            wait_until(rendered)
    finally:
        reset_connections(app)
        app.conf.update(broker_url="memory://", result_backend=None, task_always_eager=True)
    assert not letter.render_error
    text, _reader = _pdf_text(letter)
    assert letter.head_hash in text.replace(" ", "")
    assert all(s in text for s in _expected_sentences(world))
    assert MARKER not in text and MARKER not in _docx_text(letter)
    assert OutgoingEmail.objects.filter(key=f"governance.letter:{letter.pk}:{world.raadslid.pk}").count() == 1


@pytest.mark.django_db
def test_only_the_own_board_may_ask_for_a_letter_to_be_made_again(client, veerdam, settings, tmp_path):
    """The board of another municipality, the council member and an anonymous visitor are refused, and
    the failed letter stays as it was (its error is not cleared, no rendering is queued)."""
    settings.MEDIA_ROOT = tmp_path
    elders = town("Gemeente Elders", "elders")
    _draft(client, veerdam)
    letter = CouncilLetter.objects.get()
    services.letter_publish(letter, by=veerdam.bestuurder)
    CouncilLetter.objects.filter(pk=letter.pk).update(render_error="RuntimeError: lettertype ontbreekt")
    url = reverse("governance:letter_render", args=["veerdam", letter.pk])
    for person, refused in ((elders.bestuurder, {404}), (veerdam.raadslid, {403, 404}), (None, {302})):
        client.logout()
        if person is not None:
            client.force_login(person)
        assert client.post(url).status_code in refused
        assert CouncilLetter.objects.get(pk=letter.pk).render_error == "RuntimeError: lettertype ontbreekt"
