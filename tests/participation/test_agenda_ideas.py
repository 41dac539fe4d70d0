"""Ideas on the agenda as a whole: the coordinator's switch, submitting, the entry point on the
public agenda page, linking to a challenge, counts, median and overdue, and writes by people without
the right changing nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from veerkracht.participation import selectors, services, states
from veerkracht.participation.models import AgendaIdeas, Idea, ResponseTerm

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(world):
    return world.challenge.agenda


def _open(world, agenda):
    services.agenda_ideas_set_open(agenda=agenda, by=world.coordinator, open=True)


def _agenda_idea(world, agenda, *, by=None, title="Meer bankjes in het dorp", text="Om even uit te rusten."):
    return services.agenda_idea_create(agenda=agenda, by=by or world.anna, title=title, text=text)


def test_only_the_agenda_coordinator_opens_it_and_others_change_nothing(world, agenda, client):
    url = f"/meedoen/agenda/{agenda.slug}/ideeen/openen/"
    for person in (world.anna, world.regisseur, world.bergen_coordinator):
        client.force_login(person)
        assert client.post(url, {"open": "1"}).status_code == 403
        with pytest.raises(PermissionDenied):
            services.agenda_ideas_set_open(agenda=agenda, by=person, open=True)
    client.logout()
    assert client.post(url, {"open": "1"}).status_code == 302  # to the login page
    assert not AgendaIdeas.objects.exists()
    client.force_login(world.coordinator)
    assert client.post(url, {"open": "1"}).status_code == 302
    assert AgendaIdeas.objects.get(agenda=agenda).open is True
    assert client.post(url, {"open": "0"}).status_code == 302
    assert AgendaIdeas.objects.get(agenda=agenda).open is False


def test_residents_submit_ideas_only_while_the_agenda_is_open(world, agenda, client):
    client.force_login(world.ben)
    url = f"/meedoen/agenda/{agenda.slug}/ideeen/nieuw/"
    assert client.post(url, {"title": "Te vroeg", "text": "tekst"}).status_code == 403
    with pytest.raises(PermissionDenied):
        _agenda_idea(world, agenda, by=world.ben)
    _open(world, agenda)
    response = client.post(url, {"title": "Een dorpsfeest", "text": "<script>x</script> voor iedereen"})
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert (idea.agenda_id, idea.challenge_id, idea.author_id) == (agenda.pk, None, world.ben.pk)
    page = client.get(f"/meedoen/ideeen/{idea.pk}/").content.decode()
    assert "Een dorpsfeest" in page and "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x" not in page
    assert agenda.title in page
    # the coordinator of another municipality's agenda cannot submit on this one... when it is closed
    services.agenda_ideas_set_open(agenda=agenda, by=world.coordinator, open=False)
    assert client.post(url, {"title": "Dicht", "text": "tekst"}).status_code == 403
    assert Idea.objects.count() == 1


def test_the_public_agenda_page_shows_the_entry_point_once_open(world, agenda, client):
    public = f"/agenda/openbaar/{agenda.slug}/"
    assert 'id="section-ideeen-agenda"' not in client.get(public).content.decode()
    _open(world, agenda)
    _agenda_idea(world, agenda)
    page = client.get(public).content.decode()
    assert 'id="section-ideeen-agenda"' in page and f"/meedoen/agenda/{agenda.slug}/ideeen/" in page
    assert "Er is 1 idee binnengekomen." in page
    client.force_login(world.ben)
    assert f"/meedoen/agenda/{agenda.slug}/ideeen/nieuw/" in client.get(public).content.decode()
    list_page = client.get(f"/meedoen/agenda/{agenda.slug}/ideeen/").content.decode()
    assert "Meer bankjes in het dorp" in list_page and "Anna V." in list_page and "de Vries" not in list_page


def test_an_agenda_idea_of_an_unpublished_agenda_is_hidden_from_outsiders(world, agenda, client):
    _open(world, agenda)
    idea = _agenda_idea(world, agenda)
    agenda.published = False
    agenda.save()
    for person in (world.carla, world.bergen_coordinator):
        client.force_login(person)
        assert client.get(f"/meedoen/ideeen/{idea.pk}/").status_code == 404
        assert client.get(f"/meedoen/agenda/{agenda.slug}/ideeen/").status_code == 404
        assert client.post(f"/meedoen/ideeen/{idea.pk}/steunen/").status_code == 404
        assert client.post(f"/meedoen/ideeen/{idea.pk}/reageren/", {"text": "hoi"}).status_code == 404
        assert (
            client.post(f"/meedoen/ideeen/{idea.pk}/status/", {"state": "in_behandeling"}).status_code == 404
        )
    idea.refresh_from_db()
    assert idea.state == states.ONTVANGEN and not idea.supports.exists() and not idea.comments.exists()


def test_the_coordinator_answers_and_links_an_agenda_idea_to_a_challenge(world, agenda, client):
    _open(world, agenda)
    idea = _agenda_idea(world, agenda)
    services.idea_support(idea=idea, by=world.carla)
    # the regisseur of a challenge does not answer ideas on the agenda as a whole; Bergen's neither
    for person in (world.regisseur, world.bergen_coordinator):
        client.force_login(person)
        assert (
            client.post(f"/meedoen/ideeen/{idea.pk}/status/", {"state": "in_behandeling"}).status_code == 403
        )
        assert (
            client.post(f"/meedoen/ideeen/{idea.pk}/koppelen/", {"challenge": world.challenge.pk}).status_code
            == 403
        )
    idea.refresh_from_db()
    assert idea.challenge_id is None and idea.state == states.ONTVANGEN
    # a challenge of another agenda is refused
    with pytest.raises(ValidationError):
        services.idea_link(idea=idea, challenge=world.bergen_challenge, by=world.coordinator)
    client.force_login(world.coordinator)
    assert (
        client.post(
            f"/meedoen/ideeen/{idea.pk}/koppelen/", {"challenge": world.bergen_challenge.pk}
        ).status_code
        == 302
    )
    idea.refresh_from_db()
    assert idea.challenge_id is None
    assert (
        client.post(f"/meedoen/ideeen/{idea.pk}/koppelen/", {"challenge": world.challenge.pk}).status_code
        == 302
    )
    idea.refresh_from_db()
    assert (idea.challenge_id, idea.agenda_id) == (world.challenge.pk, agenda.pk)
    # now the regisseur answers it too, and it counts on the challenge
    services.idea_transition(idea=idea, target=states.IN_BEHANDELING, by=world.regisseur)
    assert selectors.summary(world.challenge).total == 1
    assert selectors.agenda_summary(agenda).total == 1
    # linking again is not possible
    with pytest.raises(PermissionDenied):
        services.idea_link(idea=idea, challenge=world.challenge, by=world.coordinator)


def test_merging_stays_within_the_agenda_as_a_whole(world, agenda):
    _open(world, agenda)
    services.agenda_ideas_set_open(
        agenda=world.bergen_challenge.agenda, by=world.bergen_coordinator, open=True
    )
    idea = _agenda_idea(world, agenda, title="Bankjes")
    other = _agenda_idea(world, agenda, by=world.ben, title="Zitplekken")
    bergen = services.agenda_idea_create(
        agenda=world.bergen_challenge.agenda, by=world.ben, title="Bankjes in Bergen", text="tekst"
    )
    with pytest.raises(ValidationError):
        services.idea_transition(
            idea=idea, target=states.SAMENGEVOEGD, merged_into=bergen, by=world.coordinator
        )
    services.idea_transition(idea=idea, target=states.SAMENGEVOEGD, merged_into=other, by=world.coordinator)
    idea.refresh_from_db()
    assert idea.merged_into_id == other.pk


def test_summary_median_and_overdue_include_agenda_ideas(world, agenda, client):
    _open(world, agenda)
    now = timezone.now()
    waits = [3, 11]
    for n, days in enumerate(waits):
        idea = _agenda_idea(world, agenda, title=f"Agenda-idee {n}")
        Idea.objects.filter(pk=idea.pk).update(created_at=now - dt.timedelta(days=days))
        services.idea_transition(idea=idea, target=states.IN_BEHANDELING, by=world.coordinator)
    late = _agenda_idea(world, agenda, title="Wacht al lang")
    Idea.objects.filter(pk=late.pk).update(created_at=now - dt.timedelta(days=20))
    summary = selectors.agenda_summary(agenda)
    assert summary.total == 3 and summary.answered == 2
    assert summary.median_days == pytest.approx(7.0, abs=0.01)  # (3 + 11) / 2
    assert {c.state: c.count for c in summary.by_state}[states.IN_BEHANDELING] == 2
    # a 28-day term: not yet overdue; a 14-day term of the municipality: overdue, for its coordinator
    assert late.pk not in set(selectors.overdue_ideas(world.coordinator).values_list("pk", flat=True))
    ResponseTerm.objects.create(municipality=world.veerdam, days=14)
    assert list(selectors.overdue_ideas(world.coordinator).values_list("pk", flat=True)) == [late.pk]
    assert not selectors.overdue_ideas(world.bergen_coordinator).exists()
    assert not selectors.overdue_ideas(world.regisseur).exists()
    client.force_login(world.coordinator)
    page = client.get("/meedoen/ideeen/overzicht/").content.decode()
    assert "Wacht al lang" in page and "(de agenda als geheel)" in page


def test_the_agenda_ideas_page_does_a_bounded_number_of_queries(
    world, agenda, client, django_assert_max_num_queries
):
    _open(world, agenda)
    for n in range(30):
        idea = _agenda_idea(world, agenda, by=[world.anna, world.ben, world.carla][n % 3], title=f"Idee {n}")
        services.idea_support(idea=idea, by=world.coordinator)
    client.force_login(world.carla)
    with django_assert_max_num_queries(25):
        response = client.get(f"/meedoen/agenda/{agenda.slug}/ideeen/")
    assert response.content.decode().count("1 steunbetuiger;") == 25
    client.logout()
    with django_assert_max_num_queries(30):
        assert client.get(f"/agenda/openbaar/{agenda.slug}/").status_code == 200
