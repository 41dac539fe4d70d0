"""The layering contracts (``[tool.importlinter]`` in pyproject.toml, run by ``make lint``) hold, and
``lint-imports`` fails when a forbidden import is added."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed")


def lint_imports(src: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src), "NO_COLOR": "1"}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=src,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory) -> Path:
    """The Python modules of the package, copied (nothing else is needed to analyse the imports)."""
    dest = tmp_path_factory.mktemp("src")
    package = ROOT / "src" / "veerkracht"
    for path in package.rglob("*.py"):
        target = dest / "veerkracht" / path.relative_to(package)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    return dest


def test_the_contracts_hold(source_copy):
    result = lint_imports(source_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("monitor/scoring/_probe.py", "import django.db\n", "decision-chain engines are pure"),
        ("governance/indicators/_probe.py", "import django.db\n", "decision-chain engines are pure"),
        (
            "teams/formation/_probe.py",
            "from veerkracht.core import parts\n",
            "decision-chain engines are pure",
        ),
        ("core/_probe.py", "from veerkracht.agenda import models\n", "Core and audit import no app"),
        ("audit/_probe.py", "import veerkracht.accounts.models\n", "Core and audit import no app"),
        ("accounts/_probe.py", "from veerkracht.organisations import models\n", "Accounts does not import"),
        (
            "agenda/_probe.py",
            "from veerkracht.fieldwork import selectors\n",
            "The agenda imports none of the",
        ),
        (
            "teams/_probe.py",
            "from veerkracht.fieldwork import selectors\n",
            "and teams do not import each other",
        ),
        ("fieldwork/_probe.py", "from veerkracht.teams import models\n", "The monitor does not import teams"),
        ("agenda/_probe.py", "from veerkracht.api import views\n", "Nothing imports the API"),
        ("agenda/_probe.py", "from veerkracht.governance import chain\n", "The agenda imports none of the"),
        ("governance/_probe.py", "from veerkracht.fieldwork import models\n", "Governance and the parts a-c"),
        ("teams/_probe.py", "from veerkracht.governance import models\n", "Parts b and c do not import"),
        ("fieldwork/selectors_probe.py", "", "Fieldwork in layers"),
    ],
)
def test_a_forbidden_import_breaks_a_contract(source_copy, tmp_path, module, line, contract):
    src = tmp_path / "src"
    shutil.copytree(source_copy, src)
    if module == "fieldwork/selectors_probe.py":  # a selector that calls a service: a cycle
        selectors = src / "veerkracht" / "fieldwork" / "selectors.py"
        selectors.write_text(
            selectors.read_text(encoding="utf-8")
            + "\n\ndef _probe():\n    from veerkracht.fieldwork import services\n",
            encoding="utf-8",
        )
    else:
        (src / "veerkracht" / module).write_text(line, encoding="utf-8")
    result = lint_imports(src)
    assert result.returncode == 1, result.stdout + result.stderr
    broken = [row for row in result.stdout.splitlines() if row.endswith("BROKEN")]
    assert len(broken) >= 1
    assert contract in result.stdout.split("Broken contracts")[1], result.stdout
