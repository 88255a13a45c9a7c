"""WSGI entry point: `gunicorn leernetwerk.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leernetwerk.settings")

application = get_wsgi_application()

from common import connections  # noqa: E402  (needs the settings that get_wsgi_application set up)

# A connection that served the request before this one, a moment ago, is not health-checked again.
connections.connect_to_requests()
