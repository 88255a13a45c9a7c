"""`{% url %}` as Django writes it, with each address reversed once per process (common/reversing.py).

Installed for every template as a builtin that replaces Django's own tag (settings.TEMPLATES), so
templates keep writing `{% url %}`; an address that cannot be reversed raises or stays empty as before.
"""

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from common.reversing import reverse_kept

register = template.Library()
_NOT_SET = object()


class KeptURLNode(defaulttags.URLNode):
    def render(self, context):
        # The current app as Django's tag finds it, without its two exceptions on most pages.
        request = getattr(context, "request", None)
        current_app = getattr(request, "current_app", _NOT_SET)
        if current_app is _NOT_SET:
            current_app = getattr(getattr(request, "resolver_match", None), "namespace", None)
        url = ""
        try:
            url = reverse_kept(
                self.view_name.resolve(context),
                args=[arg.resolve(context) for arg in self.args],
                kwargs={name: value.resolve(context) for name, value in self.kwargs.items()},
                current_app=current_app,
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
