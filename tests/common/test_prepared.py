"""Prepared queries (common/prepared.py): built and compiled once, they give what their QuerySet gives,
for each value; and they refuse, when prepared, a query whose SQL would not follow its values."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, connection, transaction
from django.db.models import Count
from django.db.models.signals import post_migrate
from django.utils import timezone

from common import prepared
from common.prepared import PreparedQuery, _Statement
from meetings.models import Meeting
from meetings.permissions import MEETING, meeting_query
from networks.models import Network
from networks.permissions import NETWORK, access_from_row
from tests.factories import MeetingFactory, MembershipFactory, NetworkFactory, UserFactory


def meetings_with_rsvp_counts(pk):
    return Meeting.objects.select_related("network__region").annotate(answers=Count("rsvps")).filter(pk=pk)


def test_it_gives_the_objects_fields_related_objects_and_annotations_of_its_queryset(db, django_assert_num_queries):
    first, second = MeetingFactory(), MeetingFactory(title="Tweede")
    query = PreparedQuery(Meeting, meetings_with_rsvp_counts)
    for meeting in (first, second):
        expected = meetings_with_rsvp_counts(meeting.pk).get()
        with django_assert_num_queries(1):
            found = query.get(pk=meeting.pk)
            # select_related objects come with it: no query of their own.
            assert found.network.region.name == expected.network.region.name
        assert found == expected
        assert found.answers == expected.answers == 0
        assert {f.attname: getattr(found, f.attname) for f in Meeting._meta.concrete_fields} == {
            f.attname: getattr(expected, f.attname) for f in Meeting._meta.concrete_fields
        }
        assert found._state.adding is False and found._state.db == "default"
    assert query.get(pk=max(first.pk, second.pk) + 1000) is None


def test_it_is_built_once_and_again_after_migrations(db):
    meeting = MeetingFactory()
    built = []

    def build(pk):
        built.append(pk)
        return Meeting.objects.filter(pk=pk)

    query = PreparedQuery(Meeting, build)
    assert query.get(pk=meeting.pk) == meeting
    assert query.get(pk=meeting.pk + 1) is None
    assert len(built) == 2  # once with each set of stand-ins, to see that only the parameters differ
    assert meeting.pk not in built
    # Migrations may give content types other ids: what was prepared is forgotten.
    post_migrate.send(sender=apps.get_app_config("meetings"), app_config=apps.get_app_config("meetings"))
    assert query.get(pk=meeting.pk) == meeting
    assert len(built) == 4


def test_each_person_gets_their_own_access_from_the_one_prepared_query(network):
    member, outsider = MembershipFactory(network=network).user, UserFactory()
    for user, is_member in [(member, True), (outsider, False), (member, True)]:
        found = NETWORK.get(user, network.slug)
        assert access_from_row(user, found).is_member is is_member
    visitor_row = NETWORK.get(AnonymousUser(), network.slug)
    assert visitor_row == network
    assert not access_from_row(AnonymousUser(), visitor_row).can_see_inside


def test_the_prepared_access_query_answers_each_persona_as_the_rules_say(
    network, coordinator, facilitator, member, regional_coordinator, other_regional_coordinator, staff, outsider
):
    former = MembershipFactory(network=network, left_on=timezone.localdate()).user
    expected = {
        coordinator: ("coordinator", True, True),
        facilitator: ("facilitator", True, False),
        member: ("member", True, False),
        regional_coordinator: (None, False, True),
        other_regional_coordinator: (None, False, False),
        staff: (None, False, True),
        outsider: (None, False, False),
        former: (None, False, False),
    }
    for user, (role, is_member, can_manage) in [*expected.items(), *reversed(expected.items())]:
        access = access_from_row(user, NETWORK.get(user, network.slug))
        assert (access.role, access.is_member, access.can_manage) == (role, is_member, can_manage), user


def test_a_page_query_reads_its_columns_with_the_object(network, django_assert_num_queries):
    meeting = MeetingFactory(network=network)
    member = MembershipFactory(network=network).user
    query = meeting_query(columns=lambda user_id: {"network_meetings": Count("network__meetings")})
    with django_assert_num_queries(1):
        found = query.get(member, meeting.pk)
    assert found.network_meetings == 1
    assert access_from_row(member, found).is_member
    assert MEETING.get(member, meeting.pk) == meeting


def test_a_date_built_into_the_query_is_refused(db):
    query = PreparedQuery(Meeting, lambda pk: Meeting.objects.filter(pk=pk, starts_at__gte=timezone.now()))
    with pytest.raises(ValueError, match="date or time"):
        query.get(pk=1)


def test_a_moment_passed_as_a_value_is_each_call_s_own(db):
    meeting = MeetingFactory()
    query = PreparedQuery(Meeting, lambda pk, now: Meeting.objects.filter(pk=pk, starts_at__gt=now))
    assert query.get(pk=meeting.pk, now=meeting.starts_at - timedelta(minutes=1)) == meeting
    assert query.get(pk=meeting.pk, now=meeting.starts_at) is None


def test_tuples_of_values_list_come_out_as_from_the_queryset(network):
    MeetingFactory(network=network, title="Eerste"), MeetingFactory(network=network, title="Tweede")

    def titles(network):
        return (
            Meeting.objects.filter(network=network)
            .annotate(answers=Count("rsvps"))
            .values_list("title", "answers", "network__slug")
        )

    query = PreparedQuery(Meeting, titles)
    assert query.all(network=network.pk) == list(titles(network.pk))
    assert sorted(query.all(network=network.pk)) == [("Eerste", 0, network.slug), ("Tweede", 0, network.slug)]
    assert query.all(network=network.pk + 1000) == []


def test_a_union_of_sliced_queries_gives_what_the_queryset_gives(network):
    now = timezone.now()
    for days in (-20, -10, -3, 2, 9):
        MeetingFactory(
            network=network, starts_at=now + timedelta(days=days), ends_at=now + timedelta(days=days, hours=2)
        )

    def around(network, now):
        ahead = Meeting.objects.filter(network=network, ends_at__gte=now).order_by("starts_at")[:1]
        earlier = Meeting.objects.filter(network=network, ends_at__lt=now).order_by("-starts_at")[:2]
        return ahead.union(earlier, all=True)

    query = PreparedQuery(Meeting, around)
    # At most one ahead and two before: fifteen days back, only one meeting lies before.
    for moment, expected in [(now, 3), (now + timedelta(days=5), 3), (now - timedelta(days=15), 2)]:
        found = query.all(network=network.pk, now=moment)
        assert sorted(m.pk for m in found) == sorted(m.pk for m in around(network.pk, moment))
        assert len(found) == expected


def test_a_query_whose_sql_depends_on_a_value_beyond_its_parameters_is_refused(db):
    query = PreparedQuery(Meeting, lambda pk: Meeting.objects.filter(pk=pk).exclude(title=f"nr. {pk}"))
    with pytest.raises(ValueError, match="changes with its values"):
        query.get(pk=1)


def test_a_naive_moment_is_refused(db):
    query = PreparedQuery(Meeting, lambda now: Meeting.objects.filter(starts_at__gt=now))
    with pytest.raises(TypeError, match="naive"):
        query.all(now=timezone.now().replace(tzinfo=None))


def test_a_query_for_another_database_or_with_locks_is_refused(db):
    for build in (
        lambda pk: Meeting.objects.using("default").filter(pk=pk),
        lambda pk: Meeting.objects.select_for_update().filter(pk=pk),
    ):
        with pytest.raises(ValueError, match="no using"):
            PreparedQuery(Meeting, build).get(pk=1)


def test_columns_added_for_ordering_are_cut_off_as_django_does(network):
    MeetingFactory(network=network, title="Eerste"), MeetingFactory(network=network, title="Tweede")

    def titles(network):
        return Meeting.objects.filter(network=network).order_by("-starts_at").distinct().values_list("title")

    assert PreparedQuery(Meeting, titles).all(network=network.pk) == list(titles(network.pk))


def test_an_id_given_as_text_is_read_as_the_id_and_other_text_finds_nothing(network):
    meeting = MeetingFactory(network=network)
    member = MembershipFactory(network=network).user
    assert MEETING.get(member, str(meeting.pk)) == meeting
    assert MEETING.get(member, "twaalf") is None


def test_a_filter_on_a_small_integer_field_is_refused(db):
    query = PreparedQuery(Meeting, lambda number: Meeting.objects.filter(number=number))
    with pytest.raises(ValueError, match="small integer"):
        query.all(number=1)


def test_a_value_used_inside_a_pattern_is_refused(db):
    query = PreparedQuery(Network, lambda name: Network.objects.filter(name__icontains=name))
    with pytest.raises(ValueError, match="inside a parameter"):
        query.get(name="leren")


def test_a_value_the_query_does_not_use_is_refused(db):
    query = PreparedQuery(Network, lambda slug: Network.objects.filter(is_listed=True))
    with pytest.raises(ValueError, match="parameter of its own"):
        query.get(slug="x")


def test_only_ids_and_slugs_are_values(db, network):
    query = PreparedQuery(Network, lambda network: Network.objects.filter(pk=network.pk))
    with pytest.raises(TypeError, match="ids, slugs and moments"):
        query.get(network=network)


def test_only_model_instances_are_prepared(db):
    query = PreparedQuery(Network, lambda slug: Network.objects.filter(slug=slug).values("name"))
    with pytest.raises(ValueError, match="model instances"):
        query.get(slug="x")


def test_a_query_of_another_model_is_refused(db):
    query = PreparedQuery(Network, lambda pk: Meeting.objects.filter(pk=pk))
    with pytest.raises(TypeError, match="not of Network"):
        query.get(pk=1)


def test_an_id_too_large_for_the_database_finds_nothing(db):
    assert MEETING.get(UserFactory(), 10**30) is None


def test_two_objects_where_one_was_expected_is_an_error(region):
    NetworkFactory(region=region), NetworkFactory(region=region)
    query = PreparedQuery(Network, lambda region: Network.objects.filter(region__slug=region))
    assert len(query.all(region=region.slug)) == 2
    with pytest.raises(Network.MultipleObjectsReturned):
        query.get(region=region.slug)


@pytest.mark.django_db(transaction=True)  # closes its connection
def test_postgresql_prepares_the_query_once_per_connection_and_runs_it_after(django_assert_num_queries):
    first, second = MeetingFactory(), MeetingFactory(title="Tweede")
    query = PreparedQuery(Meeting, meetings_with_rsvp_counts)
    with django_assert_num_queries(1) as captured:  # the PREPARE is not one of the page's queries
        assert query.get(pk=first.pk) == first
    [compiled] = query._compiled.values()
    name = compiled.statement.name
    assert captured.captured_queries[0]["sql"].startswith(f"EXECUTE {name}(")
    runs = runs_of(name)  # the same SQL from another test may have been prepared on this connection before
    assert query.get(pk=second.pk).title == "Tweede"
    assert runs_of(name) == runs + 1
    # A new connection has none of the statements: the query prepares again there.
    connection.close()
    assert query.get(pk=first.pk) == first
    assert runs_of(name) == 1


def runs_of(name):
    """How often PostgreSQL ran the statement `name` on this connection; None when it is not prepared."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT generic_plans + custom_plans FROM pg_prepared_statements WHERE name = %s", [name])
        row = cursor.fetchone()
    return row[0] if row else None


