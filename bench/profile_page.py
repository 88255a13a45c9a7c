"""Profile one page in-process: where its time goes. `BENCH_PROFILE=/meetings/{meeting}/ make bench` runs
`bench/profile_page.py PATH [REQUESTS] [LINES] [SORT]` after the throughput figures.

Runs the whole request cycle (middleware, session, views, templates) through Django's test client as
the benchmark's coordinator, after one warm-up request. For finding what to make cheaper; asserts nothing.
"""

import cProfile
import pstats
import sys
import time

import fixtures
from django.test import Client

path = sys.argv[1]
requests = int(sys.argv[2]) if len(sys.argv) > 2 else 300
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(fixtures.coordinator())
assert client.get(path).status_code == 200, path
batches = []
for _ in range(5):  # the fastest of five batches: the least disturbed by the rest of the machine
    started = time.perf_counter()
    for _ in range(requests // 5):
        client.get(path)
    batches.append((time.perf_counter() - started) / (requests // 5))
print(f"{path}: {min(batches) * 1000:.2f} ms a request in this process (fastest of 5 batches)")
profile = cProfile.Profile()
profile.enable()
for _ in range(requests):
    client.get(path)
profile.disable()
stats = pstats.Stats(profile).sort_stats(sys.argv[4] if len(sys.argv) > 4 else "cumulative")
stats.print_stats(int(sys.argv[3]) if len(sys.argv) > 3 else 45)
