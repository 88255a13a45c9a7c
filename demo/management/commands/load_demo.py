"""Load the demo data that `make run` shows a new user. Safe to run again: it changes nothing then.

What is loaded is planned in `demo/plan.py` (with the words of `demo/words.py`) and written by `demo/loader.py`.
"""

from django.core.management.base import BaseCommand

from dashboards import rollups
from demo import loader
from demo.plan import DEMO_PASSWORD, DEMO_PEOPLE


class Command(BaseCommand):
    help = "Create the demo accounts, regions, themes, schools, networks and their members if missing."

    def handle(self, *args, **options):
        counts = loader.load()
        # The dashboards read their figures from the rollup; beat refreshes it every 15 minutes, and the
        # demo should not wait for the first time.
        rollups.refresh()
        lines = [f"  Demo logins (password for all: {DEMO_PASSWORD}):"]
        lines += [f"    {role:<12} {email}" for role, email, *_rest in DEMO_PEOPLE]
        lines.append(
            f"  Demo data: {counts['regions']} regions, {counts['networks']} networks, "
            f"{counts['schools']} schools, {counts['people']:,} people, {counts['meetings']} meetings."
        )
        self.stdout.write("\n".join(lines))
