"""Count the SQL queries of each page at two sizes of data, to show they do not grow with it."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leernetwerk.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from members.models import User  # noqa: E402

setup_test_environment()
PAGES = ["/", "/account/profile/", "/account/login/", "/healthz"]


def grow_to(count):
    missing = count - User.objects.count()
    User.objects.bulk_create(
        User(email=f"bench-{n}-{count}@leernetwerk.test", full_name=f"Bench {n}") for n in range(max(missing, 0))
    )


user, _ = User.objects.get_or_create(email="bench@leernetwerk.test", defaults={"full_name": "Bench Member"})
print(f"{'page':<22}" + "".join(f"{f'{size} users':>14}" for size in (10, 1000)))
counts = {page: [] for page in PAGES}
for size in (10, 1000):
    grow_to(size)
    client = Client()
    client.force_login(user)
    for page in PAGES:
        client.get(page)  # warm: the first request of a process loads content types and such
        with CaptureQueriesContext(connection) as queries:
            status = client.get(page).status_code
        counts[page].append(f"{len(queries)} ({status})")
for page, numbers in counts.items():
    print(f"{page:<22}" + "".join(f"{n:>14}" for n in numbers))
