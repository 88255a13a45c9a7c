"""The staff dashboards at the demo's scale (45 networks) and at national scale (10,000 networks, 200,000
people, 2,000,000 answers: bench/national_data.py): the SQL queries and the median response time of the
national dashboard, a region's dashboard, the list of networks and the JSON endpoint. In-process (Django's
test client, no web server, no page cache), a number of requests per page after
one to warm up (BENCH_DASHBOARD_REQUESTS, default 7). Prints; asserts nothing.

    python bench/dashboards.py demo|national

Each scale gets a database of its own on the server of DATABASE_URL (<name>_dashboards_<scale>),
created, migrated and loaded here, and dropped at the end (BENCH_KEEP_DATABASE=1 keeps it).
"""

import io
import os
import statistics
import sys
import time

import own_database

SCALE = sys.argv[1] if len(sys.argv) > 1 else "demo"
os.environ["DATABASE_URL"] = own_database.fresh(os.environ["DATABASE_URL"], f"dashboards_{SCALE}")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leernetwerk.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from members.models import User  # noqa: E402
from networks.models import Network, Region  # noqa: E402

setup_test_environment()  # the test client's host
REQUESTS = int(os.environ.get("BENCH_DASHBOARD_REQUESTS", "7"))

started = time.perf_counter()
call_command("migrate", verbosity=0)
if SCALE == "national":
    import national_data

    national_data.load(out=lambda *args, **kwargs: None)
    staff = User.objects.get(email=national_data.STAFF_EMAIL)
else:
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    staff = User.objects.get(email="vo-raad@demo.leernetwerk.nl")
loaded = time.perf_counter() - started
from dashboards import rollups  # noqa: E402
from dashboards.models import FigureCell  # noqa: E402

moment = time.perf_counter()
rollups.refresh()
refreshed = time.perf_counter() - moment

region = Region.objects.order_by("name").first()
pages = [
    "/dashboards/",
    f"/dashboards/regions/{region.slug}/",
    "/dashboards/networks/",
    "/dashboards/figures.json",
]
client = Client()
client.force_login(staff)
print(
    f"{SCALE}: {Network.objects.count():,} networks, {User.objects.count():,} people; loaded in {loaded:.0f} s; "
    f"rollup of the figures (beat, every 15 minutes) in {refreshed:.1f} s; {REQUESTS} requests per page, median"
)
for page in pages:
    client.get(page)  # warm: the cached person, content types, the templates
    times = []
    for _ in range(REQUESTS):
        with CaptureQueriesContext(connection) as queries:
            moment = time.perf_counter()
            response = client.get(page)
            times.append(time.perf_counter() - moment)
    print(
        f"  {page:<36} {statistics.median(times) * 1000:8.0f} ms   {len(queries):3d} queries   "
        f"(status {response.status_code})"
    )

# Without the rollup (a filter by phase, or a beat that stopped) the page computes its figures itself.
FigureCell.objects.all().delete()
client.get(pages[0])
with CaptureQueriesContext(connection) as queries:
    moment = time.perf_counter()
    response = client.get(pages[0])
    took = time.perf_counter() - moment
print(f"  {pages[0] + ' without the rollup':<36} {took * 1000:8.0f} ms   {len(queries):3d} queries   (one request)")

connections.close_all()
if not os.environ.get("BENCH_KEEP_DATABASE"):
    own_database.drop(os.environ["DATABASE_URL"])
