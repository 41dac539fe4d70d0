"""The repository stands alone: no reference to a document outside it, and every link between its own
Markdown documents resolves."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Documents that are not part of the repository, and paths that leave it.
OUTSIDE = re.compile(
    r"\b(SCORING|FORMATION|INSTRUMENT|STYLE|DESIGN|INDICATORS|DECISIONS)\.md\b|\.\./shared/|/work/shared"
)
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def tracked_files() -> list[Path]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, text=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / name for name in out.split("\0") if name]


def test_no_reference_to_a_document_outside_the_repository():
    me = Path(__file__).resolve()
    found = []
    for path in tracked_files():
        if (
            path.resolve() == me
            or path.suffix in {".mo", ".png", ".woff2", ".ico", ".pdf"}
            or not path.is_file()
        ):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


def test_links_between_documents_resolve():
    broken = []
    for path in tracked_files():
        if path.suffix != ".md" or not path.is_file():
            continue
        for target in LINK.findall(path.read_text(encoding="utf-8")):
            if "://" in target or target.startswith("mailto:"):
                continue
            if not (path.parent / target).exists():
                broken.append(f"{path.relative_to(ROOT)} → {target}")
    assert broken == []


def test_the_documentation_the_readme_promises_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for document in (
        "CONTRIBUTING.md",
        "docs/method.md",
        "docs/monitor/instrument.md",
        "docs/monitor/scoring.md",
        "docs/teams/formation.md",
        "docs/conventions.md",
    ):
        assert f"]({document})" in readme
        assert (ROOT / document).is_file()
