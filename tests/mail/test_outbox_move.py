"""The outbox moved from the members app to the mail app: rows written before the move are still there,
queued rows still go out, and the permission to read the outbox stays with whoever held it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("mail", None),
    ("members", "0003_alter_outgoingmail_kind"),
    ("contenttypes", "0002_remove_content_type_name"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([target for target in targets if target[1] is not None]).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def test_rows_written_in_the_members_app_are_in_the_mail_app_after_the_move():
    old = migrate(BEFORE)
    User = old.get_model("members", "User")
    ContentType = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")
    OldMail = old.get_model("members", "OutgoingMail")
    user = User.objects.create(email="lezer@school.example.nl", full_name="Lezer")
    mail_type, _created = ContentType.objects.get_or_create(app_label="members", model="outgoingmail")
    view, _created = Permission.objects.get_or_create(
        content_type=mail_type, codename="view_outgoingmail", defaults={"name": "Can view outgoing mail"}
    )
    user.user_permissions.add(view)
    OldMail.objects.create(
        kind="password_reset",
        about_type=ContentType.objects.get_or_create(app_label="members", model="user")[0],
        about_id=str(user.pk),
        recipient=user.email,
        user=user,
        language="nl",
        subject="Nieuw wachtwoord",
        body_text="tekst",
        status="queued",
    )
    try:
        new = migrate(latest())
        NewMail = new.get_model("mail", "OutgoingMail")
        [row] = NewMail.objects.all()
        assert (row.kind, row.recipient, row.status, row.topic) == ("password_reset", user.email, "queued", "")
        assert new.get_model("contenttypes", "ContentType").objects.get(pk=mail_type.pk).app_label == "mail"
        assert new.get_model("members", "User").objects.get(pk=user.pk).user_permissions.get().pk == view.pk
        with connection.cursor() as cursor:
            assert "mail_outgoingmail" in connection.introspection.table_names(cursor)
            assert "members_outgoingmail" not in connection.introspection.table_names(cursor)
    finally:
        migrate(latest())
