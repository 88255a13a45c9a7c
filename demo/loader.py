"""Writes the plan of `demo.plan` into the database: `manage.py load_demo` (and so `make run`) calls load().

load() writes in one transaction and inserts only rows whose natural key (slug, board number, BRIN code,
email address, person and network, network and meeting number) is missing. A second run finds everything and
changes nothing; rows people made or changed in the running portal are left alone. Loaded in a later week
(`make run` keeps its database), the plan is that week's (see plan.build_plan): its people and memberships
are found, and a network whose meetings differ from the plan keeps its own. After a change to the plan,
start from an empty database (remove .run/): loading into the old one adds the new rows next to the old ones.

Plain rows (people, schools, memberships, meetings with their answers, attendance and notes) go in by bulk
insert: through the services, 1,200 people and 2,000 attendance rows would take minutes, and the services
stamp the present moment where the demo needs its own past. What the services would add to those rows,
the rendered Markdown and the search vectors, comes from the meetings service store_rendered_text.
Only the five demo logins get a usable password.

Every phase of a network moves through the lifecycle services, as a coordinator would move it:
start_support, then the last supported meeting held so far marked held through the meetings service
record_attendance (whose signal moves the network to deciding after the fifth), the members' views
(give_view), record_outcome, answer_follow_up, stop. `by` is the network's coordinator from the plan.
Only networks still as a fresh one is (forming, no history) get these steps, so a second run makes
no move. The services stamp the present moment; the loader then dates what they wrote (the history
rows, the decision, the views, the attendance, the facilitator's last day) as the plan has them.

Mail: the services would queue their mails (one supported meeting left, decision time, the outcome)
for some 1,900 recipients. The demo's past is news to nobody, and rendering them would take most of
the loading time, so the lifecycle steps run inside `members.outbox.suppressed()`: no outbox row, no
Celery task. Mails from the running portal (the follow-up the beat asks when it is due) go out as usual.

Reminders, follow-ups and evaluations (`_load_mail`): every network gets its rules through the reminder
services, and its upcoming meeting its reminders. The recent past is written as it went (reminders sent
with their outbox rows marked sent, one missed, one dropped; follow-ups done; evaluations answered), so
the mail trace and the results have something to show. Two things are left due for beat in the running
portal, so that `make run` sends real mail into the local sink: a reminder (within minutes) and a follow-up
(at the next quarter past the hour).
"""

import math
import random
from collections import defaultdict
from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from django.utils.text import slugify

from lifecycle import services as lifecycle
from lifecycle.models import Decision, PhaseChange, View
from lifecycle.rules import Actor
from mail import outbox, preferences
from mail.models import Delivery, DigestItem, OutgoingMail, Preference, Topic
from meetings import follow_ups, reminders
from meetings.mails import MeetingMail
from meetings.models import (
    REMINDER_MAX_HOURS,
    Attendance,
    EvaluationAnswer,
    EvaluationResponse,
    FollowUp,
    Meeting,
    Note,
    NoteRevision,
    Reminder,
    ReminderRule,
    Rsvp,
)
from meetings.services import record_attendance, store_rendered_text
from members.models import User
from networks.models import Board, Membership, Network, Phase, Region, School, Theme

from .plan import DEMO_COORDINATED, DEMO_JOINED, DEMO_MEMBER_SECOND, DEMO_PASSWORD, DEMO_PEOPLE, SEED, build_plan

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

    planned = {key(row): (row["title"], row["starts_at"]) for row in plan.meetings}
    existing, changed = set(), set()
    for network_id, number, title, starts_at in Meeting.objects.filter(network_id__in=ids).values_list(
        "network_id", "number", "title", "starts_at"
    ):
        existing.add((network_id, number))
        if planned.get((network_id, number)) != (title, starts_at):
            changed.add(network_id)
    # A network with a meeting that is not as this plan has it, because someone changed it or because the
    # plan was drawn for another week (see build_plan), gets no meeting of this plan beside its own.
    through_service = {(step["network"], step["number"]) for step in plan.lifecycle if step["step"] == "held"}
    new_meetings = Meeting.objects.bulk_create(
        [
            Meeting(
                **{k: v for k, v in row.items() if k not in ("network", "created_by", "status")},
                # The last supported meeting held is held through record_attendance (see _load_lifecycle).
                status=Meeting.Status.PLANNED if (row["network"], row["number"]) in through_service else row["status"],
                network_id=key(row)[0],
                created_by_id=user_ids.get(row["created_by"]),
            )
            for row in plan.meetings
            if key(row)[0] is not None and key(row)[0] not in changed and key(row) not in existing
        ],
        batch_size=BATCH_SIZE,
    )
    meeting_ids, not_yet_held = {}, set()
    for network_id, number, pk, title, starts_at, status in Meeting.objects.filter(network_id__in=ids).values_list(
        "network_id", "number", "pk", "title", "starts_at", "status"
    ):
        if planned.get((network_id, number)) == (title, starts_at):
            meeting_ids[network_id, number] = pk
            if status == Meeting.Status.PLANNED:
                not_yet_held.add(pk)
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
        if meeting_id and membership_id and meeting_id not in not_yet_held:
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
    return membership_ids


