"""The navigation on every page: each reader sees the links meant for them, in their language, and their own
name and tokens, also when its parts come from the fragment cache (templates/partials/_navigation.html)."""

import re

from django.core.cache import caches
from django.core.handlers.wsgi import get_script_name
from django.test import Client

from tests.factories import UserFactory


def links(page):
    nav = page.content.decode().split("</nav>")[0]
    return re.findall(r'class="nav-link" href="[^"]*">([^<]*)<', nav)


def test_each_persona_sees_its_own_links_whoever_came_before(login, member, staff, admin, db):
    caches["fragments"].clear()
    visitor = Client()
    for _ in range(2):  # the second round reads every part from the cache
        assert links(login(admin).get("/")) == ["Overzicht", "Mijn leernetwerken", "Zoeken", "Mijn profiel", "Beheer"]
        assert links(login(staff).get("/dashboards/")) == [
            "Overzicht",
            "Mijn leernetwerken",
            "Dashboard",
            "Zoeken",
            "Mijn profiel",
        ]
        assert links(login(member).get("/")) == ["Overzicht", "Mijn leernetwerken", "Zoeken", "Mijn profiel"]
        assert links(visitor.get("/networks/")) == ["Overzicht"]


def test_the_name_the_language_and_the_tokens_are_the_reader_s_own(login, db):
    caches["fragments"].clear()
    english = UserFactory(full_name="Emma Jones", language="en")
    dutch = UserFactory(full_name="Daan de Vries", language="nl")
    pages = {user: [login(user).get("/networks/").content.decode() for _ in range(2)] for user in (english, dutch)}
    for user, (first, second) in pages.items():
        assert user.full_name in second
        other = dutch if user is english else english
        assert other.full_name not in second
        tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', second)
        assert len(tokens) == 2 and tokens != re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', first)
    english_nav = pages[english][1].split("</nav>")[0]
    assert ">My networks<" in english_nav and 'aria-current="true">English<' in english_nav
    dutch_nav = pages[dutch][1].split("</nav>")[0]
    assert ">Mijn leernetwerken<" in dutch_nav and 'aria-current="true">Nederlands<' in dutch_nav
    assert 'name="next" value="/networks/"' in dutch_nav


def test_no_request_chooses_the_path_the_kept_addresses_start_with():
    # gunicorn takes SCRIPT_NAME from a header sent through the proxy; Django would prefix every address
    # with it, also those of the kept parts. The portal's path is a setting (FORCE_SCRIPT_NAME).
    assert get_script_name({"SCRIPT_NAME": "/elders", "PATH_INFO": "/networks/"}) == ""
