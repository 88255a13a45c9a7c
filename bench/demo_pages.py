"""Print the demo coordinator's session cookie and the pages the issue's figures were measured on (`make run`'s
demo data): the coordinator's first network by name, its latest held meeting and its next planned one. For
bench/run, on one line: the cookie, then the three paths."""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leernetwerk.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from demo.plan import DEMO_PEOPLE  # noqa: E402
from meetings.models import Meeting  # noqa: E402
from members.models import User  # noqa: E402
from networks.models import Membership, Network  # noqa: E402

coordinator = User.objects.get(email=next(email for persona, email, *_rest in DEMO_PEOPLE if persona == "coordinator"))
network = (
    Network.objects.filter(
        memberships__user=coordinator,
        memberships__role=Membership.Role.COORDINATOR,
        memberships__left_on__isnull=True,
    )
    .order_by("name")
    .first()
)
if network is None:
    sys.exit(f"bench/demo_pages.py: {coordinator.email} coordinates no network; is the demo loaded?")
meetings = Meeting.objects.filter(network=network)
held = meetings.filter(status=Meeting.Status.HELD).order_by("-starts_at").first()
planned = meetings.filter(status=Meeting.Status.PLANNED, starts_at__gt=timezone.now()).order_by("starts_at").first()
client = Client()
client.force_login(coordinator)
pages = [network.get_absolute_url(), *(meeting.get_absolute_url() for meeting in (held, planned) if meeting)]
print(f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}", *pages)
