"""Writes the plan of `demo.plan` into the database: `manage.py load_demo` (and so `make run`) calls load().

load() writes in one transaction and inserts only rows whose natural key (slug, board number, BRIN code,
email address, membership, network and meeting number) is missing. A second run finds everything and
changes nothing; rows people made or changed in the running portal are left alone. After a change to the
plan, start from an empty database (remove .run/): loading into the old one adds the new rows next to the
old ones.

Plain rows (people, schools, memberships, meetings with their answers, attendance and notes) go in by bulk
insert: through the services, 1,200 people and 2,000 attendance rows would take minutes, and the services
stamp the present moment where the demo needs its own past. What the services would add to those rows,
the rendered Markdown and the search vectors, comes from the meetings service store_rendered_text.
Only the five demo logins get a usable password.
"""

from django.db import transaction
from django.utils import timezone

from meetings.models import Attendance, Meeting, Note, NoteRevision, Rsvp
from meetings.services import store_rendered_text
from members.models import User
from networks.models import Board, Membership, Network, Region, School, Theme

from .plan import DEMO_JOINED, DEMO_PASSWORD, DEMO_PEOPLE, build_plan

BATCH_SIZE = 500


def _insert_missing(model, key, rows):
    """Insert the rows whose natural key is not taken yet; return {key: pk} for all the keys."""
    keys = [row[key] for row in rows]
    existing = set(model.objects.filter(**{f"{key}__in": keys}).values_list(key, flat=True))
    model.objects.bulk_create(
        [model(**row) for row in rows if row[key] not in existing], batch_size=BATCH_SIZE, ignore_conflicts=True
    )
    return dict(model.objects.filter(**{f"{key}__in": keys}).values_list(key, "pk"))


def _ensure_demo_people():
    """The five logins, with the demo password. Their flags are put back if someone changed them."""
    ids = {}
    for _role, email, name, job_role, flags in DEMO_PEOPLE:
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": name, "job_role": job_role, "date_joined": DEMO_JOINED, **flags}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        changed = [flag for flag, value in flags.items() if getattr(user, flag) != value]
        if changed:
            for flag in changed:
                setattr(user, flag, flags[flag])
            user.save(update_fields=changed)
        ids[email] = user.pk
    return ids


def _load_meetings(plan, network_ids, user_ids):
    """The meetings, keyed by (network, number), and what hangs from them.

    Attendance, answers and notes are added only to meetings that are still as the plan made them
    (same title and start): a meeting someone changed in the running portal is theirs.
    """
    ids = [network_ids[row["slug"]] for row in plan.networks if row["slug"] in network_ids]

    def key(row):
        return network_ids.get(row["network"]), row["number"]

    existing = set(Meeting.objects.filter(network_id__in=ids).values_list("network_id", "number"))
    new_meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                **{k: v for k, v in row.items() if k not in ("network", "created_by")},
                network_id=key(row)[0],
                created_by_id=user_ids.get(row["created_by"]),
            )
            for row in plan.meetings
            if key(row)[0] is not None and key(row) not in existing
        ],
        batch_size=BATCH_SIZE,
    )
    planned = {key(row): (row["title"], row["starts_at"]) for row in plan.meetings}
    meeting_ids = {
        (network_id, number): pk
        for network_id, number, pk, title, starts_at in Meeting.objects.filter(network_id__in=ids).values_list(
            "network_id", "number", "pk", "title", "starts_at"
        )
        if planned.get((network_id, number)) == (title, starts_at)
    }
    membership_ids = {
        (network_id, user_id, joined_on): pk
        for network_id, user_id, joined_on, pk in Membership.objects.filter(network_id__in=ids).values_list(
            "network_id", "user_id", "joined_on", "pk"
        )
    }

    attendance = []
    for row in plan.attendance:
        meeting_id = meeting_ids.get(key(row))
        membership_id = membership_ids.get((key(row)[0], user_ids.get(row["email"]), row["joined_on"]))
        if meeting_id and membership_id:
            attendance.append(
                Attendance(
                    meeting_id=meeting_id,
                    membership_id=membership_id,
                    present=row["present"],
                    recorded_by_id=user_ids.get(row["recorded_by"]),
                    recorded_at=row["recorded_at"],
                )
            )
    Attendance.objects.bulk_create(attendance, batch_size=BATCH_SIZE, ignore_conflicts=True)

    Rsvp.objects.bulk_create(
        [
            Rsvp(
                meeting_id=meeting_ids[key(row)],
                user_id=user_ids[row["email"]],
                answer=row["answer"],
                comment=row["comment"],
                answered_at=row["answered_at"],
            )
            for row in plan.rsvps
            if key(row) in meeting_ids and row["email"] in user_ids
        ],
        batch_size=BATCH_SIZE,
        ignore_conflicts=True,
    )

    written = set(
        Note.objects.filter(meeting_id__in=meeting_ids.values()).values_list("meeting_id", "author_id", "title")
    )
    notes = []
    for row in plan.notes:
        meeting_id, author_id = meeting_ids.get(key(row)), user_ids.get(row["author"])
        if meeting_id and author_id and (meeting_id, author_id, row["title"]) not in written:
            notes.append(
                Note(
                    meeting_id=meeting_id,
                    author_id=author_id,
                    title=row["title"],
                    body=row["body"],
                    is_confidential=row["is_confidential"],
                    created_at=row["created_at"],
                    updated_at=row["created_at"],
                )
            )
    Note.objects.bulk_create(notes, batch_size=BATCH_SIZE)
    NoteRevision.objects.bulk_create(
        [
            NoteRevision(
                note=note,
                editor_id=note.author_id,
                title=note.title,
                body=note.body,
                is_confidential=note.is_confidential,
                saved_at=note.created_at,
            )
            for note in notes
        ],
        batch_size=BATCH_SIZE,
    )
    # Inserted in bulk, past the services: rendered and indexed for search as the services would.
    store_rendered_text(meetings=new_meetings, notes=notes)


