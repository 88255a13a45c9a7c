import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from members.models import User
from tests.factories import UserFactory


def test_email_is_stored_in_lower_case(db):
    user = User.objects.create_user("  Jan.Jansen@School.NL ", "geheim-wachtwoord", full_name="Jan Jansen")
    assert user.email == "jan.jansen@school.nl"


def test_email_is_unique_regardless_of_case_even_in_raw_sql(db):
    UserFactory(email="jan@school.nl")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="JAN@school.nl", full_name="Ander")])


def test_validation_reports_a_taken_address_in_dutch(db):
    UserFactory(email="jan@school.nl")
    user = User(email="Jan@School.nl", full_name="Jan")
    user.set_password("x")
    with pytest.raises(ValidationError) as error:
        user.full_clean()
    assert "Er is al een account met dit e-mailadres." in str(error.value)


def test_natural_key_lookup_ignores_case(db):
    user = UserFactory(email="jan@school.nl")
    assert User.objects.get_by_natural_key("JAN@School.NL") == user


def test_short_name_is_the_first_name(db):
    assert UserFactory(full_name="Fatima El Amrani").get_short_name() == "Fatima"
