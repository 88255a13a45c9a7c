"""A NUL character, which no form or link of ours produces and PostgreSQL refuses in any text, gets a
404, a 400 or a message on the form: never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from networks.models import Board, School


def test_nul_in_the_calendar_feed_address_is_not_found(client, member):
    assert client.get(f"/calendar/{member.calendar_token}%00.ics").status_code == 404
    assert client.get("/calendar/%00.ics").status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/search/?q=%00", "/networks/?region=%00", "/networks/?page=1%00", "/admin/networks/school/?q=%00"],
)
def test_nul_in_a_query_is_a_bad_request(login, admin, path):
    response = login(admin).get(path)
    assert response.status_code == 400


def test_nul_in_the_session_cookie_is_a_bad_request(db):
    client = Client()
    client.cookies["sessionid"] = "abcdefgh\x00"
    assert client.get("/").status_code == 400


def test_nul_in_a_form_field_is_a_message_on_the_form(client, db):
    response = client.post("/account/login/", {"username": "a\x00@school.nl", "password": "x\x00"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_nul_in_a_csv_import_is_a_message_and_imports_nothing(login, admin):
    admin.language = "en"
    admin.save(update_fields=["language"])
    content = b"number,name,city\n12345,Stichting\x00Test,Zwolle\n"
    response = login(admin).post(
        "/admin/networks/board/import/", {"file": SimpleUploadedFile("boards.csv", content, "text/csv")}
    )
    assert response.status_code == 200
    assert [str(error) for error in response.context["errors"]] == [
        "Line 2: The file contains a NUL character. In Excel, save it as “CSV UTF-8 (comma delimited)”."
    ]
    assert not Board.objects.exists()
    assert not School.objects.exists()
