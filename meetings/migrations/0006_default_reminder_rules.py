# Every network that exists gets the default reminder rules, as new networks do when they are created
# (meetings/reminders.py, DEFAULT_REMINDER_RULES): 7 days before to those who have not answered, 2 days
# before to those who come. Frozen here as they were when this migration was written.

from django.db import migrations

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


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0005_reminders_follow_ups_evaluations"),
    ]

    operations = [
        migrations.RunPython(add_default_rules, migrations.RunPython.noop),
    ]
