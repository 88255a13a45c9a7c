"""Count the SQL queries of each page with 10 and with 1,000 members, to show they do not grow."""

import fixtures
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment

setup_test_environment()
SIZES = (10, 1000)
PAGES = [
    "/",
    f"/networks/{fixtures.SLUG}/",
    f"/networks/{fixtures.SLUG}/members/",
    "/networks/",
    "/regions/bench/",
    "/account/profile/",
]

PAGES.append("/meetings/{meeting}/")
counts = {page.replace("{meeting}", "<id>"): [] for page in PAGES}
for size in SIZES:
    fixtures.grow_to(size)
    meeting_pk = fixtures.meeting().pk
    client = Client()
    client.force_login(fixtures.coordinator())
    for page in PAGES:
        page = page.format(meeting=meeting_pk)
        client.get(page)  # warm: the first request of a process loads content types and such
        with CaptureQueriesContext(connection) as queries:
            status = client.get(page).status_code
        counts[page.replace(str(meeting_pk), "<id>")].append(f"{len(queries)} ({status})")

print(f"{'page':<36}" + "".join(f"{f'{size} members':>16}" for size in SIZES))
for page, numbers in counts.items():
    print(f"{page:<36}" + "".join(f"{n:>16}" for n in numbers))
