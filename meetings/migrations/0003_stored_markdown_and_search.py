"""Notes, agendas and homework rendered once when saved (HTML for the page, plain text for mails, calendar
files and search), a stored and indexed search vector for notes, and a cap on the length of these texts."""

import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.functions.text
import django.db.models.lookups
from django.contrib.postgres.search import SearchVector
from django.db import migrations, models
from django.db.models.functions import Left

import common.validators
from meetings.markdown import render, render_markdown

NOTE_BODY_LIMIT = 100_000
SEARCH_TEXT_LIMIT = 100_000
BATCH_SIZE = 200


def fill_stored_text(apps, schema_editor):
    """Render what exists now, and index it, as the services do from here on.

    A note longer than the new cap (one written to break search, say) is cut to it; its full text stays
    in its history, whose latest revision holds it, so the check below can be added.
    """
    Meeting = apps.get_model("meetings", "Meeting")
    Note = apps.get_model("meetings", "Note")
    NoteRevision = apps.get_model("meetings", "NoteRevision")

    meetings = []
    for meeting in Meeting.objects.only("agenda", "homework").iterator(chunk_size=BATCH_SIZE):
        meeting.agenda_html, meeting.agenda_text = render(meeting.agenda)
        meeting.homework_html, meeting.homework_text = render(meeting.homework)
        meetings.append(meeting)
    fields = ["agenda_html", "agenda_text", "homework_html", "homework_text"]
    Meeting.objects.bulk_update(meetings, fields, batch_size=BATCH_SIZE)

    notes = []
    for note in Note.objects.only("body").iterator(chunk_size=BATCH_SIZE):
        note.body = note.body[:NOTE_BODY_LIMIT]
        note.body_html, note.body_text = render(note.body)
        notes.append(note)
    Note.objects.bulk_update(notes, ["body", "body_html", "body_text"], batch_size=BATCH_SIZE)

    revisions = []
    for revision in NoteRevision.objects.only("body").iterator(chunk_size=BATCH_SIZE):
        revision.body_html = render_markdown(revision.body)
        revisions.append(revision)
    NoteRevision.objects.bulk_update(revisions, ["body_html"], batch_size=BATCH_SIZE)

    # The same document as Note.search_document().
    Note.objects.update(
        search_vector=SearchVector("title", weight="A", config="dutch")
        + SearchVector(Left("body_text", SEARCH_TEXT_LIMIT), weight="B", config="dutch")
    )
    # The updates left deferred foreign-key checks queued; run them now, or PostgreSQL refuses to create
    # the index below in the same transaction ("pending trigger events").
    schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0002_initial")]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="agenda_html",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="meeting",
            name="agenda_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="meeting",
            name="homework_html",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="meeting",
            name="homework_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="note",
            name="body_html",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="note",
            name="body_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="note",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="noterevision",
            name="body_html",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AlterField(
            model_name="meeting",
            name="agenda",
            field=models.TextField(
                blank=True,
                max_length=20000,
                validators=[common.validators.MaxTextLengthValidator(20000)],
                verbose_name="agenda",
            ),
        ),
        migrations.AlterField(
            model_name="meeting",
            name="homework",
            field=models.TextField(
                blank=True,
                max_length=20000,
                validators=[common.validators.MaxTextLengthValidator(20000)],
                verbose_name="homework for the next meeting",
            ),
        ),
        migrations.AlterField(
            model_name="note",
            name="body",
            field=models.TextField(
                blank=True,
                help_text="Markdown: **bold**, *italic*, lists with -, links.",
                max_length=100000,
                validators=[common.validators.MaxTextLengthValidator(100000)],
                verbose_name="text",
            ),
        ),
        migrations.RunPython(fill_stored_text, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="note",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_vector"], name="meetings_note_search"),
        ),
        migrations.AddConstraint(
            model_name="note",
            constraint=models.CheckConstraint(
                condition=django.db.models.lookups.LessThanOrEqual(
                    django.db.models.functions.text.Length("body"), 100000
                ),
                name="meetings_note_body_length",
                violation_error_message="Notes hold at most 100,000 characters.",
            ),
        ),
    ]
