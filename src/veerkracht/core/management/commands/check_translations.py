"""Check (or update) the Dutch translation catalogues.

Each Veerkracht app keeps its own catalogue in ``<app>/locale/nl/LC_MESSAGES/django.po`` so that apps
can be worked on independently; strings in the shared ``templates/`` and ``conf/`` live in the
project catalogue ``src/veerkracht/locale``. The check fails (exit 2) when ``makemessages`` would change
a catalogue, when a string lacks its Dutch translation or is fuzzy, or when the compiled ``.mo`` file
does not match the ``.po`` file, or when two catalogues translate the same string (and context)
differently: Django merges the catalogues and the first app in ``INSTALLED_APPS`` wins, so the other
translation would never be shown (give one of them a context instead). ``--update`` runs
makemessages and compiles the ``.mo`` files (with polib, so that no gettext tools are needed to
compile).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import polib
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

PACKAGE = Path(__file__).resolve().parents[3]
_VOLATILE = re.compile(r'^"(POT-Creation-Date|PO-Revision-Date):.*\\n"$', re.MULTILINE)


def catalogues() -> list[tuple[Path, list[str]]]:
    """(directory to run makemessages in, ignore patterns) for every catalogue."""
    app_dirs = sorted(p.parent for p in PACKAGE.glob("*/locale") if p.parent != PACKAGE)
    result: list[tuple[Path, list[str]]] = [(d, ["migrations/*", "static/*", "tests/*"]) for d in app_dirs]
    ignore_apps = [f"{d.name}/*" for d in app_dirs] + ["static/*", "locale/*"]
    result.append((PACKAGE, ignore_apps))
    return result


def _normalise(text: str) -> str:
    return _VOLATILE.sub("", text)


def _problems_in(po_path: Path) -> list[str]:
    problems = []
    po = polib.pofile(str(po_path))
    for entry in po:
        if entry.obsolete:
            continue
        where = f"{po_path}: {entry.msgid[:60]!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"{where} is fuzzy")
        elif entry.msgid_plural:
            if not all(entry.msgstr_plural.values()):
                problems.append(f"{where} lacks a Dutch plural")
        elif not entry.msgstr:
            problems.append(f"{where} lacks Dutch")
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        problems.append(f"{mo_path} is missing")
    else:
        compiled = {
            (e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural)) for e in polib.mofile(str(mo_path))
        }
        expected = {
            (e.msgctxt, e.msgid): (e.msgstr, {int(k): v for k, v in e.msgstr_plural.items()})
            for e in po.translated_entries()
        }
        compiled = {k: (v[0], {int(i): s for i, s in v[1].items()}) for k, v in compiled.items() if k[1]}
        if compiled != expected:
            problems.append(f"{mo_path} does not match its .po file (run `make messages`)")
    return problems


def disagreements(po_paths: list[Path]) -> list[str]:
    """The strings (with their context) that two catalogues translate differently, one line each."""
    seen: dict[tuple[str | None, str], dict[str, list[str]]] = {}
    for po_path in po_paths:
        for entry in polib.pofile(str(po_path)).translated_entries():
            if entry.msgid_plural:
                continue
            seen.setdefault((entry.msgctxt, entry.msgid), {}).setdefault(entry.msgstr, []).append(
                po_path.parents[3].name
            )
    problems = []
    for (context, msgid), translations in sorted(
        seen.items(), key=lambda item: (item[0][1], item[0][0] or "")
    ):
        if len(translations) > 1:
            which = "; ".join(f"{text!r} in {', '.join(apps)}" for text, apps in sorted(translations.items()))
            label = f"{msgid!r}" + (f" (context {context!r})" if context else "")
            problems.append(f"{label} is translated differently: {which}")
    return problems


class Command(BaseCommand):
    help = "Check that the Dutch catalogues are complete and current; --update regenerates them."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--update", action="store_true", help="Run makemessages and compile .mo files.")
        parser.add_argument(
            "--app", default="", help="Only this app's catalogue (e.g. agenda); 'project' for the shared one."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        problems: list[str] = []
        cwd = os.getcwd()
        selected = catalogues()
        if options["app"]:
            name = PACKAGE.name if options["app"] == "project" else options["app"]
            selected = [(d, i) for d, i in selected if d.name == name]
            if not selected:
                raise CommandError(f"no catalogue for {options['app']!r}", returncode=2)
        for directory, ignore in selected:
            po_path = directory / "locale" / "nl" / "LC_MESSAGES" / "django.po"
            before = po_path.read_text(encoding="utf-8") if po_path.exists() else ""
            backup = Path(tempfile.mkdtemp()) / "locale"
            shutil.copytree(directory / "locale", backup)
            try:
                os.chdir(directory)
                call_command(
                    "makemessages",
                    locale=["nl"],
                    extensions=["html", "txt", "py"],
                    ignore_patterns=ignore,
                    no_location=True,
                    no_obsolete=True,
                    verbosity=0,
                )
            finally:
                os.chdir(cwd)
            after = po_path.read_text(encoding="utf-8") if po_path.exists() else ""
            if options["update"]:
                if po_path.exists():
                    if _normalise(after) == _normalise(before):
                        po_path.write_text(before, encoding="utf-8")  # keep the old dates: no diff
                    polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
            else:
                if _normalise(after) != _normalise(before):
                    problems.append(f"{po_path} is stale: makemessages would change it (run `make messages`)")
                shutil.rmtree(directory / "locale")
                shutil.copytree(backup, directory / "locale")
            shutil.rmtree(backup.parent)
            if po_path.exists():
                problems.extend(_problems_in(po_path))
        if not options["app"]:
            problems.extend(
                disagreements([d / "locale" / "nl" / "LC_MESSAGES" / "django.po" for d, _ in selected])
            )
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            if not options["update"]:
                raise CommandError(f"{len(problems)} translation problem(s)", returncode=2)
            self.stdout.write(f"catalogues updated; {len(problems)} string(s) still need Dutch")
        else:
            self.stdout.write("translations complete")
