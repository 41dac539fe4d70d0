"""A resident's own participation data: the export holds exactly theirs, escaped as JSON; forgetting
anonymises their ideas and removes supports, comments and reports; nobody else's data is touched."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from veerkracht.audit.models import AuditEvent
from veerkracht.participation import privacy, services
from veerkracht.participation.models import Comment, CommentReport, Idea, MailOptOut, Support

pytestmark = pytest.mark.django_db


def _activity(world):
    mine = world.idea(
        by=world.ben, title='Ben\'s <script>"idee"</script>', text="Tekst van Ben.", nickname="Benno"
    )
    theirs = world.idea(by=world.anna, title="Anna's idee")
    services.idea_support(idea=theirs, by=world.ben)
    services.idea_support(idea=mine, by=world.carla)
    ben_comment = services.comment_add(idea=theirs, by=world.ben, text="Goed plan van Anna.")
    carla_comment = services.comment_add(idea=mine, by=world.carla, text="Mooi, Ben!")
    services.comment_report(comment=carla_comment, by=world.ben, reason="test")
    services.comment_report(comment=ben_comment, by=world.anna)
    MailOptOut.objects.create(user=world.ben)
    return mine, theirs, ben_comment, carla_comment


def test_the_export_holds_exactly_the_persons_own_data(world, client):
    mine, theirs, ben_comment, carla_comment = _activity(world)
    client.force_login(world.ben)
    response = client.get("/meedoen/mijn-gegevens/export/")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert [(i["id"], i["title"], i["name_shown"], i["on"]) for i in data["ideas"]] == [
        (mine.pk, 'Ben\'s <script>"idee"</script>', "Benno", world.challenge.title)
    ]
    assert [s["idea"] for s in data["supports"]] == [theirs.pk]
    assert [(c["idea"], c["text"]) for c in data["comments"]] == [(theirs.pk, "Goed plan van Anna.")]
    assert [(r["comment"], r["reason"]) for r in data["reports"]] == [(carla_comment.pk, "test")]
    assert data["no_idea_email"] is True
    assert (
        "Mooi, Ben!" not in response.content.decode() and "anna@example.org" not in response.content.decode()
    )


def test_forgetting_anonymises_ideas_and_removes_the_rest_only_of_that_person(world, client):
    mine, theirs, ben_comment, carla_comment = _activity(world)
    client.force_login(world.ben)
    # without the confirmation nothing happens
    assert client.post("/meedoen/mijn-gegevens/", {}).status_code == 400
    assert (
        Support.objects.filter(user=world.ben).exists() and Idea.objects.get(pk=mine.pk).author == world.ben
    )
    assert client.post("/meedoen/mijn-gegevens/", {"confirm": "1"}).status_code == 302
    mine.refresh_from_db()
    assert (mine.author_id, mine.nickname, mine.title) == (None, "", 'Ben\'s <script>"idee"</script>')
    assert str(mine.shown_name) == "een inwoner"
    assert not Support.objects.filter(user=world.ben).exists()
    assert not Comment.objects.filter(pk=ben_comment.pk).exists()
    assert not CommentReport.objects.filter(user=world.ben).exists()
    assert not MailOptOut.objects.filter(user=world.ben).exists()
    # others' data stays: Carla's support of the (now anonymous) idea, her comment on it, Anna's idea
    assert Support.objects.filter(user=world.carla, idea=mine).exists()
    assert Comment.objects.filter(pk=carla_comment.pk).exists()
    assert Idea.objects.get(pk=theirs.pk).author == world.anna
    assert AuditEvent.objects.filter(event="participation.data.forgotten").count() == 1
    page = client.get(f"/meedoen/ideeen/{mine.pk}/").content.decode()
    assert "een inwoner" in page and "Benno" not in page and "Ben S." not in page
    export = privacy.participation_export(world.ben)
    assert export["ideas"] == export["supports"] == export["comments"] == export["reports"] == []


def test_the_pages_are_for_the_person_logged_in_only(world, client):
    _activity(world)
    assert client.get("/meedoen/mijn-gegevens/export/").status_code == 302
    assert client.post("/meedoen/mijn-gegevens/", {"confirm": "1"}).status_code == 302
    assert Support.objects.count() == 2 and Idea.objects.filter(author__isnull=True).count() == 0
    client.force_login(world.carla)
    page = client.get("/meedoen/mijn-gegevens/").content.decode()
    assert "Mijn meedoen-gegevens" in page


def test_the_data_page_does_a_bounded_number_of_queries(world, client, django_assert_max_num_queries):
    for n in range(20):
        idea = world.idea(by=world.anna, title=f"Idee {n}")
        services.idea_support(idea=idea, by=world.ben)
        services.comment_add(idea=idea, by=world.ben, text=f"Reactie {n}")
    client.force_login(world.ben)
    with django_assert_max_num_queries(20):
        assert client.get("/meedoen/mijn-gegevens/").status_code == 200
    with django_assert_max_num_queries(20):
        data = json.loads(client.get("/meedoen/mijn-gegevens/export/").content)
    assert (len(data["supports"]), len(data["comments"])) == (20, 20)


# --- the same data in the export and delete of the talent profile ----------------------------------


def _session_with_waiting_list(world):
    import datetime as dt

    from django.utils import timezone

    from veerkracht.participation import session_services

    start = timezone.now() + dt.timedelta(days=5)
    session = session_services.session_create(
        challenge=world.challenge,
        by=world.coordinator,
        title="Ontwerpavond",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        capacity=1,
        place="Buurthuis",
    )
    session_services.session_register(session=session, by=world.ben, talent_consent=True)
    session_services.session_register(session=session, by=world.carla)  # the waiting list
    return session


def test_the_export_holds_ones_session_registrations(world, client):
    session = _session_with_waiting_list(world)
    client.force_login(world.ben)
    data = json.loads(client.get("/meedoen/mijn-gegevens/export/").content)
    assert [(s["session"], s["title"], s["challenge"], s["status"]) for s in data["sessions"]] == [
        (session.pk, "Ontwerpavond", world.challenge.title, "registered")
    ]
    assert data["sessions"][0]["talent_pool_invitation_allowed"] is True
    assert "carla@example.org" not in json.dumps(data)
    page = client.get("/meedoen/mijn-gegevens/")
    assert page.context["counts"]["sessions"] == 1


def test_the_talent_profile_export_holds_the_persons_participation_data(world, client):
    from tests.teams.factories import ProfileFactory

    mine, theirs, ben_comment, carla_comment = _activity(world)
    session = _session_with_waiting_list(world)
    ProfileFactory(user=world.ben, resident=True, municipality=world.veerdam)
    client.force_login(world.ben)
    response = client.get(reverse("teams:my_profile_export"))
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["email"] == "ben@example.org"  # the profile's own data is still there
    part = data["participation"]
    assert [i["id"] for i in part["ideas"]] == [mine.pk]
    assert [s["idea"] for s in part["supports"]] == [theirs.pk]
    assert [c["text"] for c in part["comments"]] == ["Goed plan van Anna."]
    assert [r["comment"] for r in part["reports"]] == [carla_comment.pk]
    assert [s["session"] for s in part["sessions"]] == [session.pk]
    assert "Mooi, Ben!" not in response.content.decode()  # Carla's comment on Ben's idea is hers


def test_deleting_the_talent_profile_forgets_the_participation_data_as_the_data_page_does(world, client):
    from tests.teams.factories import ProfileFactory
    from veerkracht.core.models import OutgoingEmail
    from veerkracht.participation.session_models import SessionRegistration
    from veerkracht.teams.models import Profile

    mine, theirs, ben_comment, carla_comment = _activity(world)
    session = _session_with_waiting_list(world)
    profile = ProfileFactory(user=world.ben, resident=True, municipality=world.veerdam)
    client.force_login(world.ben)
    page = client.get(reverse("teams:my_profile_delete")).content.decode()
    assert "zonder uw naam" in page  # the page says what happens to one's ideas
    assert client.post(reverse("teams:my_profile_delete")).status_code == 302
    assert not Profile.objects.filter(pk=profile.pk).exists()
    mine.refresh_from_db()
    assert (mine.author_id, mine.nickname) == (None, "")  # the idea stays, anonymised
    assert not Support.objects.filter(user=world.ben).exists()
    assert not Comment.objects.filter(pk=ben_comment.pk).exists()
    assert not CommentReport.objects.filter(user=world.ben).exists()
    assert not SessionRegistration.objects.filter(user=world.ben).exists()
    # Ben's place went to Carla, the first on the waiting list, who is told
    assert SessionRegistration.objects.get(session=session, user=world.carla).status == "registered"
    assert OutgoingEmail.objects.filter(
        to="carla@example.org", reference=f"participation.session:{session.pk}"
    )
    # others' data stays
    assert Support.objects.filter(user=world.carla, idea=mine).exists()
    assert Comment.objects.filter(pk=carla_comment.pk).exists()
    assert Idea.objects.get(pk=theirs.pk).author == world.anna
    assert AuditEvent.objects.filter(event="participation.data.forgotten").count() == 1
    # the account stays
    assert type(world.ben).objects.filter(pk=world.ben.pk).exists()


def test_deleting_someone_elses_profile_is_impossible_and_forgets_nothing(world, client):
    from tests.teams.factories import ProfileFactory

    mine, *_ = _activity(world)
    ProfileFactory(user=world.ben, resident=True, municipality=world.veerdam)
    client.force_login(world.carla)  # no talent profile of her own
    response = client.post(reverse("teams:my_profile_delete"))
    assert response.status_code in (302, 404)
    assert Idea.objects.get(pk=mine.pk).author == world.ben
    assert Support.objects.filter(user=world.ben).count() == 1
    assert Support.objects.filter(user=world.carla).count() == 1
