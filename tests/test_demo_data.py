from django.core.management import call_command
from django.test import Client

from members.management.commands.load_demo import DEMO_PASSWORD, DEMO_PEOPLE
from members.models import User


def test_demo_data_loads_twice_without_changes(db, capsys):
    call_command("load_demo")
    first = list(User.objects.order_by("pk").values_list("pk", "email", "password", "is_superuser"))
    call_command("load_demo")
    assert list(User.objects.order_by("pk").values_list("pk", "email", "password", "is_superuser")) == first
    assert len(first) == len(DEMO_PEOPLE)
    output = capsys.readouterr().out
    for role in ["coordinator", "facilitator", "member", "staff", "admin"]:
        assert role in output


def test_every_demo_login_works_and_only_admin_reaches_the_admin(db):
    call_command("load_demo")
    for role, email, *_rest in DEMO_PEOPLE:
        client = Client()
        response = client.post("/account/login/", {"username": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, role
        assert (client.get("/admin/").status_code == 200) == (role == "admin"), role
