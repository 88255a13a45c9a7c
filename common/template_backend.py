"""Django's template backend, quiet about the one tag library we replace on purpose.

The `i18n` library is ours (common/templatetags/i18n.py: Django's, with a cheaper `{% translate %}`), so
Django's check sees two modules under that name (templates.W003). Any other clash of names still warns.
"""

from django.template.backends.django import DjangoTemplates

OUR_I18N = "'i18n' is used for multiple template tag modules: 'common.templatetags.i18n', 'django.templatetags.i18n'"


class PortalTemplates(DjangoTemplates):
    def check(self, **kwargs):
        return [
            message for message in super().check(**kwargs) if (message.id, message.msg) != ("templates.W003", OUR_I18N)
        ]
