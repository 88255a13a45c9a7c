"""A demo loaded weeks after the day it was written for still shows recent meetings and upcoming ones."""

from collections import Counter, defaultdict
from datetime import datetime, time, timedelta
from itertools import pairwise

from django.utils import timezone
from django.utils.text import slugify

from demo import loader, plan
from demo.plan import AMSTERDAM, DEMO_TODAY
from meetings.evaluations import RESULTS_FROM
from meetings.models import EvaluationResponse, Meeting, Reminder
from networks.models import Membership
from tests.helpers import weeks_just_after_a_holiday


def test_loaded_two_months_later_the_next_meetings_are_still_ahead(db, monkeypatch, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    later = DEMO_TODAY + timedelta(days=60)
    monkeypatch.setattr(loader.timezone, "localdate", lambda *args, **kwargs: later)
    # The clock too: the services the loader calls record attendance only for meetings that have started.
    moment = datetime.combine(later, time(12), AMSTERDAM)
    monkeypatch.setattr(loader.timezone, "now", lambda: moment)
    loader.load()
    planned = Meeting.objects.filter(status=Meeting.Status.PLANNED)
    held = Meeting.objects.filter(status=Meeting.Status.HELD)
    assert planned.exists() and held.exists()
    assert min(m.starts_at.date() for m in planned) > later
    assert max(m.ends_at.date() for m in held) < later
    # The mail of the demo moves with it: reminders wait for every upcoming meeting, those sent and the
    # evaluations belong to held meetings before that day, and one reminder is due at that moment.
    for meeting in planned:
        assert meeting.reminders.filter(status=Reminder.Status.PENDING).exists(), meeting
    sent = Reminder.objects.filter(status=Reminder.Status.SENT)
    assert sent.exists() and not sent.exclude(meeting__status=Meeting.Status.HELD).exists()
    assert max(sent.values_list("done_at", flat=True)) < moment
    assert max(EvaluationResponse.objects.values_list("answered_at", flat=True)) < moment
    (due,) = Reminder.objects.filter(status=Reminder.Status.PENDING, due_at__lte=moment)
    assert timedelta(0) <= moment - due.due_at < timedelta(hours=1)


def test_loaded_again_weeks_later_into_the_same_database_it_adds_nobody_twice(db, monkeypatch, settings):
    """`make run` keeps its database: the plan of a later week has the same memberships with later days,
    and meetings at other moments. Loading it leaves the rows of the first load as they are."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    first = datetime.combine(DEMO_TODAY + timedelta(days=3), time(12), AMSTERDAM)
    monkeypatch.setattr(loader.timezone, "now", lambda: first)
    loader.load()
    memberships = set(Membership.objects.values_list("pk", "network", "user", "joined_on", "left_on"))
    meetings = set(Meeting.objects.values_list("pk", "network", "number", "starts_at", "status"))
    assert memberships and meetings

    later = first + timedelta(weeks=5)
    monkeypatch.setattr(loader.timezone, "now", lambda: later)
    loader.load()
    assert set(Membership.objects.values_list("pk", "network", "user", "joined_on", "left_on")) == memberships
    assert set(Meeting.objects.values_list("pk", "network", "number", "starts_at", "status")) == meetings


def test_a_plan_for_any_week_of_the_next_two_years_keeps_the_calendar_and_the_demo_s_shape():
    """The plan is pure and takes 0.05 s, so every week from this one on is checked here; the loaded demo, at a
    few moments, in test_demo_data.py. Each week's plan differs a little from the next (its holidays move the
    meetings, and so the draws after them), so what the demo must show is shaped, not left to chance."""
    fading = slugify(next(spec.name for spec in plan.NETWORKS if spec.fading))
    first = DEMO_TODAY + plan.meeting_shift(timezone.localdate())
    for week in range(105):
        this_week = first + timedelta(weeks=week)
        built = plan.build_plan(today=this_week)
        meetings = defaultdict(list)
        for row in built.meetings:
            meetings[row["network"]].append(row)
        for slug, rows in meetings.items():
            days = [row["starts_at"].date() for row in rows]
            assert days == sorted(days) and not any(map(plan.in_school_holiday, days)), (this_week, slug)
            held = [day for day, row in zip(days, rows, strict=True) if row["status"] == "held"]
            # Held by the Friday before the week it is loaded in (a Tuesday), the next one two to seven weeks
            # ahead, or the first week after a school holiday.
            assert not held or held[-1] <= this_week - timedelta(days=4), (this_week, slug)
            assert all((later - earlier).days % 7 == 0 for earlier, later in pairwise(days)), (this_week, slug)
            for day in days[len(held) :]:
                assert 14 <= (day - this_week).days <= 7 * (7 + weeks_just_after_a_holiday(day)) + 3, (this_week, slug)
        present = defaultdict(list)
        for row in built.attendance:
            present[row["network"], row["number"]].append(row["present"])
        shares = [sum(came) / len(came) for (slug, _number), came in sorted(present.items()) if slug == fading]
        assert shares[-1] < shares[0], this_week
        answers = Counter((row["network"], row["number"]) for row in built.evaluations)
        hidden = [slug for (slug, _number), count in answers.items() if count < RESULTS_FROM]
        assert hidden == [slugify(plan.DEMO_COORDINATED)], this_week
        # Intentions wait for their follow-up after the whole week, one of them within four weeks.
        due = {step["network"]: step["follow_up_due"] for step in built.lifecycle if step.get("follow_up_due")}
        followed_up = {step["network"] for step in built.lifecycle if step["step"] == "follow_up"}
        waiting = {slug: day for slug, day in due.items() if slug not in followed_up}
        assert len(waiting) == 3 and min(waiting.values()) > this_week + timedelta(days=6), this_week
        assert waiting[slugify("Lerende cultuur Zaanstreek-Waterland")] <= this_week + timedelta(weeks=4), this_week
