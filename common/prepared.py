"""Queries built and compiled once per process, then run with each call's values.

Django builds a QuerySet and compiles it to SQL on every call. The one query behind the network and
meeting pages (the reader's access and the page's figures as subqueries) took about 4 and 2 ms to build
and compile, several times what PostgreSQL needs to run it (`make bench`, bench/profile_page.py). A
`PreparedQuery` builds its QuerySet once, with stand-in values, and keeps the SQL and Django's map of
its columns. Each call puts its own values in place of the stand-ins and turns the rows into model
instances as iterating the QuerySet would: the same fields, `select_related` objects and annotations.

The rules, checked when the query is prepared (a ValueError or TypeError names the one broken):
- `build` receives the values (ids, slugs, moments: int, str, datetime) and nothing else, never a user
  object. The SQL may differ between calls only through those values, or one person's query would
  answer another's.
  The query is built twice, with two sets of stand-ins, and must come out the same apart from them.
- Each value reaches the SQL as a parameter of its own (not inside a LIKE pattern, say). The integer
  stand-ins do not fit a small integer field: such a filter is refused rather than prepared.
- No date or time is built in: "now" would stay the moment the query was prepared. Pass it as a value
  (an aware datetime).
- Model instances, or tuples from `values_list()`: no `values()`, no `prefetch_related`, no `using()`
  (the router decides), no `select_for_update()`.
Prepared SQL is forgotten when migrations run, because the ids it holds (of content types) may change
(the test suite flushes and migrates).

PostgreSQL, too, prepares each query once per connection (PREPARE, then EXECUTE with the values): planning
the network page's query took 0.8 ms of the 1.4 its run took in the server, and a small query's 0.15 of
0.2. The PREPARE is made the first time a connection runs the query, straight on the driver's cursor, so it
is not counted among a page's queries; it outlives a transaction that is rolled back. Turned off with
DATABASE_SERVER_PREPARE=false, for a pooler in transaction mode (PgBouncer's) that hands each
transaction another server connection, where the statement does not exist.
"""

import datetime
import decimal
import hashlib
import re
import uuid
import weakref

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import DatabaseError, connections, router
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators
from django.db.models.signals import post_migrate
from django.utils import timezone

# Two sets of stand-ins, unlikely as constants of a query: the query is built with both, and must come out the
# same but for them, or its SQL depends on the values in some other way (a condition Django drops for a
# value out of a field's range, a branch in `build`). Within 32 bits, so that any integer column takes them.
_INT_STAND_INS = (1_000_000_007, 1_000_500_009)
_STR_STAND_INS = ("\x1fprepared:a:{name}\x1f", "\x1fprepared:b:{name}\x1f")
_DATETIME_STAND_INS = (
    datetime.datetime(1901, 2, 3, 4, 5, 6, 700_000, tzinfo=datetime.UTC),
    datetime.datetime(1902, 3, 4, 5, 6, 7, 800_000, tzinfo=datetime.UTC),
)

_every_query = weakref.WeakSet()
# Per driver connection, the names of the statements PREPAREd on it; a new connection starts with none.
_prepared_on = weakref.WeakKeyDictionary()
# The parameter types PREPARE is told: those PostgreSQL gives the literals psycopg2 writes (a string stays
# "unknown" and takes its type from where it stands, as a quoted literal does; an integer is an integer, and
# one beyond its range runs as plain SQL). Other values: no PREPARE.
_PARAMETER_TYPES = {
    bool: "boolean",
    int: "integer",
    decimal.Decimal: "numeric",
    str: "unknown",
    datetime.datetime: "timestamptz",
    uuid.UUID: "uuid",
}


class PreparedQuery:
    """`build(**values)` returns a QuerySet of `model`; `get(**values)` runs it with those values."""

    def __init__(self, model, build):
        self.model = model
        self._build = build
        self._compiled = {}  # (database, names and types of the values) -> _Compiled
        _every_query.add(self)

    def get(self, **values):
        """The one object the query finds with `values`, or None. More than one is a mistake in `build`."""
        objects = self.all(**values)
        if len(objects) > 1:
            raise self.model.MultipleObjectsReturned(f"{len(objects)} objects where one was expected")
        return objects[0] if objects else None

    def all(self, **values):
        """Every object (or tuple, for `values_list`) the query finds with `values`, as a list. One query."""
        for name, value in values.items():
            if isinstance(value, datetime.datetime) and timezone.is_naive(value):
                raise TypeError(f"{name} is a naive datetime: without its time zone it would be read as UTC.")
        database = router.db_for_read(self.model)
        signature = tuple(sorted((name, type(value)) for name, value in values.items()))
        compiled = self._compiled.get((database, signature))
        if compiled is None:
            compiled = self._compiled[(database, signature)] = _Compiled(self.model, self._build, signature, database)
        return compiled.run(values)

    def forget(self):
        self._compiled.clear()


