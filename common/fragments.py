"""Keys for the parts of a page kept in the process's cache of page parts (`{% cache ... using="fragments" %}`).

A kept part is only correct while its key changes with everything it shows. Choosing the key by hand, value by
value, breaks the day someone adds a line to the template and forgets the key. So a page's key is a digest of
the whole context its view made: every value the view hands the template, and of each model object every
column and annotation it was read with, and the rows read with it. A part whose data changed gets a new key;
the old rendering ages out of the cache unused.

What a template reads from outside its context (the request, the reader, the clock) is not in the digest: a
kept part must not show it, unless the view passes it in as a value. The language must be passed too, since
labels and dates are written in it.

An object of the view's own can take part by saying what it is made from: a method `fragment_data()`
returning plain data (networks/views.py's people list does, and works out its groups only when rendered).

Values of a type this module does not know are not keyed by their `repr`, which for most objects names only
their address and would make a key that never repeats, or one that repeats wrongly. The key is then one that
no other page has (the page is rendered afresh, as without the cache) and an error is logged, which fails the
tests: pass that value's data instead, or give it `fragment_data()`.
"""

import dataclasses
import datetime
import decimal
import enum
import fractions
import hashlib
import logging
import pickle
import secrets
import uuid

from django.db import models
from django.utils.functional import Promise
from django.utils.safestring import SafeString

logger = logging.getLogger(__name__)

# Values that are their own data, written into the key as they are. Checked by exact type first, as most values
# of a page are of these types (a key is made on every request, so it has to be cheap: about a tenth of what it
# saves).
_AS_THEY_ARE = (
    type(None),
    bool,
    int,
    float,
    str,
    SafeString,
    bytes,
    decimal.Decimal,
    fractions.Fraction,
    datetime.date,
    datetime.datetime,  # its repr names the moment and its zone
    datetime.time,
    datetime.timedelta,
    uuid.UUID,
)
_PLAIN_TYPES = frozenset(_AS_THEY_ARE)


def data_key(*values, leave_out=()):
    """A short text that changes whenever any of `values` does (see above). `leave_out` names columns of model
    rows that the page does not show as they are (such as the reader's access, which the view turns into
    flags of its own): without them, readers who see the same page share its parts."""
    plain = _Plain(frozenset(leave_out))
    try:
        values = plain(values)
    except (TypeError, RecursionError):  # RecursionError: rows that refer to each other (a cycle of caches)
        logger.exception("common.fragments: a page's context holds a value it cannot key; its parts are not kept")
        return f"unkept-{secrets.token_hex(16)}"
    # pickle writes plain data twice as fast as repr, and as unambiguously: what it wrote can be read back. Equal
    # data may be written differently (a text that occurs twice is written once when it is one object), which
    # costs at most a rendering, never a wrong page.
    return hashlib.blake2b(pickle.dumps(values, protocol=5), digest_size=16).hexdigest()


def keep_parts(ctx, *, own=(), leave_out=(), also=()):
    """Add to a view's context `ctx` the keys its template keeps parts under: `page_key`, a digest of the context
    and of `also` (what the template shows from outside it), and `form_key`, which adds the reader's own values,
    the entries of `ctx` named in `own`, for the part that shows them. So readers who see the same page share
    its other parts. `leave_out` as for data_key."""
    mine = {name: ctx.pop(name) for name in own if name in ctx}
    ctx["page_key"] = data_key(ctx, *also, leave_out=leave_out)
    ctx["form_key"] = data_key(ctx["page_key"], mine)
    ctx.update(mine)


class _Plain:
    def __init__(self, left_out):
        self.left_out = left_out

    def __call__(self, value):
        kind = type(value)
        if kind in _PLAIN_TYPES:
            return value
        if kind is list or kind is tuple:
            return tuple(item if type(item) in _PLAIN_TYPES else self(item) for item in value)
        if kind is dict:
            return tuple(
                (key if type(key) in _PLAIN_TYPES else self(key), item if type(item) in _PLAIN_TYPES else self(item))
                for key, item in value.items()
            )
        if isinstance(value, models.Model):
            return self.row(value)
        if hasattr(value, "fragment_data"):  # an object that works out what it shows when asked, from this data
            return (type(value).__qualname__, self(value.fragment_data()))
        if isinstance(value, enum.Enum):  # before str: TextChoices are both; the label is what a page shows
            return (type(value).__qualname__, value.value, str(value.label) if hasattr(value, "label") else None)
        if isinstance(value, _AS_THEY_ARE):  # subclasses
            return value
        if isinstance(value, Promise):  # a lazy translation: the text in the active language
            return str(value)
        if isinstance(value, list | tuple):
            return self(list(value))
        if isinstance(value, dict):
            return self(dict(value))
        if isinstance(value, set | frozenset):
            return tuple(sorted(repr(self(item)) for item in value))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return (
                type(value).__qualname__,
                *(self(getattr(value, field.name)) for field in dataclasses.fields(value)),
            )
        raise TypeError(f"common.fragments cannot make a key of a {type(value).__qualname__}; pass its data instead")

    def row(self, instance):
        """A model object as read: its class, every value set on it (columns, annotations, what a view added)
        but those left out, and the objects read with it (select_related, prefetch_related)."""
        values = [instance._meta.label, instance._state.adding]
        for name, value in instance.__dict__.items():
            if name[0] != "_" and name not in self.left_out:
                values.append((name, value if type(value) in _PLAIN_TYPES else self(value)))
        for name, related in instance._state.fields_cache.items():
            values.append((name, None if related is None else self.row(related)))
        for name, rows in getattr(instance, "_prefetched_objects_cache", {}).items():
            values.append((name, tuple(self.row(row) for row in rows)))
        return tuple(values)