def test_a_statement_outlives_a_transaction_that_is_rolled_back(db):
    meeting = MeetingFactory()
    query = PreparedQuery(Meeting, meetings_with_rsvp_counts)
    forget_statements(behind_their_back=False)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert query.get(pk=meeting.pk) == meeting  # prepared here
        raise RuntimeError("the transaction is rolled back")
    assert query.get(pk=meeting.pk) == meeting


def test_without_server_side_preparing_the_same_rows_come_from_plain_sql(network, settings, django_assert_num_queries):
    meeting = MeetingFactory(network=network)
    member = MembershipFactory(network=network).user
    with django_assert_num_queries(1) as captured:
        prepared = MEETING.get(member, meeting.pk)
    assert captured.captured_queries[0]["sql"].startswith("EXECUTE")
    settings.DATABASE_SERVER_PREPARE = False
    with django_assert_num_queries(1) as captured:
        plain = MEETING.get(member, meeting.pk)
    assert captured.captured_queries[0]["sql"].startswith("SELECT")
    assert plain == prepared == meeting
    assert plain.__dict__.keys() == prepared.__dict__.keys()
    assert {k: v for k, v in plain.__dict__.items() if k != "_state"} == {
        k: v for k, v in prepared.__dict__.items() if k != "_state"
    }


