"""Veerkracht: social innovation for Dutch municipalities and their partners."""

from veerkracht.conf.celery import app as celery_app

__all__ = ["celery_app"]
