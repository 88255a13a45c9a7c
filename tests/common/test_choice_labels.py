"""get_FOO_display() (common/models.py): the label of the value in the reader's language, from a table
made once per field, and the value itself when it is not one of the choices, as Django's own gives."""

from django.db import models
from django.utils import translation

from networks.models import Membership


def test_the_label_follows_the_language_of_the_moment():
    membership = Membership(role=Membership.Role.COORDINATOR)
    with translation.override("nl"):
        dutch = membership.get_role_display()
    with translation.override("en"):
        english = membership.get_role_display()
    assert (dutch, english) == ("Coördinator", "Coordinator")
    assert isinstance(dutch, str)


def test_it_gives_what_django_s_own_gives_for_every_choice_and_for_a_stray_value():
    field = Membership._meta.get_field("role")
    for value in [*Membership.Role.values, "stray"]:
        membership = Membership(role=value)
        with translation.override("nl"):
            assert membership.get_role_display() == models.Model._get_FIELD_display(membership, field)
