"""Search in one's own networks: a stored, bounded search vector on notes, so that no note breaks search
for the network; one query per kind of result; snippets of text, not of Markdown."""

import random
import string
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings import services
from meetings.models import SEARCH_TEXT_LIMIT, SNIPPET_LIMIT, Note
from tests.factories import MeetingFactory, MembershipFactory


@pytest.fixture
def meeting(network):
    return MeetingFactory(network=network, ended=True, title="Intervisie", place="Zwolle")


def distinct_words(size, seed=1):
    """About `size` characters of words that are all different: the worst case for a tsvector."""
    rng = random.Random(seed)
    words = ("".join(rng.choices(string.ascii_lowercase, k=9)) for _ in range(size // 10 + 1))
    return " ".join(words)[:size]


def found_titles(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return [note.title for note, _snippet in response.context["notes"]]


def test_a_note_of_1_6_mb_is_refused_and_search_keeps_working(login, meeting, member):
    services.write_note(
        meeting=meeting, author=member, title="Gewoon", body="Ontwikkelgesprekken.", is_confidential=False
    )
    huge = distinct_words(1_600_000) + "x"
    response = login(member).post(f"/meetings/{meeting.pk}/notes/new/", {"title": "Groot", "body": huge})
    assert response.status_code == 200
    assert response.context["form"].errors["body"][0].startswith("Deze tekst is te lang: hij telt 1.600.001 tekens")
    assert list(Note.objects.values_list("title", flat=True)) == ["Gewoon"]
    assert found_titles(login(member), "ontwikkelgesprek") == ["Gewoon"]


def test_search_reads_only_the_start_of_a_plain_text_longer_than_any_vector_can_hold(login, meeting, member):
    note = services.write_note(meeting=meeting, author=member, title="Lang", body="kort", is_confidential=False)
    # A row written past the services (an import, an older version): 1.6 MB of different words, more than
    # PostgreSQL's 1 MB tsvector takes. Indexed as the services index it, search still answers.
    huge = "begin " + distinct_words(1_600_000) + " achteraan"
    Note.objects.filter(pk=note.pk).update(body_text=huge)
    Note.objects.filter(pk=note.pk).update(search_vector=Note.search_document())
    client = login(member)
    assert found_titles(client, "begin") == ["Lang"]
    assert found_titles(client, "achteraan") == []  # past the first SEARCH_TEXT_LIMIT characters
    assert len(huge) > SEARCH_TEXT_LIMIT


def test_a_note_at_the_cap_is_searchable_to_its_end(login, meeting, member):
    body = "begin " + distinct_words(100_000 - len("begin  slotwoord")) + " slotwoord"
    assert len(body) == 100_000
    services.write_note(meeting=meeting, author=member, title="Vol", body=body, is_confidential=False)
    client = login(member)
    assert found_titles(client, "begin") == ["Vol"]
    assert found_titles(client, "slotwoord") == ["Vol"]


def test_snippets_show_text_not_markdown(login, meeting, member, coordinator):
    services.write_note(
        meeting=meeting,
        author=member,
        title="Verslag",
        body="## Wat we leerden\n\n- **Ontwikkelgesprekken** werken [beter](https://example.nl) met *voorbereiding*",
        is_confidential=False,
    )
    start = timezone.now() + timedelta(days=7)
    services.schedule_meeting(
        network=meeting.network,
        planned_by=coordinator,
        title="Vervolg",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="Zwolle",
        agenda="1. **Ontwikkelgesprekken** oefenen\n2. [Casus](https://example.nl/casus)",
    )
    response = login(member).get("/search/", {"q": "ontwikkelgesprek"})
    [(_note, note_snippet)] = response.context["notes"]
    [(_meeting, meeting_snippet)] = response.context["meetings"]
    assert "<mark>Ontwikkelgesprekken</mark> werken beter" in note_snippet and "voorbereiding" in note_snippet
    assert "<mark>Ontwikkelgesprekken</mark> oefenen" in meeting_snippet
    for snippet in (note_snippet, meeting_snippet):
        assert "**" not in snippet and "##" not in snippet and "](" not in snippet


def test_search_is_one_query_per_kind_however_many_results(login, network, meeting, member):
    for number in range(2, 7):
        other = MeetingFactory(network=network, ended=True, title=f"Ontwikkelgesprek {number}")
        author = MembershipFactory(network=network).user
        services.write_note(
            meeting=other, author=author, title=f"Verslag {number}", body="Ontwikkelgesprekken.", is_confidential=True
        )
    client = login(member)
    client.get("/")  # the session and the person, read on every page
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": "ontwikkelgesprek"})
    assert len(response.context["notes"]) == 5 and len(response.context["meetings"]) == 5
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert len([sql for sql in reads if 'FROM "meetings_note"' in sql]) == 1
    assert len([sql for sql in reads if 'FROM "meetings_meeting"' in sql]) == 1


def test_the_note_search_uses_the_stored_vector(meeting, member):
    services.write_note(meeting=meeting, author=member, title="Verslag", body="Casus", is_confidential=False)
    sql = str(Note.objects.search("casus", networks=[meeting.network]).query)
    assert '"meetings_note"."search_vector" @@' in sql
    assert "to_tsvector" not in sql.split("WHERE")[1]  # nothing computed per row to find matches


def test_a_snippet_stays_short_even_when_the_note_is_one_long_word(login, meeting, member):
    # PostgreSQL's snippet counts words; a run of 99,000 "<" is one word of 99,000 characters.
    services.write_note(
        meeting=meeting, author=member, title="Lang", body="Ontwikkelgesprek " + "<" * 99_000, is_confidential=False
    )
    response = login(member).get("/search/", {"q": "ontwikkelgesprek"})

    [(note, snippet)] = response.context["notes"]
    assert note.title == "Lang"
    assert len(note.snippet) <= SNIPPET_LIMIT
    assert snippet.count("<mark>") == snippet.count("</mark>") == 1
    assert len(response.content) < 50_000
