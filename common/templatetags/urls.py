"""`{% url %}` as Django writes it, with each address reversed once per process.

Reversing costs 25-35 µs (the resolver's lookups per language, the script prefix, quoting the arguments),
and a page reverses ten to twenty addresses: a tenth of what a page like a network's costs us in CPU. What
`reverse()` returns depends only on the view's name, the arguments, the current app (admin), the script
prefix (FORCE_SCRIPT_NAME, the mount point), the urlconf and the language (translated patterns), so the
answer is kept under exactly those. Arguments are kept only when they are text or whole numbers, whose
text is always the same; anything else (a model instance, a UUID, a lazy text) is reversed every time.

Installed for every template as a builtin that replaces Django's own tag (settings.TEMPLATES), so
templates keep writing `{% url %}`; an address that cannot be reversed raises or stays empty as before.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.template import defaulttags
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language

register = template.Library()
_NOT_SET = object()


def _keeps_its_text(value):
    # `type(...) is int`: True is an int to Python, and equal to 1, but reverse() writes it as "True".
    return isinstance(value, str) or type(value) is int


@lru_cache(maxsize=4096)  # about a megabyte a process; the least recently used address goes first
def _reversed(view_name, args, kwargs, current_app, script_prefix, urlconf, language):
    # The last three only key the answer: reverse() reads them itself, from the request being served.
    return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)


class KeptURLNode(defaulttags.URLNode):
    def render(self, context):
        view_name = self.view_name.resolve(context)
        args = tuple(arg.resolve(context) for arg in self.args)
        kwargs = tuple((name, value.resolve(context)) for name, value in self.kwargs.items())
        if not (
            isinstance(view_name, str)
            and all(_keeps_its_text(arg) for arg in args)
            and all(_keeps_its_text(value) for _name, value in kwargs)
        ):
            return super().render(context)
        # The current app as Django's tag finds it, without its two exceptions on most pages.
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", _NOT_SET)
        if current_app is _NOT_SET:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        url = ""
        try:
            url = _reversed(
                view_name,
                args,
                kwargs,
                current_app,
                get_script_prefix(),
                get_urlconf() or settings.ROOT_URLCONF,  # override_settings(ROOT_URLCONF=...) in tests
                get_language(),
            )
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return KeptURLNode(node.view_name, node.args, node.kwargs, node.asvar)


def forget_reversed_urls():
    """For code that changes the URL patterns while running (tests): Django's clear_url_caches() and ours."""
    _reversed.cache_clear()
