"""The CSV import of school boards and schools in the admin: who may import, what a good file changes,
and how a bad file is reported line by line while nothing is saved."""

import io

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from networks import csv_import
from networks.models import Board, School
from tests.factories import UserFactory


def admin_url(model, view, *args):
    return reverse(f"admin:networks_{model._meta.model_name}_{view}", args=args)


def upload(client, model, content, name="import.csv"):
    data = content if isinstance(content, bytes) else content.encode()
    return client.post(admin_url(model, "import_csv"), {"file": SimpleUploadedFile(name, data, "text/csv")})


def import_errors(response):
    return [str(error) for error in response.context["errors"]]


@pytest.fixture
def client(login, admin):
    """The admin, logged in, reading the admin in English (the source language of the messages)."""
    admin.language = "en"
    admin.save(update_fields=["language"])
    return login(admin)


# --- The import pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("model", [Board, School], ids=["boards", "schools"])
def test_changelist_has_an_import_button(client, model):
    response = client.get(admin_url(model, "changelist"))
    assert admin_url(model, "import_csv") in response.text
    assert "Import CSV" in response.text


@pytest.mark.parametrize("model", [Board, School], ids=["boards", "schools"])
def test_import_page_shows_the_upload_form(client, model):
    response = client.get(admin_url(model, "import_csv"))
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    assert 'type="file" name="file"' in response.text


# --- Who may import -------------------------------------------------------------------------------


