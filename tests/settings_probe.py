"""The settings as a fresh process reads them from its environment (and from nothing else)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parents[1] / "src"


def settings_in_subprocess(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``code`` (with ``settings`` imported) in a new Python with only ``env`` set besides the
    settings module, a path and a secret key."""
    launch = (
        f"import sys; sys.path.insert(0, {str(SRC)!r}); import django; django.setup(); "
        "from django.conf import settings; " + code
    )
    return subprocess.run(
        [sys.executable, "-c", launch],
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": os.environ.get("HOME", "/tmp"),
            "DJANGO_SETTINGS_MODULE": "veerkracht.conf.settings",
            "SECRET_KEY": "x" * 50,
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_value(expression: str, **env: str) -> Any:
    """The JSON value of ``expression`` (over ``settings``) in a fresh process with ``env``."""
    result = settings_in_subprocess(f"import json; print(json.dumps({expression}))", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
