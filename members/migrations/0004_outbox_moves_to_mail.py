# The outbox now lives in the mail app (mail/migrations/0001_initial.py): only Django's state forgets it
# here; the table and its rows stay.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_alter_outgoingmail_kind"),
        ("mail", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="OutgoingMail")],
            database_operations=[],
        ),
    ]
