"""Veerkracht: social innovation for Dutch municipalities and their partners.

The Celery application is created when Django starts (``CoreConfig.ready``), so that every task uses
it; ``veerkracht.celery_app`` (``celery -A veerkracht``) imports it on first use. Importing the package
itself stays cheap, for the offline commands.
"""

from typing import Any

__all__ = ["celery_app"]


def __getattr__(name: str) -> Any:
    # The Celery application is loaded on first use, and by the core app whenever Django is set up
    # (veerkracht.core.apps), so that commands that need neither Django nor Celery start fast.
    if name == "celery_app":
        from veerkracht.conf.celery import app

        return app
    raise AttributeError(f"module 'veerkracht' has no attribute {name!r}")
