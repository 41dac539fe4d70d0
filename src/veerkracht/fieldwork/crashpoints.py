"""A test hook to stop background work at a named point, so that a test can kill the worker there.

Only for tests of crash safety (tests/fieldwork/test_crash_safety.py): when the environment variable
``VEERKRACHT_TEST_PAUSE`` names the point, the process writes its id to the file named by
``VEERKRACHT_TEST_PAUSE_FILE`` and waits until it is killed. Unset (always, outside those tests),
a point costs one dictionary look-up.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

PAUSE_VARIABLE = "VEERKRACHT_TEST_PAUSE"
PAUSE_FILE_VARIABLE = "VEERKRACHT_TEST_PAUSE_FILE"
MAX_WAIT_SECONDS = 600


def pause_point(name: str) -> None:
    if os.environ.get(PAUSE_VARIABLE) != name:
        return
    marker = os.environ.get(PAUSE_FILE_VARIABLE)
    if marker:
        Path(marker).write_text(str(os.getpid()), encoding="utf-8")
    deadline = time.monotonic() + MAX_WAIT_SECONDS  # never hang forever if the test is gone
    while time.monotonic() < deadline:
        time.sleep(0.2)
