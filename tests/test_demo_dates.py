"""A demo loaded weeks after the day it was written for still shows recent meetings and upcoming ones."""

from datetime import datetime, time, timedelta

from demo import loader
from demo.plan import AMSTERDAM, DEMO_TODAY
from meetings.models import EvaluationResponse, Meeting, Reminder
from networks.models import Membership


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