@pytest.mark.parametrize("model", [Board, School], ids=["boards", "schools"])
def test_a_member_is_sent_to_the_admin_login(login, member, model):
    response = login(member).get(admin_url(model, "import_csv"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("model", [Board, School], ids=["boards", "schools"])
def test_a_member_cannot_post_a_file(login, member, model):
    response = upload(login(member), model, "number,name,city\n41234,Stichting,Utrecht\n")
    assert response.status_code == 302
    assert not Board.objects.exists()


def test_staff_without_the_add_permission_gets_403(login, db):
    staff = UserFactory(is_staff=True)
    assert login(staff).get(admin_url(Board, "import_csv")).status_code == 403
    assert upload(login(staff), Board, "number,name,city\n41234,Stichting,Utrecht\n").status_code == 403
    assert not Board.objects.exists()


# --- Boards ---------------------------------------------------------------------------------------


def test_boards_import_creates_and_updates(client, board):
    content = "number,name,city\n41234,Stichting VO Utrecht,Utrecht\n20345,Onderwijsgroep Noord,Groningen\n"
    response = upload(client, Board, content)
    assert response.status_code == 302
    assert response["Location"] == admin_url(Board, "changelist")
    assert set(Board.objects.values_list("number", "name", "city")) == {
        ("41234", "Stichting VO Utrecht", "Utrecht"),
        ("20345", "Onderwijsgroep Noord", "Groningen"),
    }
    page = client.get(response["Location"])
    assert "2 school boards imported: 1 new, 1 updated." in page.text


def test_boards_import_reads_excel_semicolons_with_bom(client):
    content = '\ufeffNumber;Name;City\r\n41234;"Stichting; met puntkomma";Utrecht\r\n'
    response = upload(client, Board, content.encode())
    assert response.status_code == 302
    assert Board.objects.get().name == "Stichting; met puntkomma"


def test_boards_import_accepts_empty_city_and_trailing_empty_columns(client):
    response = upload(client, Board, "number;name;city;;\n41234;Stichting;;;\n\n20345;Groep;Zwolle;;\n")
    assert response.status_code == 302
    assert set(Board.objects.values_list("number", "city")) == {("41234", ""), ("20345", "Zwolle")}


def test_boards_import_logs_in_the_admin_history(client, board):
    upload(client, Board, "number,name,city\n41234,Nieuwe naam,Utrecht\n20345,Groep,Zwolle\n")
    assert LogEntry.objects.filter(object_repr__in=["Nieuwe naam", "Groep"]).count() == 2


def test_a_bad_row_on_line_3_saves_nothing(client, board):
    content = "number,name,city\n41234,Nieuwe naam,Utrecht\n1234,Te kort,Zwolle\n20345,Goed,Assen\n"
    response = upload(client, Board, content)
    assert response.status_code == 200
    assert import_errors(response) == ["Line 3, column number: A board number has five digits."]
    assert "Line 3, column number: A board number has five digits." in response.text
    assert "nothing was imported" in response.text
    assert list(Board.objects.values_list("number", "name")) == [("41234", "Stichting Voortgezet Onderwijs")]


def test_boards_import_reports_every_error(client):
    content = "number,name,city\n41234,Stichting,Utrecht\n41234,Dubbel,Utrecht\n20345,,Zwolle\n20346,Te veel,Assen,x\n"
    response = upload(client, Board, content)
    assert import_errors(response) == [
        "Line 3, column number: “41234” already appears on line 2.",
        "Line 4, column name: This field cannot be blank.",
        "Line 5: Expected 3 columns (number,name,city), found 4.",
    ]
    assert not Board.objects.exists()


# --- Schools --------------------------------------------------------------------------------------


SCHOOLS = """brin,name,city,region,board_number,levels
12ab,Het Lyceum,Groningen,noord,41234,havo|VWO
34CD,De Brug,Delft,Zuid-Holland,,
56EF,Praktijkschool,Leiden,ZUID-HOLLAND,41234,pro vmbo
"""


def test_schools_import_creates_and_updates(client, regions, board):
    School.objects.create(brin="34CD", name="Oude naam", city="Delft", region=regions["noord"], board=board)
    response = upload(client, School, SCHOOLS)
    assert response.status_code == 302
    schools = {school.brin: school for school in School.objects.select_related("region", "board")}
    assert set(schools) == {"12AB", "34CD", "56EF"}
    assert (schools["12AB"].region, schools["12AB"].board, schools["12AB"].levels) == (
        regions["noord"],
        board,
        ["havo", "vwo"],
    )
    assert (schools["34CD"].name, schools["34CD"].region, schools["34CD"].board, schools["34CD"].levels) == (
        "De Brug",
        regions["zuid-holland"],
        None,
        [],
    )
    assert schools["56EF"].levels == ["pro", "vmbo"]
    assert "3 schools imported: 2 new, 1 updated." in client.get(response["Location"]).text


def test_schools_import_reads_excel_semicolons_with_bom(client, regions, board):
    content = SCHOOLS.replace(",", ";").replace("\n", "\r\n").encode("utf-8-sig")
    response = upload(client, School, content)
    assert response.status_code == 302
    assert School.objects.count() == 3


def test_schools_import_rejects_an_invalid_brin(client, regions):
    response = upload(client, School, "brin,name,city,region,board_number,levels\n1ABC,School,Assen,noord,,\n")
    assert import_errors(response) == [
        "Line 2, column brin: A BRIN code is two digits followed by two capital letters, for example 12AB."
    ]
    assert not School.objects.exists()


def test_schools_import_rejects_an_unknown_region(client, regions):
    response = upload(client, School, "brin,name,city,region,board_number,levels\n12AB,School,Assen,Atlantis,,\n")
    assert import_errors(response) == [
        "Line 2, column region: There is no region “Atlantis”. The regions are: Noord, Zuid-Holland."
    ]
    assert not School.objects.exists()


def test_schools_import_reports_every_error_and_saves_nothing(client, regions, board):
    content = """brin;name;city;region;board_number;levels
12AB;Goede school;Groningen;noord;41234;havo
12AB;Dubbel;Groningen;noord;;
XX12;Foute BRIN;Assen;noord;;
34CD;Geen bestuur;Assen;noord;99999;
56EF;Raar niveau;Assen;noord;;havo|mbo
78GH;;Assen;;;
90IJ;Te weinig;Assen
"""
    response = upload(client, School, content)
    assert import_errors(response) == [
        "Line 3, column brin: “12AB” already appears on line 2.",
        "Line 4, column brin: A BRIN code is two digits followed by two capital letters, for example 12AB.",
        "Line 5, column board_number: There is no school board with number “99999”. Import the boards first.",
        "Line 6, column levels: Unknown level “mbo”: use pro, vmbo, havo or vwo.",
        "Line 7, column region: This field cannot be blank.",
        "Line 7, column name: This field cannot be blank.",
        "Line 8: Expected 6 columns (brin,name,city,region,board_number,levels), found 3.",
    ]
    assert "The file has 7 errors; nothing was imported." in response.text
    assert not School.objects.exists()


def test_schools_import_reports_a_wrong_header(client, regions):
    response = upload(client, School, "brin,naam,plaats\n12AB,School,Assen\n")
    assert import_errors(response) == [
        "Line 1: The first line must be the header “brin,name,city,region,board_number,levels” "
        "(with commas or semicolons), not “brin,naam,plaats”."
    ]


def test_schools_import_refuses_a_file_that_is_not_utf8(client, regions):
    content = "brin,name,city,region,board_number,levels\n12AB,Café,Assen,noord,,\n".encode("cp1252")
    response = upload(client, School, content)
    assert import_errors(response) == [
        "Line 2: The file is not in UTF-8. In Excel, save it as “CSV UTF-8 (comma delimited)”."
    ]
    assert not School.objects.exists()


def test_schools_import_refuses_a_file_with_only_a_header(client):
    response = upload(client, School, "brin,name,city,region,board_number,levels\n")
    assert import_errors(response) == ["The file has a header but no rows."]


def test_an_empty_file_is_refused(client):
    response = upload(client, School, b"")
    assert response.context["form"].errors["file"]
    with translation.override("en"):
        result = csv_import.import_schools(io.BytesIO(b""))
    assert [str(error) for error in result.errors] == ["The file is empty."]


def test_a_row_is_reported_by_the_line_it_starts_on(client, regions):
    content = 'brin,name,city,region,board_number,levels\n12AB,"Twee\nregels",Assen,noord,,\n34CD,School,Assen,mars,,\n'
    response = upload(client, School, content)
    assert import_errors(response) == [
        "Line 4, column region: There is no region “mars”. The regions are: Noord, Zuid-Holland."
    ]
