"""Load the demo data that `make run` shows a new user. Safe to run again: it changes nothing then.

What is loaded, and how it stays the same on every run, is described in `networks/demo.py`.
"""

from django.core.management.base import BaseCommand

from networks import demo
from networks.demo import DEMO_PASSWORD, DEMO_PEOPLE

__all__ = ["DEMO_PASSWORD", "DEMO_PEOPLE", "Command"]


class Command(BaseCommand):
    help = "Create the demo accounts, regions, themes, schools, networks and their members if missing."

    def handle(self, *args, **options):
        counts = demo.load()
        lines = [f"  Demo logins (password for all: {DEMO_PASSWORD}):"]
        lines += [f"    {role:<12} {email}" for role, email, *_rest in DEMO_PEOPLE]
        lines.append(
            f"  Demo data: {counts['regions']} regions, {counts['networks']} networks, "
            f"{counts['schools']} schools, {counts['people']:,} people, {counts['meetings']} meetings."
        )
        self.stdout.write("\n".join(lines))
