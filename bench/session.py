"""Print a Cookie header value for the benchmark's coordinator, for wrk."""

import fixtures
from django.conf import settings
from django.test import Client

client = Client()
client.force_login(fixtures.coordinator())
print(f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}")
