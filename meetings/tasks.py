"""Periodic and fan-out tasks of the meetings app. Beat starts the periodic ones (leernetwerk/celery.py);
each writes a heartbeat and hands every meeting or reminder to a task that takes its id."""

from celery import shared_task

from mail import heartbeats

from . import follow_ups, reminders


@shared_task(ignore_result=True)
def send_due_reminders():
    """Hand every reminder whose moment has come to `send_reminder` (scheduled by beat every 5 minutes)."""
    heartbeats.record("send_due_reminders")
    for reminder_id in reminders.due_reminder_ids():
        send_reminder.delay(reminder_id)


@shared_task(ignore_result=True)
def send_reminder(reminder_id):
    """Send one reminder, or mark it missed or dropped; does nothing when it is gone or done already."""
    reminders.send_reminder(reminder_id)


# --- Follow-ups and evaluations after a held meeting (meetings/follow_ups.py) -----------------------


@shared_task(ignore_result=True)
def send_follow_ups():
    """Hand every held meeting with a follow-up step due to `send_follow_up` (scheduled by beat hourly)."""
    heartbeats.record("send_follow_ups")
    for meeting_id in follow_ups.meetings_due():
        send_follow_up.delay(meeting_id)


@shared_task(ignore_result=True)
def send_follow_up(meeting_id):
    """The follow-up steps of one meeting that are due; does nothing when it is gone or all is done."""
    follow_ups.send_follow_up(meeting_id)
