"""List pages do a bounded number of queries: the same with 5 and with 200 challenges."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.agenda.factories import ChallengeFactory, NeighbourhoodFactory, ScoreFactory, StakeholderFactory

pytestmark = pytest.mark.django_db

# measured: detail 15, filtered 15 (with the open partner invitations), ranking 12, index 11,
# public 3 (the same at 5 and 200)
# The public agenda page: the agenda and its challenges (3), plus the sections parts register on it
# (ideas on the agenda as a whole: whether it is open, 2); that they do not grow is tested below.
BOUND = {"detail": 15, "ranking": 12, "public": 5, "index": 11, "filtered": 15}


def _fill(world, n):
    hood = NeighbourhoodFactory(municipality=world.veerdam, slug="de-vaart", name="De Vaart")
    world.agenda.published = True
    world.agenda.save()
    _add(world, hood, n)
    return hood


def _add(world, hood, n):
    for i in range(n):
        challenge = ChallengeFactory(
            agenda=world.agenda, regisseur=world.regisseur, published=i % 2 == 0, history=False
        )
        challenge.neighbourhoods.add(hood)
        StakeholderFactory(challenge=challenge, organisation=world.partner_org)
        ScoreFactory(challenge=challenge, scorer=world.coordinator)
        ScoreFactory(challenge=challenge, scorer=world.partner, urgency=5)


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("n", [5, 200])
def test_list_pages_are_bounded(world, client, n, django_assert_max_num_queries):
    _fill(world, n)
    slug = world.agenda.slug
    pages = {
        "detail": reverse("agenda:detail", kwargs={"slug": slug}),
        "filtered": reverse("agenda:detail", kwargs={"slug": slug})
        + "?q=Opgave&domain=sociaal-domein&status=gesignaleerd"
        + f"&partner={world.partner_org.slug}&neighbourhood=de-vaart",
        "ranking": reverse("agenda:ranking", kwargs={"slug": slug}),
        "index": reverse("agenda:index"),
    }
    client.force_login(world.coordinator)
    client.get(pages["detail"])  # warm up the session
    for name, url in pages.items():
        with django_assert_max_num_queries(BOUND[name]):
            _count(client, url)
    client.logout()
    with django_assert_max_num_queries(BOUND["public"]):
        _count(client, reverse("agenda:public_agenda", kwargs={"slug": slug}))


def _measure(world, client) -> dict[str, int]:
    slug = world.agenda.slug
    detail = reverse("agenda:detail", kwargs={"slug": slug})
    counts = {}
    client.force_login(world.coordinator)
    client.get(detail)  # warm up the session
    counts["detail"] = _count(client, detail)
    counts["ranking"] = _count(client, reverse("agenda:ranking", kwargs={"slug": slug}))
    counts["index"] = _count(client, reverse("agenda:index"))
    client.logout()
    counts["public"] = _count(client, reverse("agenda:public_agenda", kwargs={"slug": slug}))
    return counts


def test_counts_do_not_grow_with_the_number_of_challenges(world, client):
    hood = _fill(world, 5)
    with_5 = _measure(world, client)
    _add(world, hood, 195)
    with_200 = _measure(world, client)
    assert with_5 == with_200


def test_filters_find_the_right_challenges(world, client):
    hood = NeighbourhoodFactory(municipality=world.veerdam, slug="rivierwijk", name="Rivierwijk")
    a = ChallengeFactory(agenda=world.agenda, title="Buurtbedrijf Rivierwijk", geagendeerd=True)
    a.neighbourhoods.add(hood)
    b = ChallengeFactory(agenda=world.agenda, title="Energiearmoede", problem="<p>Hoge energierekening</p>")
    StakeholderFactory(challenge=b, organisation=world.partner_org)
    client.force_login(world.coordinator)
    url = reverse("agenda:detail", kwargs={"slug": world.agenda.slug})

    def titles(query):
        return [c.title for c in client.get(url + query).context["page"]]

    assert titles("?q=energierekening") == ["Energiearmoede"]
    assert titles("?status=geagendeerd") == ["Buurtbedrijf Rivierwijk"]
    assert titles("?neighbourhood=rivierwijk") == ["Buurtbedrijf Rivierwijk"]
    assert titles(f"?partner={world.partner_org.slug}") == ["Energiearmoede"]
    assert titles("?domain=zorg") == []
    assert titles("") == ["Buurtbedrijf Rivierwijk", "Energiearmoede"]


def test_pagination(world, client):
    for i in range(30):
        ChallengeFactory(agenda=world.agenda, title=f"Opgave {i:02d}", history=False)
    client.force_login(world.coordinator)
    url = reverse("agenda:detail", kwargs={"slug": world.agenda.slug})
    first = client.get(url + "?status=gesignaleerd")
    assert len(first.context["page"]) == 25
    assert "status=gesignaleerd&amp;page=2" in first.content.decode()
    second = client.get(url + "?status=gesignaleerd&page=2")
    assert len(second.context["page"]) == 5