def test_migrations_let_postgresql_forget_the_statements_too(db):
    meeting = MeetingFactory()
    query = PreparedQuery(Meeting, meetings_with_rsvp_counts)
    assert query.get(pk=meeting.pk) == meeting
    [compiled] = query._compiled.values()
    assert runs_of(compiled.statement.name) >= 1
    post_migrate.send(sender=apps.get_app_config("meetings"), app_config=apps.get_app_config("meetings"))
    assert runs_of(compiled.statement.name) is None
    assert query.get(pk=meeting.pk) == meeting


def test_the_statement_numbers_django_s_places_and_keeps_its_percent_signs():
    statement = _Statement.for_query("SELECT 'a%%b' || %s WHERE x = %s", ["c", 7])
    assert statement.prepare_sql.endswith("(unknown, integer) AS SELECT 'a%b' || $1 WHERE x = $2")
    assert statement.execute.endswith("(%s, %s)")
    # A value of a type not listed, or places that do not match the values: the plain SQL is run.
    assert _Statement.for_query("SELECT %s", [b"bytes"]) is None
    assert _Statement.for_query("SELECT %s, %s", [1]) is None
    assert _Statement.for_query("SELECT %d", []) is None


def forget_statements(*, behind_their_back=True):
    """DEALLOCATE ALL: behind the prepared queries' back, as a pooler or DISCARD ALL would, or with them told."""
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    if not behind_their_back:
        prepared._prepared_on.pop(connection.connection, None)


