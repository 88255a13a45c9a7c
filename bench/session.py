"""Print a Cookie header value for a logged-in demo member, for wrk."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leernetwerk.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from members.models import User  # noqa: E402

user, _ = User.objects.get_or_create(email="bench@leernetwerk.test", defaults={"full_name": "Bench Member"})
client = Client()
client.force_login(user)
print(f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}")
