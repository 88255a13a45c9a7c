"""get_FOO_display() (common/models.py): the label of the value in the reader's language, from a table
made once per field, and the value itself when it is not one of the choices, as Django's own gives."""

from django.db import models
from django.utils import translation

from common.models import ChoiceLabels, choice_labels
from mail.models import OutgoingMail
from networks.models import Membership


def test_the_models_use_the_table_and_the_label_follows_the_language_of_the_moment():
    assert Membership.__dict__["get_role_display"].func is ChoiceLabels._get_FIELD_display
    membership = Membership(role=Membership.Role.COORDINATOR)
    with translation.override("nl"):
        dutch = membership.get_role_display()
    with translation.override("en"):
        english = membership.get_role_display()
    assert (dutch, english) == ("Coördinator", "Coordinator")
    assert isinstance(dutch, str)
    assert "_labels_by_language" in Membership._meta.get_field("role").__dict__


def test_it_gives_what_django_s_own_gives_for_every_choice_and_for_a_stray_value():
    field = Membership._meta.get_field("role")
    for value in [*Membership.Role.values, "stray"]:
        membership = Membership(role=value)
        with translation.override("nl"):
            assert membership.get_role_display() == models.Model._get_FIELD_display(membership, field)


def test_choices_given_as_a_callable_are_read_afresh(monkeypatch):
    field = OutgoingMail._meta.get_field("kind")
    mail = OutgoingMail(kind="a_kind_registered_later")
    assert mail.get_kind_display() == "a_kind_registered_later"
    monkeypatch.setattr(type(field), "flatchoices", property(lambda _field: [("a_kind_registered_later", "Later")]))
    assert mail.get_kind_display() == "Later"
    assert "_labels_by_language" not in field.__dict__


def test_a_page_that_read_values_without_objects_gets_the_same_labels():
    field = Membership._meta.get_field("role")
    for language in ("nl", "en"):
        with translation.override(language):
            labels = choice_labels(field)
            assert labels == {role: str(label) for role, label in Membership.Role.choices}
    with translation.override("nl"):
        assert choice_labels(field)[Membership.Role.COORDINATOR] == "Coördinator"