COORDINATOR = frozenset({Actor.COORDINATOR})


def _load_lifecycle(plan, network_ids, user_ids, membership_ids):
    """Move the networks through their phases with the lifecycle services, in the order of the plan.

    Only networks that are still fresh (forming, no history) are moved, so a second run moves none.
    After each step the rows the service stamped with the present moment get the plan's moment.
    """
    fresh = set(
        Network.objects.filter(pk__in=network_ids.values(), phase=Phase.FORMING, phase_changes=None).values_list(
            "pk", flat=True
        )
    )
    steps = [step for step in plan.lifecycle if network_ids.get(step["network"]) in fresh]
    if not steps:
        return
    networks = Network.objects.in_bulk(fresh)
    meetings = {(m.network_id, m.number): m for m in Meeting.objects.filter(network_id__in=fresh)}
    users = User.objects.in_bulk({user_ids[step["by"]] for step in steps if "by" in step})
    present = defaultdict(list)
    for row in plan.attendance:
        network_id = network_ids.get(row["network"])
        if network_id in fresh and row["present"]:
            membership_id = membership_ids.get((network_id, user_ids.get(row["email"]), row["joined_on"]))
            present[network_id, row["number"]].append(membership_id)

    for step in steps:
        network_id = network_ids[step["network"]]
        network, by, at = networks[network_id], users.get(user_ids.get(step.get("by"))), step["at"]
        kind = step["step"]
        history_before = PhaseChange.objects.filter(network_id=network_id).aggregate(last=Max("pk"))["last"] or 0
        if kind == "start_support":
            lifecycle.start_support(network=network, by=by, actors=COORDINATOR)
            # The service counts every meeting planned at that moment; the demo's rows stand for a whole
            # history at once, so the plan says which of them the facilitator led.
            own = [m for (owner, _number), m in meetings.items() if owner == network_id]
            Meeting.objects.filter(pk__in=[m.pk for m in own if m.is_supported]).update(is_supported=True)
            Meeting.objects.filter(pk__in=[m.pk for m in own if not m.is_supported]).update(is_supported=False)
        elif kind == "held":
            meeting = meetings.get((network_id, step["number"]))
            if meeting is None or meeting.status != Meeting.Status.PLANNED:
                continue  # someone changed it in the running portal
            record_attendance(
                meeting=meeting, recorded_by=by, present_membership_ids=present[network_id, step["number"]]
            )
            Attendance.objects.filter(meeting=meeting).update(recorded_at=at)
        elif kind == "view":
            membership_id = membership_ids.get((network_id, user_ids.get(step["email"]), step["joined_on"]))
            membership = Membership.objects.get(pk=membership_id)
            view = lifecycle.give_view(membership=membership, choice=step["choice"], comment=step["comment"])
            View.objects.filter(pk=view.pk).update(answered_at=at)
        elif kind == "outcome":
            decision = lifecycle.record_outcome(
                network=network,
                by=by,
                actors=COORDINATOR,
                outcome=step["outcome"],
                facilitation=step["facilitation"],
                reason=step["reason"],
            )
            Decision.objects.filter(pk=decision.pk).update(recorded_at=at, follow_up_due=step["follow_up_due"])
        elif kind == "follow_up":
            decision = lifecycle.answer_follow_up(
                network=network, by=by, actors=COORDINATOR, continued=step["continued"], reason=step["reason"]
            )
            Decision.objects.filter(pk=decision.pk).update(followed_up_at=at, follow_up_asked_at=step["asked_at"])
        elif kind == "stop":
            lifecycle.stop(network=network, by=by, actors=COORDINATOR, reason=step["reason"])
        # The moves this step made (the move to deciding too, when the last supported meeting was held).
        PhaseChange.objects.filter(network_id=network_id, pk__gt=history_before).update(changed_at=at)

    # The programme's facilitator left when the outcome was recorded (unless the schools pay them on).
    for row in plan.released:
        network_id = network_ids.get(row["network"])
        if network_id in fresh:
            Membership.objects.filter(
                network_id=network_id, user_id=user_ids[row["email"]], role=Membership.Role.FACILITATOR
            ).exclude(left_on=None).update(left_on=row["left_on"])


