# The outbox moves from the members app to the mail app. Its table, rows and constraints stay as they are:
# this migration only tells Django's state that the model lives here now (0002 renames the table), and
# moves the model's content type, so that the permissions people hold on the outbox stay theirs.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import mail.kinds


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="members", model="outgoingmail").update(app_label="mail")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="mail", model="outgoingmail").update(app_label="members")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("members", "0003_alter_outgoingmail_kind"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OutgoingMail",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        ("kind", models.CharField(choices=mail.kinds.choices, max_length=40, verbose_name="kind")),
                        ("about_id", models.CharField(max_length=64, verbose_name="about (id)")),
                        ("occasion", models.CharField(blank=True, default="", max_length=64, verbose_name="occasion")),
                        ("recipient", models.EmailField(max_length=254, verbose_name="recipient")),
                        (
                            "language",
                            models.CharField(
                                choices=[("nl", "Nederlands"), ("en", "English")], max_length=2, verbose_name="language"
                            ),
                        ),
                        ("subject", models.CharField(max_length=255, verbose_name="subject")),
                        ("body_text", models.TextField(verbose_name="text body")),
                        ("body_html", models.TextField(blank=True, verbose_name="HTML body")),
                        ("attachments", models.JSONField(blank=True, default=list, verbose_name="attachments")),
                        ("links", models.JSONField(blank=True, default=dict, verbose_name="links")),
                        (
                            "status",
                            models.CharField(
                                choices=[("queued", "Queued"), ("sending", "Sending"), ("sent", "Sent"), ("failed", "Failed")],
                                default="queued",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="attempts")),
                        ("last_error", models.TextField(blank=True, verbose_name="last error")),
                        (
                            "created_at",
                            models.DateTimeField(default=django.utils.timezone.now, verbose_name="created at"),
                        ),
                        (
                            "next_attempt_at",
                            models.DateTimeField(default=django.utils.timezone.now, verbose_name="next attempt at"),
                        ),
                        ("claimed_at", models.DateTimeField(blank=True, null=True, verbose_name="claimed at")),
                        ("sent_at", models.DateTimeField(blank=True, null=True, verbose_name="sent at")),
                        (
                            "about_type",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                to="contenttypes.contenttype",
                                verbose_name="about (type)",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="outgoing_mails",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "outgoing mail",
                        "verbose_name_plural": "outgoing mails",
                        "ordering": ["-created_at"],
                        "db_table": "members_outgoingmail",
                        "indexes": [
                            models.Index(
                                condition=models.Q(("status__in", ["queued", "sending"])),
                                fields=["next_attempt_at"],
                                name="members_outgoingmail_due",
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("kind", "about_type", "about_id", "occasion", "recipient"),
                                name="members_outgoingmail_once_per_occasion",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("sent_at__isnull", False), ("status", "sent")),
                                    models.Q(models.Q(("status", "sent"), _negated=True), ("sent_at__isnull", True)),
                                    _connector="OR",
                                ),
                                name="members_outgoingmail_sent_at_iff_sent",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
