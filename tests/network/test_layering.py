"""The network's import contracts: its engine is pure, and the agenda, core and parts b–d never
import it (probed like ``tests/core/test_layering.py``: a forbidden import added to a copy breaks
the named contract)."""

from __future__ import annotations

import shutil

import pytest

from tests.core.test_layering import LINT_IMPORTS, lint_imports, source_copy  # noqa: F401 - fixture

pytestmark = pytest.mark.skipif(not LINT_IMPORTS.exists(), reason="import-linter is not installed")


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("network/graph/_probe.py", "import django.db\n", "decision-chain engines are pure"),
        ("network/graph/_probe.py", "from veerkracht.organisations import models\n", "engines are pure"),
        ("agenda/_probe.py", "from veerkracht.network import sources\n", "The agenda imports none of the"),
        ("core/_probe.py", "from veerkracht.network import sources\n", "Core and audit import no app"),
        (
            "governance/_probe.py",
            "from veerkracht.network import sources\n",
            "do not import the partner network",
        ),
        ("teams/_probe.py", "from veerkracht.network import sources\n", "do not import the partner network"),
        ("network/_probe.py", "from veerkracht.api import views\n", "Nothing imports the API"),
    ],
)
def test_a_forbidden_import_breaks_a_network_contract(source_copy, tmp_path, module, line, contract):  # noqa: F811
    src = tmp_path / "src"
    shutil.copytree(source_copy, src)
    (src / "veerkracht" / module).write_text(line, encoding="utf-8")
    result = lint_imports(src)
    assert result.returncode == 1, result.stdout + result.stderr
    assert contract in result.stdout.split("Broken contracts")[1], result.stdout
