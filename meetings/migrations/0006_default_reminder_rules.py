# Every network that exists gets the default reminder rules, as new networks do when they are created
# (meetings/reminders.py, DEFAULT_REMINDER_RULES): 7 days before to those who have not answered, 2 days
# before to those who come. Frozen here as they were when this migration was written. The meetings
# already planned get their reminders, as meetings planned from now on do (`schedule_reminders`); one
# whose moment has passed is made dropped, never sent late.

from datetime import timedelta

from django.db import migrations
from django.utils import timezone

DEFAULT_RULES = [(7 * 24, "not_answered"), (2 * 24, "coming")]


def add_default_rules(apps, schema_editor):
    Network = apps.get_model("networks", "Network")
    ReminderRule = apps.get_model("meetings", "ReminderRule")
    ReminderRule.objects.bulk_create(
        [
            ReminderRule(network_id=network_id, hours_before=hours, audience=audience)
            for network_id in Network.objects.values_list("pk", flat=True)
            for hours, audience in DEFAULT_RULES
        ],
        ignore_conflicts=True,
    )
    Meeting = apps.get_model("meetings", "Meeting")
    Reminder = apps.get_model("meetings", "Reminder")
    now = timezone.now()
    reminders = []
    for meeting in Meeting.objects.filter(status="planned", starts_at__gt=now).only("pk", "network_id", "starts_at"):
        for rule in ReminderRule.objects.filter(network_id=meeting.network_id):
            due_at = meeting.starts_at - timedelta(hours=rule.hours_before)
            late = due_at <= now
            reminders.append(
                Reminder(
                    meeting_id=meeting.pk,
                    rule=rule,
                    hours_before=rule.hours_before,
                    audience=rule.audience,
                    starts_at=meeting.starts_at,
                    due_at=due_at,
                    status="dropped" if late else "pending",
                    reason="Its moment had passed when reminders were introduced." if late else "",
                    done_at=now if late else None,
                )
            )
    Reminder.objects.bulk_create(reminders, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_reminders_follow_ups_evaluations"),
    ]

    operations = [
        migrations.RunPython(add_default_rules, migrations.RunPython.noop),
    ]
