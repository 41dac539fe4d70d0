"""The Dutch catalogues agree with each other: Django merges them, and of two translations of one
string the first app's would silently win."""

from __future__ import annotations

from pathlib import Path

import polib

from veerkracht.core.management.commands.check_translations import PACKAGE, disagreements


def catalogue(root: Path, app: str, entries: list[tuple[str | None, str, str]]) -> Path:
    path = root / app / "locale" / "nl" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    po = polib.POFile()
    for context, msgid, msgstr in entries:
        po.append(polib.POEntry(msgctxt=context, msgid=msgid, msgstr=msgstr))
    po.save(str(path))
    return path


def test_two_translations_of_one_string_are_named_with_their_apps(tmp_path):
    first = catalogue(tmp_path, "agenda", [(None, "done", "afgerond"), (None, "Edit", "Bewerken")])
    second = catalogue(tmp_path, "network", [(None, "done", "klaar"), (None, "Edit", "Bewerken")])
    assert disagreements([first, second]) == [
        "'done' is translated differently: 'afgerond' in agenda; 'klaar' in network"
    ]


def test_a_context_keeps_two_meanings_apart(tmp_path):
    first = catalogue(tmp_path, "core", [("recipient of an e-mail", "to", "aan")])
    second = catalogue(tmp_path, "plans", [(None, "to", "naar"), ("difference", "Change", "Verandering")])
    third = catalogue(tmp_path, "teams", [(None, "Change", "Wijzigen")])
    assert disagreements([first, second, third]) == []


def test_the_catalogues_of_the_product_agree():
    paths = sorted(PACKAGE.glob("**/locale/nl/LC_MESSAGES/django.po"))
    assert len(paths) > 10
    assert disagreements(paths) == []
