from datetime import timedelta

import factory
from django.db.models import Max
from django.utils import timezone
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


# --- Meetings -------------------------------------------------------------------------------------


def _next_number(meeting):
    """The next number in the network's series (unique per network)."""
    taken = meeting.network.meetings.aggregate(Max("number"))["number__max"]
    return (taken or 0) + 1


def _whole_hour(days):
    return (timezone.now() + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)


class MeetingFactory(DjangoModelFactory):
    """A meeting, planned two weeks ahead unless a trait says otherwise:

    - `started`: began an hour ago and lasts another hour (attendance can be recorded, answers no longer change);
    - `ended`: two days ago, its attendance not recorded yet (still planned);
    - `held`: two days ago, attendance recorded (status held);
    - `cancelled`: ahead, cancelled with a reason.
    `planned` is the default and only says so. Agenda and homework are rendered as the services do.
    """

    class Meta:
        model = "meetings.Meeting"

    class Params:
        planned = factory.Trait(status="planned")
        started = factory.Trait(starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1)))
        ended = factory.Trait(starts_at=factory.LazyFunction(lambda: _whole_hour(-2)))
        held = factory.Trait(status="held", starts_at=factory.LazyFunction(lambda: _whole_hour(-2)))
        cancelled = factory.Trait(status="cancelled", cancel_reason="De spreker is ziek.")

    network = factory.SubFactory(NetworkFactory)
    number = factory.LazyAttribute(_next_number)
    title = factory.LazyAttribute(lambda meeting: f"Bijeenkomst {meeting.number}")
    starts_at = factory.LazyFunction(lambda: _whole_hour(14))
    ends_at = factory.LazyAttribute(lambda meeting: meeting.starts_at + timedelta(hours=2))
    place = "Het Baken, Alkmaar"
    status = "planned"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        meeting = model_class(*args, **kwargs)
        meeting.render_text()
        meeting.save()
        return meeting


class RsvpFactory(DjangoModelFactory):
    """An answer to a meeting's invitation; `waitlisted` puts a "yes" on the waiting list."""

    class Meta:
        model = "meetings.Rsvp"

    class Params:
        waitlisted = factory.Trait(answer="yes", waitlisted_at=factory.LazyFunction(timezone.now))

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.LazyAttribute(lambda rsvp: MembershipFactory(network=rsvp.meeting.network).user)
    answer = "yes"


class AttendanceFactory(DjangoModelFactory):
    """Whether a member came to a meeting (present by default)."""

    class Meta:
        model = "meetings.Attendance"

    meeting = factory.SubFactory(MeetingFactory, held=True)
    membership = factory.LazyAttribute(lambda attendance: MembershipFactory(network=attendance.meeting.network))
    present = True


class NoteFactory(DjangoModelFactory):
    """Notes of a meeting by a member of its network, rendered and indexed for search as the services do
    (without the revision that writing through the page keeps)."""

    class Meta:
        model = "meetings.Note"

    meeting = factory.SubFactory(MeetingFactory, held=True)
    author = factory.LazyAttribute(lambda note: MembershipFactory(network=note.meeting.network).user)
    title = factory.Sequence(lambda n: f"Verslag {n}")
    body = "We bespraken de ontwikkelgesprekken."
    is_confidential = False

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        note = model_class(*args, **kwargs)
        note.render_text()
        note.save()
        model_class.objects.filter(pk=note.pk).update(search_vector=model_class.search_document())
        return note
