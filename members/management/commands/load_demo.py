"""Load the demo data that `make run` shows a new user. Safe to run again: it changes nothing then."""

from django.core.management.base import BaseCommand
from django.db import transaction

from members.models import User

DEMO_PASSWORD = "leernetwerk-demo"

# One login per role in the portal. The names are made up.
DEMO_PEOPLE = [
    ("coordinator", "coordinator@demo.leernetwerk.nl", "Anouk de Vries", User.JobRole.SCHOOL_LEADER, {}),
    ("facilitator", "procesbegeleider@demo.leernetwerk.nl", "Pieter Jansen", User.JobRole.OTHER, {}),
    ("member", "deelnemer@demo.leernetwerk.nl", "Fatima El Amrani", User.JobRole.TEAM_LEADER, {}),
    ("staff", "vo-raad@demo.leernetwerk.nl", "Johan Bakker", User.JobRole.OTHER, {}),
    (
        "admin",
        "beheer@demo.leernetwerk.nl",
        "Sanne Visser",
        User.JobRole.OTHER,
        {"is_staff": True, "is_superuser": True},
    ),
]


class Command(BaseCommand):
    help = "Create the demo accounts (and, as later parts arrive, networks and meetings) if missing."

    @transaction.atomic
    def handle(self, *args, **options):
        lines = [f"  Demo logins (password for all: {DEMO_PASSWORD}):"]
        for role, email, name, job_role, flags in DEMO_PEOPLE:
            user, created = User.objects.get_or_create(
                email=email, defaults={"full_name": name, "job_role": job_role, **flags}
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            lines.append(f"    {role:<12} {email}")
        self.stdout.write("\n".join(lines))
