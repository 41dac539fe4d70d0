import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veerkracht.conf.settings")
try:
    application = get_wsgi_application()
except ImproperlyConfigured as exc:  # one line for the operator, not a traceback
    raise SystemExit(f"veerkracht: {exc}") from None
