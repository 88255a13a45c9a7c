import factory
from factory.django import DjangoModelFactory

from members.models import User

PASSWORD = "een-goed-wachtwoord-42"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@school.example.nl")
    full_name = factory.Faker("name", locale="nl_NL")
    job_role = User.JobRole.TEACHER
    language = User.Language.DUTCH

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])
