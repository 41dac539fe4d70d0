"""Settings of the load test's server: the product's settings, with a URLconf that adds the ceiling.

Only ``bench/load/run.py`` uses this module (``DJANGO_SETTINGS_MODULE=bench_settings`` with bench/load on
the path); the product's URLs do not have the ceiling view.
"""

from pathlib import Path

from veerkracht.conf.settings import *  # noqa: F403
from veerkracht.conf.settings import TEMPLATES

ROOT_URLCONF = "bench_urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0].get("DIRS", []), str(Path(__file__).resolve().parent / "templates")]
