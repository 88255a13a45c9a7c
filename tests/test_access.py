"""Every view of the foundation, for every persona it has so far: who gets the page, who is sent
to the login, who gets 405. Networks, meetings and their personas add their rows here."""

import pytest
from django.test import Client

LOGIN = "/account/login/"

# (method, path, anonymous, member, admin): the expected status, or "login" for a redirect to it.
VIEWS = [
    ("get", "/", "login", 200, 200),
    ("get", "/healthz", 200, 200, 200),
    ("get", LOGIN, 200, 302, 302),
    ("get", "/account/profile/", "login", 200, 200),
    ("get", "/account/password/", "login", 200, 200),
    ("get", "/account/password-reset/", 200, 200, 200),
    ("get", "/account/password-reset/sent/", 200, 200, 200),
    ("get", "/account/password-reset/done/", 200, 200, 200),
    ("get", "/account/password-reset/MQ/bad-token/", 200, 200, 200),
    ("get", "/account/logout/", 405, 405, 405),
    ("post", "/account/logout/", 302, 302, 302),
    ("get", "/account/language/", 405, 405, 405),
    ("post", "/account/language/", 302, 302, 302),
    ("get", "/admin/", 302, 302, 200),
    ("get", "/no-such-page/", 404, 404, 404),
]


@pytest.mark.parametrize(("method", "path", "anonymous", "member_status", "admin_status"), VIEWS)
def test_every_foundation_page_answers_each_persona_as_listed(
    db, member, admin, method, path, anonymous, member_status, admin_status
):
    for user, expected in [(None, anonymous), (member, member_status), (admin, admin_status)]:
        client = Client()
        if user is not None:
            client.force_login(user)
        response = getattr(client, method)(path)
        who = user.email if user else "anonymous"
        if expected == "login":
            assert response.status_code == 302, who
            assert response["Location"].startswith(f"{LOGIN}?next="), who
        else:
            assert response.status_code == expected, f"{who}: {method.upper()} {path}"
