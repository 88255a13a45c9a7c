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


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = "networks.Region"
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Regio {n}")
    slug = factory.LazyAttribute(lambda region: region.name.lower().replace(" ", "-"))


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = "networks.Theme"
        django_get_or_create = ["slug"]

    name = "Lerende cultuur"
    slug = factory.LazyAttribute(lambda theme: theme.name.lower().replace(" ", "-"))


class BoardFactory(DjangoModelFactory):
    class Meta:
        model = "networks.Board"

    name = factory.Sequence(lambda n: f"Stichting Voortgezet Onderwijs {n}")
    number = factory.Sequence(lambda n: f"{40000 + n:05d}")


def _brin(n):
    letters = "ABCDEFGHJKLMNPRSTVWXYZ"
    return f"{n % 100:02d}{letters[(n // 100) % len(letters)]}{letters[(n // 2200) % len(letters)]}"


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = "networks.School"

    name = factory.Sequence(lambda n: f"Scholengemeenschap {n}")
    brin = factory.Sequence(_brin)
    city = "Zwolle"
    region = factory.SubFactory(RegionFactory)
    levels = ["vmbo", "havo"]


class NetworkFactory(DjangoModelFactory):
    class Meta:
        model = "networks.Network"

    name = factory.Sequence(lambda n: f"Leernetwerk {n}")
    slug = factory.Sequence(lambda n: f"leernetwerk-{n}")
    region = factory.SubFactory(RegionFactory)
    theme = factory.SubFactory(ThemeFactory)
    learning_question = "Hoe leren docenten van en met elkaar?"


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = "networks.Membership"

    network = factory.SubFactory(NetworkFactory)
    user = factory.SubFactory(UserFactory)
    role = "member"
    school = factory.SubFactory(SchoolFactory, region=factory.SelfAttribute("..network.region"))
