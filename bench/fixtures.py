"""The data the benchmarks run against: one network that grows to a given number of members."""

import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leernetwerk.settings")
django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402

from members.models import User  # noqa: E402
from networks.models import Membership, Network, Region, School, Theme  # noqa: E402

SLUG = "bench-netwerk"  # grows to 10 and 1,000 members for the query counts
REALISTIC_SLUG = "bench-realistisch"  # 16 members from 8 schools, like a real network, for throughput


def coordinator():
    user, created = User.objects.get_or_create(
        email="bench@leernetwerk.test", defaults={"full_name": "Bench Coördinator"}
    )
    if created:
        user.password = make_password("bench")
        user.save(update_fields=["password"])
    return user


def network(slug=SLUG):
    region, _ = Region.objects.get_or_create(slug="bench", defaults={"name": "Benchregio"})
    theme, _ = Theme.objects.get_or_create(slug="bench", defaults={"name": "Benchthema"})
    network, created = Network.objects.get_or_create(
        slug=slug,
        defaults={"name": f"Benchnetwerk {slug}", "region": region, "theme": theme, "learning_question": "Hoe snel?"},
    )
    if created:
        Membership.objects.create(network=network, user=coordinator(), role="coordinator")
    return network


def grow_to(members, slug=SLUG, per_school=10):
    """Give the network `members` current members, `per_school` from each school."""
    net = network(slug)
    missing = members - Membership.objects.current().filter(network=net).count()
    if missing <= 0:
        return net
    first_school, first_user = School.objects.count(), User.objects.count()
    schools = School.objects.bulk_create(
        School(name=f"Benchschool {n}", brin=f"{n % 100:02d}{_letters(n)}", city="Utrecht", region=net.region)
        for n in range(first_school, first_school - (-missing // per_school))
    )
    users = User.objects.bulk_create(
        User(email=f"bench-{n}@leernetwerk.test", full_name=f"Deelnemer {n}", password="!")
        for n in range(first_user, first_user + missing)
    )
    Membership.objects.bulk_create(
        Membership(network=net, user=user, school=schools[n // per_school], role="member")
        for n, user in enumerate(users)
    )
    return net


def meeting(slug=SLUG):
    """A planned meeting of the network, with a "yes" from every current member."""
    from datetime import timedelta

    from django.utils import timezone

    from meetings.models import Meeting, Rsvp

    net = network(slug)
    starts = timezone.now() + timedelta(days=30)
    meeting, _ = Meeting.objects.get_or_create(
        network=net,
        number=1,
        defaults={
            "title": "Benchbijeenkomst",
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=2),
            "place": "Utrecht",
        },
    )
    answered = set(meeting.rsvps.values_list("user_id", flat=True))
    Rsvp.objects.bulk_create(
        Rsvp(meeting=meeting, user_id=user_id, answer="yes")
        for user_id in Membership.objects.current().filter(network=net).values_list("user_id", flat=True)
        if user_id not in answered
    )
    return meeting


def _letters(n):
    alphabet = "ABCDEFGHJKLMNPRSTVWXYZ"
    return alphabet[(n // 100) % len(alphabet)] + alphabet[(n // 2200) % len(alphabet)]
