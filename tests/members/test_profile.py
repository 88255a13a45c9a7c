from members.models import User
from tests.factories import UserFactory

PROFILE = "/account/profile/"


def test_member_edits_name_job_role_and_language(login, member):
    client = login(member)
    page = client.get(PROFILE)
    assert page.status_code == 200
    assert member.email in page.text

    response = client.post(
        PROFILE, {"full_name": "Marieke de Smit", "job_role": "hr_adviser", "language": "en"}, follow=True
    )
    assert response.redirect_chain == [(PROFILE, 302)]
    member.refresh_from_db()
    assert (member.full_name, member.job_role, member.language) == ("Marieke de Smit", "hr_adviser", "en")
    # The confirmation and the page after it speak the newly chosen language.
    assert "Your profile has been saved." in response.text
    assert '<html lang="en">' in response.text


def test_profile_rejects_an_empty_name_and_changes_nothing(login, member):
    response = login(member).post(PROFILE, {"full_name": "", "job_role": "teacher", "language": "nl"})
    assert response.status_code == 200
    assert response.context["form"].errors["full_name"] == ["Dit veld is verplicht."]
    member.refresh_from_db()
    assert member.full_name == "Marieke Smit"
    # The navigation still shows the stored name, not the rejected one.
    assert "Marieke Smit" in response.text


def test_profile_rejects_an_unknown_job_role(login, member):
    response = login(member).post(PROFILE, {"full_name": "Marieke", "job_role": "koning", "language": "nl"})
    assert "job_role" in response.context["form"].errors
    member.refresh_from_db()
    assert member.job_role == User.JobRole.TEACHER


def test_member_changes_password(login, member, password, client):
    response = login(member).post(
        "/account/password/",
        {"old_password": password, "new_password1": "Heel-nieuw-2026!", "new_password2": "Heel-nieuw-2026!"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("Heel-nieuw-2026!")


def test_language_switch_for_a_visitor_sets_a_cookie(client, db):
    response = client.post("/account/language/", {"language": "en", "next": "/account/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/account/login/"
    assert response.cookies["django_language"].value == "en"
    assert "Log in" in client.get("/account/login/").text


def test_language_switch_for_a_member_is_remembered_on_the_account(login, member):
    login(member).post("/account/language/", {"language": "en", "next": "/"})
    member.refresh_from_db()
    assert member.language == "en"


def test_language_switch_ignores_unknown_languages_and_foreign_redirects(login):
    user = UserFactory()
    response = login(user).post("/account/language/", {"language": "xx", "next": "https://evil.example.com/"})
    assert response["Location"] == "/"
    user.refresh_from_db()
    assert user.language == "nl"
    assert "django_language" not in response.cookies