@transaction.atomic
def load():
    """Write the demo data; insert only what is missing. Returns the counts for the summary line.

    Side effects: the missing rows of every demo table; the demo logins' flags put back.
    The meetings move from the plan's day to today by whole weeks, so the next ones lie ahead.
    """
    plan = build_plan(today=timezone.localdate())
    user_ids = _ensure_demo_people()
    region_ids = _insert_missing(Region, "slug", plan.regions)
    theme_ids = _insert_missing(Theme, "slug", plan.themes)
    board_ids = _insert_missing(
        Board, "number", [{k: board[k] for k in ("number", "name", "city")} for board in plan.boards]
    )
    school_ids = _insert_missing(
        School,
        "brin",
        [
            {
                "brin": s["brin"],
                "name": s["name"],
                "city": s["city"],
                "levels": s["levels"],
                "region_id": region_ids[s["region"]],
                "board_id": board_ids[s["board"]],
            }
            for s in plan.schools
        ],
    )
    user_ids |= _insert_missing(User, "email", plan.people)

    through = Region.coordinators.through
    through.objects.bulk_create(
        [through(region_id=region_ids[region], user_id=user_ids[email]) for region, email in plan.region_coordinators],
        ignore_conflicts=True,
    )

    network_ids = _insert_missing(
        Network,
        "slug",
        [
            {
                **{k: v for k, v in row.items() if k not in ("region", "theme", "board", "created_by")},
                "region_id": region_ids[row["region"]],
                "theme_id": theme_ids[row["theme"]],
                "board_id": board_ids[row["board"]] if row["board"] else None,
                "created_by_id": user_ids[row["created_by"]],
            }
            for row in plan.networks
        ],
    )
    existing = set(
        Membership.objects.filter(network_id__in=network_ids.values()).values_list("network_id", "user_id", "joined_on")
    )
    new = []
    for row in plan.memberships:
        network_id = network_ids.get(row["network"])
        user_id = user_ids.get(row["email"])
        if network_id is None or user_id is None or (network_id, user_id, row["joined_on"]) in existing:
            continue
        new.append(
            Membership(
                network_id=network_id,
                user_id=user_id,
                role=row["role"],
                school_id=school_ids[row["school"]] if row["school"] else None,
                committed_to_attend=row["committed_to_attend"],
                joined_on=row["joined_on"],
                left_on=row["left_on"],
            )
        )
    Membership.objects.bulk_create(new, batch_size=BATCH_SIZE, ignore_conflicts=True)
    _load_meetings(plan, network_ids, user_ids)
    return {
        "regions": Region.objects.count(),
        "networks": Network.objects.count(),
        "schools": School.objects.count(),
        "people": User.objects.count(),
        "meetings": Meeting.objects.count(),
    }
