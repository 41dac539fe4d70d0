"""Comments on ideas and their moderation: who may comment, hide and report, what each person sees
of a hidden comment, reports once per person and on the coordinator's overview, rate limit, escaping,
and writes by people without the right changing nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from veerkracht.participation import selectors, services, views
from veerkracht.participation.models import Comment, CommentReport

pytestmark = pytest.mark.django_db

HIDDEN_NL = "Verborgen door de moderator"


def _comment(world, *, idea=None, by=None, text="Goed plan, ik help mee."):
    return services.comment_add(idea=idea or world.idea(), by=by or world.ben, text=text)


def test_a_resident_comments_through_the_page_and_everyone_who_sees_the_idea_reads_it(world, client):
    idea = world.idea()
    client.force_login(world.ben)
    response = client.post(f"/meedoen/ideeen/{idea.pk}/reageren/", {"text": "  Ik doe mee!  "})
    assert response.status_code == 302 and response["Location"].endswith(
        f"/meedoen/ideeen/{idea.pk}/#comments"
    )
    comment = Comment.objects.get()
    assert (comment.idea_id, comment.author_id, comment.text) == (idea.pk, world.ben.pk, "Ik doe mee!")
    page = client.get(f"/meedoen/ideeen/{idea.pk}/").content.decode()
    assert "Ik doe mee!" in page and "Ben S." in page and "Ben Smith" not in page
    # anonymous visitors of a public challenge read it too, but cannot comment
    client.logout()
    page = client.get(f"/meedoen/ideeen/{idea.pk}/").content.decode()
    assert "Ik doe mee!" in page and 'name="text"' not in page
    assert client.post(f"/meedoen/ideeen/{idea.pk}/reageren/", {"text": "anoniem"}).status_code == 302
    assert Comment.objects.count() == 1


def test_an_empty_or_too_long_comment_is_refused_and_keeps_what_was_typed(world, client):
    idea = world.idea()
    client.force_login(world.ben)
    assert client.post(f"/meedoen/ideeen/{idea.pk}/reageren/", {"text": "   "}).status_code == 400
    response = client.post(f"/meedoen/ideeen/{idea.pk}/reageren/", {"text": "x" * 2001})
    assert response.status_code == 400 and "x" * 2001 in response.content.decode()
    assert not Comment.objects.exists()
    with pytest.raises(ValidationError):
        services.comment_add(idea=idea, by=world.ben, text="  ")


def test_comments_are_escaped(world, client):
    idea = world.idea()
    _comment(world, idea=idea, text='<script>alert("x")</script><b>vet</b>')
    client.force_login(world.carla)
    page = client.get(f"/meedoen/ideeen/{idea.pk}/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert "<b>vet</b>" not in page


def test_the_moderator_hides_a_comment_with_a_reason_only_the_author_and_moderators_see(world, client):
    idea = world.idea()
    comment = _comment(world, idea=idea, text="Jullie zijn allemaal sukkels.")
    client.force_login(world.regisseur)
    response = client.post(f"/meedoen/reacties/{comment.pk}/verbergen/", {"reason": "Scheldwoorden"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (
        comment.is_hidden
        and comment.hidden_by == world.regisseur
        and comment.hidden_reason == "Scheldwoorden"
    )
    # the author sees text and reason
    client.force_login(world.ben)
    page = client.get(f"/meedoen/ideeen/{idea.pk}/").content.decode()
    assert HIDDEN_NL in page and "Scheldwoorden" in page and "sukkels" in page
    # another resident sees only that it was hidden
    client.force_login(world.carla)
    page = client.get(f"/meedoen/ideeen/{idea.pk}/").content.decode()
    assert HIDDEN_NL in page and "Scheldwoorden" not in page and "sukkels" not in page
    client.logout()
    page = client.get(f"/meedoen/ideeen/{idea.pk}/").content.decode()
    assert HIDDEN_NL in page and "sukkels" not in page
    # the moderators of the challenge see text and reason, to judge
    client.force_login(world.coordinator)
    page = client.get(f"/meedoen/ideeen/{idea.pk}/").content.decode()
    assert "Scheldwoorden" in page and "sukkels" in page


def test_hiding_needs_a_reason(world, client):
    comment = _comment(world)
    client.force_login(world.coordinator)
    assert client.post(f"/meedoen/reacties/{comment.pk}/verbergen/", {"reason": "  "}).status_code == 302
    comment.refresh_from_db()
    assert not comment.is_hidden
    with pytest.raises(ValidationError):
        services.comment_hide(comment=comment, by=world.coordinator, reason="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(hidden_at=comment.created_at, hidden_reason="")


def test_hiding_by_anyone_but_the_moderator_changes_nothing(world, client):
    comment = _comment(world)
    for person, status in [(world.carla, 403), (world.ben, 403), (world.bergen_coordinator, 403)]:
        client.force_login(person)
        assert (
            client.post(f"/meedoen/reacties/{comment.pk}/verbergen/", {"reason": "weg"}).status_code == status
        )
        with pytest.raises(PermissionDenied):
            services.comment_hide(comment=comment, by=person, reason="weg")
    client.logout()
    assert client.post(f"/meedoen/reacties/{comment.pk}/verbergen/", {"reason": "weg"}).status_code == 302
    comment.refresh_from_db()
    assert not comment.is_hidden and comment.hidden_reason == ""


def test_nothing_on_a_non_public_challenge_can_be_read_or_written_from_outside(world, client):
    idea = world.idea()
    comment = _comment(world, idea=idea)
    world.challenge.published = False
    world.challenge.save()
    for person in (world.carla, world.bergen_coordinator):
        client.force_login(person)
        assert client.post(f"/meedoen/ideeen/{idea.pk}/reageren/", {"text": "hoi"}).status_code == 404
        assert client.post(f"/meedoen/reacties/{comment.pk}/melden/").status_code == 404
        assert client.post(f"/meedoen/reacties/{comment.pk}/verbergen/", {"reason": "x"}).status_code == 404
        with pytest.raises(PermissionDenied):
            services.comment_add(idea=idea, by=person, text="hoi")
        with pytest.raises(PermissionDenied):
            services.comment_report(comment=comment, by=person)
    assert Comment.objects.count() == 1 and not CommentReport.objects.exists()
    comment.refresh_from_db()
    assert not comment.is_hidden


def test_a_report_counts_once_per_person_and_is_listed_for_the_coordinator_only(world, client):
    idea = world.idea(title="Speeltuin")
    rude = _comment(world, idea=idea, text="Wat een onzin, idioten.")
    _comment(world, idea=idea, by=world.carla, text="Ik steun dit.")
    bergen_comment = _comment(world, idea=world.idea(challenge=world.bergen_challenge), text="Bergen!")
    services.comment_report(comment=bergen_comment, by=world.anna)
    client.force_login(world.carla)
    assert client.post(f"/meedoen/reacties/{rude.pk}/melden/", {"reason": "Beledigend"}).status_code == 302
    assert client.post(f"/meedoen/reacties/{rude.pk}/melden/").status_code == 302
    assert services.comment_report(comment=rude, by=world.anna) is True
    assert services.comment_report(comment=rude, by=world.anna) is False
    assert set(CommentReport.objects.filter(comment=rude).values_list("user_id", "reason")) == {
        (world.anna.pk, ""),
        (world.carla.pk, "Beledigend"),
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        CommentReport.objects.create(comment=rude, user=world.carla)
    page = client.get(f"/meedoen/ideeen/{idea.pk}/").content.decode()
    assert "Je hebt deze reactie gemeld." in page
    # the coordinator's overview lists it, with two reports; not Bergen's
    client.force_login(world.coordinator)
    page = client.get("/meedoen/ideeen/overzicht/").content.decode()
    assert "Wat een onzin, idioten." in page and "Ik steun dit." not in page and "Bergen!" not in page
    assert [(c.pk, c.report_count) for c in selectors.reported_comments(world.coordinator)] == [(rude.pk, 2)]
    assert [c.pk for c in selectors.reported_comments(world.bergen_coordinator)] == [bergen_comment.pk]
    # once hidden, it leaves the list
    services.comment_hide(comment=rude, by=world.coordinator, reason="Beledigend")
    assert not selectors.reported_comments(world.coordinator).exists()


def test_commenting_is_rate_limited_per_person(world, client):
    idea = world.idea()
    client.force_login(world.ben)
    for n in range(views.COMMENTS_PER_HOUR):
        assert (
            client.post(f"/meedoen/ideeen/{idea.pk}/reageren/", {"text": f"reactie {n}"}).status_code == 302
        )
    response = client.post(f"/meedoen/ideeen/{idea.pk}/reageren/", {"text": "nog eentje"})
    assert response.status_code == 429 and "nog eentje" in response.content.decode()
    assert Comment.objects.count() == views.COMMENTS_PER_HOUR


def test_the_idea_page_with_many_comments_and_the_overview_do_bounded_queries(
    world, client, django_assert_max_num_queries
):
    idea = world.idea()
    people = [world.ben, world.carla, world.coordinator]
    for n in range(40):
        comment = _comment(world, idea=idea, by=people[n % 3], text=f"Reactie {n}")
        services.comment_report(comment=comment, by=world.anna)
    client.force_login(world.carla)
    with django_assert_max_num_queries(30):
        response = client.get(f"/meedoen/ideeen/{idea.pk}/")
    assert response.content.decode().count('id="comment-') == 40
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(30):
        response = client.get("/meedoen/ideeen/overzicht/")
    assert response.content.decode().count("#comment-") == views.PAGE_SIZE