class _Compiled:
    def __init__(self, model, build, signature, database):
        first, second = (self._stand_ins(signature, which) for which in (0, 1))
        queryset = build(**first)
        compiler, (sql, params), slots = self._compile(model, queryset, first, database)
        _, (other_sql, other_params), other_slots = self._compile(model, build(**second), second, database)
        constants = [param for param, slot in zip(params, slots, strict=True) if slot is None]
        other_constants = [param for param, slot in zip(other_params, other_slots, strict=True) if slot is None]
        if (sql, slots, constants) != (other_sql, other_slots, other_constants):
            raise ValueError("The query's SQL changes with its values other than through its parameters.")
        self.sql, self.params, self.slots = sql, list(params), slots
        self.database = database
        self.statement = _Statement.for_query(sql, params)  # the stand-ins have the types of the values
        self.compiler = compiler
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        if compiler.has_composite_fields(fields):
            raise ValueError("Composite primary keys are not prepared.")
        self.converters = compiler.get_converters(fields)
        # Columns Django adds for an ORDER BY with DISTINCT are read, then cut off, as execute_sql does.
        self.width = compiler.col_count if compiler.has_extra_select else None
        self.tuples = queryset._iterable_class is ValuesListIterable
        if self.tuples:
            return
        # What ModelIterable works out on each iteration, worked out once.
        select, klass_info = compiler.select, compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        self.fields = (start, end)
        self.init_list = [column[0].target.attname for column in select[start:end]]
        self.related_populators = get_related_populators(klass_info, select, database)
        self.annotations = list(compiler.annotation_col_map.items())

    @staticmethod
    def _stand_ins(signature, which):
        stand_ins = {}
        for number, (name, kind) in enumerate(signature):
            if kind is int:
                stand_ins[name] = _INT_STAND_INS[which] + 1000 * number
            elif kind is str:
                stand_ins[name] = _STR_STAND_INS[which].format(name=name)
            elif kind is datetime.datetime:
                stand_ins[name] = _DATETIME_STAND_INS[which] + datetime.timedelta(microseconds=number)
            else:
                raise TypeError(
                    f"A prepared query takes ids, slugs and moments (int, str, datetime), not {kind.__name__} ({name})."
                )
        return stand_ins

    @classmethod
    def _compile(cls, model, queryset, stand_ins, database):
        if queryset.model is not model:
            raise TypeError(f"The query is of {queryset.model.__name__}, not of {model.__name__}.")
        if queryset._iterable_class not in (ModelIterable, ValuesListIterable) or queryset._prefetch_related_lookups:
            raise ValueError("A prepared query makes model instances or tuples: no values(), no prefetch_related().")
        if queryset._db is not None or queryset.query.select_for_update:
            raise ValueError(
                "A prepared query reads where the router says, without locks: no using(), no select_for_update()."
            )
        compiler = queryset.query.get_compiler(using=database)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            raise ValueError(
                "The query finds nothing with stand-in values: a value out of its field's range (a small integer"
                " field) or a query that finds nothing whatever the values."
            ) from None
        slots = [cls._slot(param, stand_ins) for param in params]
        missing = set(stand_ins) - set(slots)
        if missing or any(str(value) in sql for value in stand_ins.values()):
            raise ValueError(f"Each value must reach the SQL as a parameter of its own: {sorted(missing)}.")
        return compiler, (sql, params), slots

    @staticmethod
    def _slot(param, stand_ins):
        """The name of the value `param` stands in for; None for a constant of the query itself."""
        for name, stand_in in stand_ins.items():
            if type(param) is type(stand_in) and param == stand_in:
                return name
        if isinstance(param, (datetime.date, datetime.time, datetime.timedelta)):
            raise ValueError(f"A date or time ({param!r}) would stay the one of the moment of preparing: pass it.")
        for name, stand_in in stand_ins.items():
            if isinstance(param, str) and isinstance(stand_in, str) and stand_in in param:
                raise ValueError(f"The value {name!r} is used inside a parameter ({param!r}), not as one.")
            if isinstance(param, (list, tuple)) and stand_in in param:
                raise ValueError(f"The value {name!r} is used inside a list parameter.")
        return None

    def run(self, values):
        params = [values[slot] if slot else param for slot, param in zip(self.slots, self.params, strict=True)]
        database = connections[self.database]
        if self.statement and settings.DATABASE_SERVER_PREPARE and _fit_integer(params):
            rows = self.statement.run(database, params)
        else:
            with database.cursor() as cursor:
                cursor.execute(self.sql, params)
                rows = cursor.fetchall()
        if self.width is not None:
            rows = [row[: self.width] for row in rows]
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        if self.tuples:
            return [tuple(row) for row in rows]
        start, end = self.fields
        objects = []
        for row in rows:
            obj = self.compiler.query.model.from_db(self.database, self.init_list, row[start:end])
            for populator in self.related_populators:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