@transaction.atomic
def load():
    """Write the demo data; insert only what is missing. Returns the counts for the summary line.

    Side effects: the missing rows of every demo table; the demo logins' flags put back.
    The plan moves from its own day to today's week by whole weeks, so the next meetings lie ahead.
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
    # Keyed by person and network, not by the day they joined: a plan for a later week has the same
    # memberships with later days, and loading it into an older database must not add them twice.
    existing = set(Membership.objects.filter(network_id__in=network_ids.values()).values_list("network_id", "user_id"))
    new = []
    for row in plan.memberships:
        network_id = network_ids.get(row["network"])
        user_id = user_ids.get(row["email"])
        if network_id is None or user_id is None or (network_id, user_id) in existing:
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
    membership_ids = _load_meetings(plan, network_ids, user_ids)
    with outbox.suppressed():  # the demo's past is news to nobody (see the top)
        _load_lifecycle(plan, network_ids, user_ids, membership_ids)
    _load_mail(plan, network_ids, user_ids)
    return {
        "regions": Region.objects.count(),
        "networks": Network.objects.count(),
        "schools": School.objects.count(),
        "people": User.objects.count(),
        "meetings": Meeting.objects.count(),
    }


# --- Reminders, follow-ups, evaluations and mail preferences ------------------------------------------

# How far back the demo has a mail history: reminders sent and follow-ups done for the meetings held in
# these weeks before the last one. Further back the pages would only show more of the same.
MAIL_HISTORY = timedelta(weeks=8)


def _load_mail(plan, network_ids, user_ids):
    """Rules, reminders, follow-ups, evaluations, preferences and digest items, for the networks that
    have none of them yet (no rule and no reminder): a second run, or a network whose coordinator
    changed its rules, is left alone.

    What lies in the demo's past is written as it would have been: reminders sent (with their outbox
    rows, sent), missed or dropped, follow-ups done, evaluations answered. What is due now is left to
    beat in the running portal, so `make run` sends real mail into the local sink within minutes: a
    reminder of the demo member's second network (`_reminder_due_now`) and the follow-up of the last
    meeting of the demo coordinator's network. Loading itself sends nothing.
    """
    new = set(
        Network.objects.filter(pk__in=network_ids.values())
        .exclude(Exists(ReminderRule.objects.filter(network=OuterRef("pk"))))
        .exclude(Exists(Reminder.objects.filter(meeting__network=OuterRef("pk"))))
        .values_list("pk", flat=True)
    )
    if not new:
        return
    now = timezone.now()
    networks = Network.objects.in_bulk(new)
    wanted = defaultdict(set)
    for row in plan.reminder_rules:
        wanted[network_ids.get(row["network"])].add((row["hours_before"], row["audience"]))
    for pk, network in networks.items():
        reminders.create_default_rules(network)
        if network.is_stopped:
            continue  # its rules can no longer change; it has no meeting ahead either
        for rule in ReminderRule.objects.filter(network=network):
            if (rule.hours_before, rule.audience) not in wanted[pk]:
                reminders.remove_reminder_rule(rule=rule)
        have = set(ReminderRule.objects.filter(network=network).values_list("hours_before", "audience"))
        for hours_before, audience in sorted(wanted[pk] - have):
            reminders.add_reminder_rule(network=network, hours_before=hours_before, audience=audience)
        reminders.sync_network_reminders(network)  # the reminders of its upcoming meeting

    _set_preferences(plan, network_ids, user_ids)
    # Counted back from the last meeting held rather than from now: after a school holiday, when nobody
    # met for weeks, the mail trace still shows how reminders and follow-ups went.
    all_held = Meeting.objects.filter(network_id__in=new, status=Meeting.Status.HELD)
    last_end = all_held.aggregate(last=Max("ends_at"))["last"] or now
    held = list(
        all_held.filter(ends_at__gt=last_end - MAIL_HISTORY).select_related("network").order_by("ends_at", "pk")
    )
    last_of_coordinated = (
        Meeting.objects.filter(network_id=network_ids.get(slugify(DEMO_COORDINATED)), status=Meeting.Status.HELD)
        .order_by("-starts_at")
        .first()
    )
    _reminder_history(held, now)
    _follow_up_history(held, now, due=last_of_coordinated)
    _evaluations(plan, network_ids, user_ids, new)
    _news_in_the_digest(held, now)
    second = network_ids.get(slugify(DEMO_MEMBER_SECOND))
    if second in new:
        _reminder_due_now(networks[second], now)


def _set_preferences(plan, network_ids, user_ids):
    """Two members of the demo coordinator's network chose other mail: one switched reminders off, one
    wants follow-ups in the weekly digest (its follow-up, due now, shows both on the mail trace)."""
    coordinated = slugify(DEMO_COORDINATED)
    members = [
        row["email"]
        for row in plan.memberships
        if row["network"] == coordinated
        and row["role"] == "member"
        and row["left_on"] is None
        and row["email"] not in {email for _role, email, *_rest in DEMO_PEOPLE}
    ]
    chosen = [(members[0], Topic.REMINDERS, Delivery.OFF), (members[1], Topic.FOLLOW_UPS, Delivery.DIGEST)]
    users = User.objects.in_bulk([user_ids[email] for email, _topic, _delivery in chosen])
    for email, topic, delivery in chosen:
        user = users[user_ids[email]]
        if Preference.objects.filter(user=user, topic=topic).exists():
            continue  # they chose since
        preferences.set_delivery(user=user, topic=topic, delivery=delivery)
        # Chosen long before the demo's recent meetings, so every reminder of them heeded it.
        Preference.objects.filter(user=user, topic=topic).update(changed_at=user.date_joined + timedelta(days=3))


def _reminder_history(held, now):
    """The reminders of the meetings held lately, as they went: sent to those the rules chose then (their
    outbox rows marked sent), one missed by a worker that was down, and one dropped when its meeting moved.

    The rows are written directly: the service sends only what is due now, and refuses a held meeting.
    """
    rng = random.Random(f"{SEED}:reminders")
    rules = defaultdict(list)
    for rule in ReminderRule.objects.filter(network__in={m.network_id for m in held}):
        rules[rule.network_id].append(rule)
    missed = held[len(held) // 2] if held else None
    moved = held[len(held) // 3] if held else None
    for meeting in held:
        if meeting == moved:
            # Planned a week earlier at first; the reminder for that start waited, and was dropped.
            earlier = meeting.starts_at - timedelta(weeks=1)
            Reminder.objects.create(
                meeting=meeting,
                rule=None,
                hours_before=48,
                audience=ReminderRule.Audience.COMING,
                starts_at=earlier,
                due_at=earlier - timedelta(hours=48),
                status=Reminder.Status.DROPPED,
                reason=reminders.REASON_MOVED,
                done_at=earlier - timedelta(days=9),
            )
        for rule in sorted(rules[meeting.network_id], key=lambda r: -r.hours_before):
            reminder = Reminder.by_rule(rule, meeting)
            due_at = reminder.due_at
            if meeting == missed and rule.audience == ReminderRule.Audience.COMING:
                reminder.status, reminder.reason = Reminder.Status.MISSED, reminders.REASON_LATE
                reminder.done_at = due_at + timedelta(hours=3, minutes=rng.randint(5, 50))
                reminder.save()
                continue
            reminder.status, reminder.done_at = Reminder.Status.SENT, due_at + timedelta(minutes=rng.randint(1, 4))
            reminder.save()
            users = reminders.recipients_of(reminder, meeting)
            rows = reminders.queue_reminder_mails(reminder, meeting, users)
            OutgoingMail.objects.filter(pk__in=[row.pk for row in rows]).update(
                status=OutgoingMail.Status.SENT,
                attempts=1,
                created_at=reminder.done_at,
                next_attempt_at=reminder.done_at,
                claimed_at=reminder.done_at,
                sent_at=reminder.done_at + timedelta(seconds=rng.randint(2, 40)),
            )
            Reminder.objects.filter(pk=reminder.pk).update(recipients=len(users))


def _follow_up_history(held, now, *, due):
    """The follow-ups of the meetings held lately went out the day after, and the evaluation reminder a
    week later. All but `due`: the last meeting of the demo coordinator's network, whose follow-up beat
    sends in the running portal."""
    rows = []
    for meeting in held:
        if meeting == due:
            continue
        sent_at = meeting.ends_at + follow_ups.FOLLOW_UP_AFTER + timedelta(minutes=15)
        reminded = meeting.ends_at + follow_ups.EVALUATION_REMINDER_AFTER + timedelta(minutes=15)
        rows.append(
            FollowUp(meeting=meeting, sent_at=sent_at, evaluation_reminded_at=reminded if reminded <= now else None)
        )
    FollowUp.objects.bulk_create(rows, ignore_conflicts=True)


def _evaluations(plan, network_ids, user_ids, new):
    """Who evaluated (EvaluationResponse) and what they said (EvaluationAnswer), as plain rows. The
    answers go in shuffled: in the order of the responses, their ids would tell who said what."""
    meetings = {
        (network_id, number): pk
        for network_id, number, pk in Meeting.objects.filter(
            network_id__in=new, status=Meeting.Status.HELD
        ).values_list("network_id", "number", "pk")
    }
    responses, answers = [], []
    for row in plan.evaluations:
        meeting_id = meetings.get((network_ids.get(row["network"]), row["number"]))
        if meeting_id is None or row["email"] not in user_ids:
            continue
        user_id = user_ids[row["email"]]
        responses.append(EvaluationResponse(meeting_id=meeting_id, user_id=user_id, answered_at=row["answered_at"]))
        answers.append(
            EvaluationAnswer(
                meeting_id=meeting_id,
                overall=row["overall"],
                useful=row["useful"],
                will_try=row["will_try"],
                comment=row["comment"],
            )
        )
    random.Random(f"{SEED}:answers").shuffle(answers)
    EvaluationResponse.objects.bulk_create(responses, batch_size=BATCH_SIZE, ignore_conflicts=True)
    EvaluationAnswer.objects.bulk_create(answers, batch_size=BATCH_SIZE)


def _news_in_the_digest(held, now):
    """The notes of the last two weeks, announced as the notes service does: most members get them in
    their weekly digest (the default for new notes), so the digest has something to list."""
    notes = Note.objects.filter(
        meeting__in=[m for m in held if m.ends_at > now - timedelta(weeks=2)], is_confidential=False
    ).select_related("meeting__network", "author")
    for note in notes:
        follow_ups.announce_new_note(note)
        DigestItem.objects.filter(about_id=str(note.pk), kind=MeetingMail.NEW_NOTE).update(created_at=note.created_at)


def _reminder_due_now(network, now):
    """A rule of the demo member's second network whose first reminder is due as the demo starts: beat's
    `send_due_reminders` (every five minutes) sends it into the local sink, the answer buttons included.

    Its offset is counted from this moment to the next meeting, rounded up to whole hours, so the
    reminder became due within the last hour: as if the rule had been added a little earlier, when its
    moment was still ahead (the service drops a reminder whose moment has passed). Beat sends it while
    it is less than three hours late (reminders.LATE_LIMIT).
    """
    meeting = network.meetings.filter(status=Meeting.Status.PLANNED, starts_at__gt=now).order_by("starts_at").first()
    if meeting is None:
        return
    hours_before = math.ceil((meeting.starts_at - now).total_seconds() / 3600)
    if hours_before > REMINDER_MAX_HOURS:
        return  # late in June the next meeting is after the summer, further ahead than any rule may reach
    rule, _created = ReminderRule.objects.get_or_create(
        network=network, hours_before=hours_before, audience=ReminderRule.Audience.NOT_ANSWERED
    )
    Reminder.objects.get_or_create(
        meeting=meeting,
        hours_before=hours_before,
        audience=rule.audience,
        starts_at=meeting.starts_at,
        defaults={"rule": rule, "due_at": meeting.starts_at - timedelta(hours=hours_before)},
    )
