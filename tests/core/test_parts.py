"""The parts of the method come from the apps that register them; core names none of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from veerkracht.core import parts

CORE = Path(parts.__file__).resolve().parent


def test_each_part_is_registered_by_its_own_app():
    registered = {part.key: part for part in parts.all_parts()}
    assert [p.letter for p in parts.all_parts()] == ["a", "b", "c", "d", "e"]
    assert registered["agenda"].url_name == "agenda:index"
    assert registered["monitor"].url_name == "fieldwork:index"
    assert registered["samenwerken"].url_name == "teams:index"
    for part in parts.all_parts():
        assert reverse(part.url_name)


def test_core_names_no_part():
    keys = [part.key for part in parts.all_parts()]
    namespaces = [ns.split(":")[0] for part in parts.all_parts() for ns in part.namespaces]
    names = {*keys, *namespaces} - {"core"}
    for path in CORE.rglob("*.py"):
        if "migrations" in path.parts or "management" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for name in names:
            assert not re.search(rf"[\"']{re.escape(name)}[\"':]", text), (
                f"{path.name} names the part {name!r}"
            )


def test_a_clashing_part_is_refused():
    with pytest.raises(ImproperlyConfigured):
        parts.register(parts.Part("b", "other", "core:home", "Other", "Clashes with part b by its letter"))
    with pytest.raises(ImproperlyConfigured):
        parts.register(parts.Part("z", "monitor", "core:home", "Other", "Clashes with part b by its key"))
    assert parts.get("monitor").letter == "b"


@pytest.mark.django_db
def test_a_new_part_plugs_in_by_registering(client):
    new = parts.Part("f", "proef", "core:accessibility", "Proefdeel", "A part added by registering it.")
    parts.register(new)
    try:
        body = client.get(reverse("core:accessibility")).content.decode()
        nav = re.search(r'<nav class="vk-nav".*?</nav>', body, re.S).group(0)
        assert "Proefdeel" in nav
        assert parts.current_key("core", "accessibility") == ""
        parts.unregister("proef")
        parts.register(parts.Part(**{**new.__dict__, "namespaces": ("core:accessibility",)}))
        body = client.get(reverse("core:accessibility")).content.decode()
        assert re.search(
            r'aria-current="page"><span class="vk-nav__letter" aria-hidden="true">f</span>', body
        )
    finally:
        parts.unregister("proef")
    assert "proef" not in {p.key for p in parts.all_parts()}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("/agenda/", "agenda"),
        ("/monitor/", "monitor"),
        ("/samenwerken/", "samenwerken"),
        ("/besturen/", "besturen"),
    ],
)
def test_the_navigation_marks_the_current_part(client, url, key):
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["CURRENT_PART"] == key