def test_an_integer_beyond_postgresql_s_integer_runs_as_plain_sql(db, django_assert_num_queries):
    person = UserFactory()
    with django_assert_num_queries(1) as captured:
        assert MEETING.get(person, 2**31) is None
    assert captured.captured_queries[0]["sql"].startswith("SELECT")


@pytest.mark.django_db(transaction=True)
def test_a_statement_lost_by_the_connection_is_prepared_again_on_a_new_one():
    meeting = MeetingFactory()
    query = PreparedQuery(Meeting, meetings_with_rsvp_counts)
    assert query.get(pk=meeting.pk) == meeting
    forget_statements()
    with pytest.raises(DatabaseError, match="does not exist"), transaction.atomic():
        query.get(pk=meeting.pk)  # inside a transaction the error stands: the transaction is lost
    assert query.get(pk=meeting.pk) == meeting  # on a new connection, prepared there


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_lost_statement_costs_the_reader_nothing():
    meeting = MeetingFactory()
    query = PreparedQuery(Meeting, meetings_with_rsvp_counts)
    assert query.get(pk=meeting.pk) == meeting
    before = connection.connection
    forget_statements()
    assert query.get(pk=meeting.pk) == meeting
    assert connection.connection is not before
    [compiled] = query._compiled.values()
    assert runs_of(compiled.statement.name) == 1