def _fit_integer(params):
    """False for an integer PostgreSQL's integer does not hold (an id in an address, say): as a literal it is a
    bigint or numeric (and finds nothing), as an argument of EXECUTE it would be an error."""
    return all(-(2**31) <= param < 2**31 for param in params if type(param) is int)


# PostgreSQL's answers when a connection's statement is gone (a pooler, DISCARD ALL) or no longer fits its
# tables (a migration changed a column it reads while this process ran).
_STATEMENT_GONE = "26000"
_STATEMENT_STALE = "0A000"


class _Statement:
    """The query as a server-side prepared statement: the PREPARE, made once per connection, and the EXECUTE."""

    def __init__(self, name, prepare, execute):
        self.name, self.prepare_sql, self.execute = name, prepare, execute

    @classmethod
    def for_query(cls, sql, params):
        """None when a parameter has a type PREPARE is not told here, or the SQL holds a stray %."""
        types = []
        for param in params:
            # By the nearest class: a TextChoices member is a str, a bool is not taken for an int.
            known = [_PARAMETER_TYPES[kind] for kind in type(param).__mro__ if kind in _PARAMETER_TYPES]
            if not known:
                return None
            types.append(known[0])
        numbers = iter(range(1, len(params) + 1))
        try:
            # Django writes a value's place as %s and a percent sign as %%; PostgreSQL numbers the places.
            body = re.sub(r"%[s%]", lambda match: "%" if match[0] == "%%" else f"${next(numbers)}", sql)
        except StopIteration:
            return None
        if next(numbers, None) is not None or re.search(r"%(?![%s])", sql.replace("%%", "")):
            return None
        name = "prepared_" + hashlib.sha256(f"{types}{body}".encode()).hexdigest()[:24]
        arguments = f"({', '.join(types)})" if types else ""
        placeholders = f"({', '.join(['%s'] * len(params))})" if params else ""
        return cls(name, f"PREPARE {name} {arguments} AS {body}", f"EXECUTE {name}{placeholders}")

    def run(self, database, params):
        """The rows of EXECUTE, after a PREPARE when this connection has not had one. When the statement is
        gone or stale, the connection is not used again: outside a transaction the query runs once more on a
        new one; inside, the error stands (the transaction is lost anyway)."""
        try:
            return self._run(database, params)
        except DatabaseError as error:
            if getattr(error.__cause__, "pgcode", None) not in (_STATEMENT_GONE, _STATEMENT_STALE):
                raise
            _prepared_on.pop(database.connection, None)
            in_transaction = database.in_atomic_block or not database.get_autocommit()
            database.close()  # in a transaction, Django drops the connection when the transaction ends
            if in_transaction:
                raise
        return self._run(database, params)

    def _run(self, database, params):
        with database.cursor() as cursor:
            names = _prepared_on.setdefault(database.connection, set())
            if self.name not in names:
                with database.wrap_database_errors, database.connection.cursor() as raw:
                    raw.execute(self.prepare_sql)
                names.add(self.name)
            cursor.execute(self.execute, params)
            return cursor.fetchall()


def _forget_every_query(**_kwargs):
    for query in list(_every_query):
        query.forget()
    # A migration may change the tables a statement reads; PostgreSQL plans again, but the columns of a
    # statement's result must not change. Statements are made again on their next use.
    for database in connections.all(initialized_only=True):
        if database.connection is not None and _prepared_on.pop(database.connection, None):
            try:
                with database.cursor() as cursor:
                    cursor.execute("DEALLOCATE ALL")
            except DatabaseError:
                database.close()  # with its statements; a new one is opened at the next query


post_migrate.connect(_forget_every_query, dispatch_uid="common.prepared.forget")
