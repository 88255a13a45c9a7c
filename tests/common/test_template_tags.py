"""`{% url %}` and `{% translate %}` give what Django's own tags give, though ours keep addresses and skip
the lazy translation (common/templatetags/): rendered side by side with Django's engine, in both languages,
for every form the tags take."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Engine, RequestContext, engines
from django.test import RequestFactory, override_settings
from django.urls import NoReverseMatch, path, resolve, set_script_prefix
from django.utils import translation

from common import reversing
from common.template_backend import PortalTemplates
from common.templatetags import i18n as our_i18n
from common.templatetags import kept_urls as our_urls

OURS = engines["django"].engine
DJANGOS = Engine(libraries={"i18n": "django.templatetags.i18n"})  # Django's tags, nothing of ours

TEMPLATES = [
    '{% load i18n %}{% translate "Manage members" %}',
    "{% load i18n %}{% trans 'Manage members' %}",
    '{% load i18n %}{% translate "Networks" as title %}[{{ title }}]',
    '{% load i18n %}{% translate "100% <b>sure</b>" %}',  # not in the catalogue: as written, unescaped
    '{% load i18n %}{% translate "Manage members"|upper %}',
    '{% load i18n %}{% translate "Manage members" noop %}',
    '{% load i18n %}{% translate "May" context "month name" %}',
    "{% load i18n %}{% translate text %}",
    "{% load i18n %}{% autoescape off %}{% translate text %}{% translate 'Manage members' %}{% endautoescape %}",
    "{% url 'home' %}",
    "{% url 'networks:detail' slug %}",
    "{% url 'networks:detail' slug=slug %}",
    "{% url 'meetings:detail' 7 %}",
    "{% url 'meetings:detail' pk %}",
    "{% url 'meetings:detail' 1 %}{% url 'meetings:detail' flag as flagged %}[{{ flagged }}]",  # True is not 1
    "{% url 'meetings:detail' thing %}",  # an object: reversed every time
    "{% url 'home' as home %}[{{ home }}]",
    "{% url 'no-such-view' as nowhere %}[{{ nowhere }}]",
    "{% url view_name slug %}",
]
CONTEXT = {
    "slug": "strategisch-hrm",
    "pk": 12,
    "flag": True,
    "text": "Networks <i>",
    "view_name": "networks:members",
}


class Thing:
    def __str__(self):
        return "41"


CONTEXT["thing"] = Thing()


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("source", TEMPLATES)
def test_our_tags_render_what_django_s_render(source, language):
    with translation.override(language):
        for _ in range(2):  # the second time from what was kept
            assert OURS.from_string(source).render(Context(CONTEXT)) == DJANGOS.from_string(source).render(
                Context(CONTEXT)
            )


def test_the_portal_s_templates_use_our_tags():
    url = OURS.from_string("{% url 'home' %}").nodelist[0]
    translated = OURS.from_string('{% load i18n %}{% translate "Networks" %}').nodelist[1]
    assert isinstance(url, our_urls.KeptURLNode)
    assert isinstance(translated, our_i18n.TranslateNode)


def test_an_address_is_reversed_once_and_then_kept():
    reversing.forget_kept_addresses()
    template = OURS.from_string("{% url 'networks:detail' slug %}")
    for _ in range(3):
        template.render(Context(CONTEXT))
    info = reversing._reversed.cache_info()
    assert (info.misses, info.hits) == (1, 2)


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize("autoescape", ["on", "off"])
def test_an_address_is_quoted_and_escaped_as_django_does(autoescape):
    source = f"{{% autoescape {autoescape} %}}{{% url 'say' 'a b&c<d' %}}{{% endautoescape %}}"
    for _ in range(2):
        assert OURS.from_string(source).render(Context()) == DJANGOS.from_string(source).render(Context())


def test_a_view_that_does_not_exist_still_raises():
    with pytest.raises(NoReverseMatch):
        OURS.from_string("{% url 'no-such-view' %}").render(Context())


def test_the_kept_address_follows_the_mount_point_and_the_urlconf():
    template = OURS.from_string("{% url 'networks:detail' slug %}")
    assert template.render(Context(CONTEXT)) == "/networks/strategisch-hrm/"
    set_script_prefix("/portal/")
    try:
        assert template.render(Context(CONTEXT)) == "/portal/networks/strategisch-hrm/"
    finally:
        set_script_prefix("/")
    with override_settings(ROOT_URLCONF=__name__):
        assert OURS.from_string("{% url 'home' %}").render(Context()) == "/elsewhere/"
    assert OURS.from_string("{% url 'home' %}").render(Context()) == "/"


def test_the_admin_s_addresses_follow_its_current_app():
    request = RequestFactory().get("/admin/")
    request.user = AnonymousUser()
    request.resolver_match = resolve("/admin/")
    source = "{% url 'admin:index' %}"
    reversing.forget_kept_addresses()
    for current_app in ("admin", None):
        request.current_app = current_app
        assert OURS.from_string(source).render(RequestContext(request)) == "/admin/"
    assert reversing._reversed.cache_info().misses == 2  # kept apart
    del request.current_app  # then the namespace of the page being served, as Django's tag does
    assert OURS.from_string(source).render(RequestContext(request)) == "/admin/"
    assert reversing._reversed.cache_info()[:2] == (1, 2)  # (hits, misses): the one kept for "admin"


urlpatterns = [
    path("elsewhere/", lambda request: None, name="home"),
    path("say/<str:words>/", lambda request: None, name="say"),
]


def test_django_s_check_warns_of_every_clash_of_tag_library_names_but_ours():
    assert [message for message in engines["django"].check() if message.id == "templates.W003"] == []
    clashing = PortalTemplates(
        {
            "NAME": "clashing",
            "DIRS": [],
            "APP_DIRS": False,
            "OPTIONS": {"libraries": {"i18n": "common.templatetags.i18n", "cache": "common.templatetags.kept_urls"}},
        }
    )
    clashes = [message.msg.split()[0] for message in clashing.check() if message.id == "templates.W003"]
    assert clashes == ["'cache'"]
