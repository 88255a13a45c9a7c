"""`reverse()` for addresses made by the thousand: each kept once per process.

Reversing costs 25-35 µs (the resolver's lookups per language, the script prefix, quoting the arguments):
a page reverses ten to twenty addresses (`{% url %}`, common/templatetags/kept_urls.py) and the mail worker
four per reminder. What `reverse()` returns depends only on the view's name, the arguments, the current app
(admin), the script prefix (FORCE_SCRIPT_NAME, the mount point), the urlconf and the language (translated
patterns), so the answer is kept under exactly those. Arguments are kept only when they are text or whole numbers,
whose text is always the same; anything else (a model instance, a UUID, a lazy text) is reversed every time.
"""

import re
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language


def _keeps_its_text(value):
    # Exactly these types: True is an int to Python, and equal to 1, but reverse() writes it as "True"; a
    # str subclass (an enum's member) may equal one text and print another. A template's literal is safe text.
    return type(value) in (str, SafeString, int)


@lru_cache(maxsize=4096)  # about a megabyte a process; the least recently used address goes first
def _reversed(view_name, args, kwargs, current_app, script_prefix, urlconf, language):
    # The last three only key the answer: reverse() reads them itself, from the request being served.
    return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)


def reverse_kept(view_name, args=(), kwargs=None, current_app=None):
    """reverse(view_name, args=args, kwargs=kwargs, current_app=current_app), kept for text and numbers."""
    kwargs = tuple((kwargs or {}).items())
    if not (
        isinstance(view_name, str)
        and all(_keeps_its_text(arg) for arg in args)
        and all(_keeps_its_text(value) for _name, value in kwargs)
    ):
        return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)
    return _reversed(
        view_name,
        tuple(args),
        kwargs,
        current_app,
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,  # override_settings(ROOT_URLCONF=...) in tests
        get_language(),
    )


# A signed token (signing.dumps: URL-safe base64 and ":") passes reverse()'s quoting as it is, so it can be put
# into an address reversed around a stand-in.
_URL_SAFE_TOKEN = re.compile(r"[A-Za-z0-9_:-]+")
_TOKEN_STAND_IN = "token-stand-in"


def reverse_with_token(view_name, token, **kwargs):
    """reverse(view_name, kwargs={"token": token, **kwargs}): the address kept once, the token put in."""
    around = reverse_kept(view_name, kwargs={"token": _TOKEN_STAND_IN, **kwargs})
    if not _URL_SAFE_TOKEN.fullmatch(token) or around.count(_TOKEN_STAND_IN) != 1:
        return reverse(view_name, kwargs={"token": token, **kwargs})
    return around.replace(_TOKEN_STAND_IN, token)


def forget_kept_addresses():
    """Forget every kept address. Code that changes the URL patterns while running (tests) calls this as well
    as Django's clear_url_caches(), which knows nothing of ours."""
    _reversed.cache_clear()
