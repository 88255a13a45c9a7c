"""WSGI entry point: `gunicorn leernetwerk.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

from common import connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leernetwerk.settings")

application = get_wsgi_application()

# A connection that answered a moment ago is not health-checked again before the next request.
connections.connect_to_requests()
