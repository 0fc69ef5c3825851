"""Two local authorities' worth of data for the tenancy tests
(core/tests/test_tenancy_matrix.py, issue 14): LA 855 (Leicestershire) and
LA 856 (Leicester), each with a school, its school user and main contact, an
officer, a team manager and an administrator, and a child with one object of
every kind a URL can name; and a handover of its child to Rutland (857, not in
the service) and one of a Staffordshire (860) child to it.

Everything an LA holds carries that LA's marker words, so a page can be
searched for another LA's rows: every child's and notification's last name
is the LA's `surname`, every member of staff's (school or LA) is its
`staff_surname`, its school's name holds its `school_word`. UPNs and
notification references are collected too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from inclusion_tracker.accounts.models import User
from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.accounts.tests.factories import UserFactory
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.casework import intake, merging
from inclusion_tracker.casework.enquiries import EnquiryMethod, EnquiryResult
from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.casework.models import EnquiryAction, Episode, Note
from inclusion_tracker.casework.tests.factories import detail_defaults, submitted_notification
from inclusion_tracker.children.models import Child
from inclusion_tracker.children.tests.factories import ChildFactory, make_upn
from inclusion_tracker.establishments.models import Establishment, LocalAuthority
from inclusion_tracker.establishments.tests.factories import EstablishmentFactory
from inclusion_tracker.handovers.models import Handover
from inclusion_tracker.notifications.models import (
    DestinationKnown,
    Kind,
    Notification,
    OtherReason,
    RemovalFromRoll,
    RemovalParent,
)
from inclusion_tracker.referrals.tests.helpers import make_referral
from inclusion_tracker.reminders.kinds import ReminderKind
from inclusion_tracker.reminders.models import Reminder
from inclusion_tracker.school_calendar.models import NonSchoolDay, Term
from inclusion_tracker.support.models import Service

# The roles whose pages the tests drive, by the name the tests use.
ROLES: dict[str, str] = {
    "officer": Role.INCLUSION_OFFICER,
    "manager": Role.TEAM_MANAGER,
    "admin": Role.ADMINISTRATOR,
    "school_user": Role.SCHOOL_USER,
    "main_contact": Role.SCHOOL_MAIN_CONTACT,
}
LA_STAFF = ("officer", "manager", "admin")
SCHOOL_STAFF = ("school_user", "main_contact")


@dataclass
class Tenant:
    """One LA's people and objects (primary keys and references)."""

    code: str
    surname: str
    staff_surname: str
    school_word: str
    school: Establishment
    users: dict[str, User] = field(default_factory=dict)
    child: int = 0
    # A second current record: the other half of a merge to confirm, with a
    # CME enquiry awaiting a team manager's approval.
    other_child: int = 0
    # A notification of each kind, linked to `child` (which opened its episodes).
    notifications: dict[str, str] = field(default_factory=dict)
    untriaged: str = ""
    draft: str = ""
    draft_parent: int = 0
    # An open episode of each kind, and "awaiting_approval".
    episodes: dict[str, int] = field(default_factory=dict)
    merge: int = 0
    referral: int = 0
    term: int = 0
    day: int = 0
    # A handover of our child to an LA outside the service (857), and one of
    # another LA's child (860) to us, waiting for us to accept.
    handover_out: int = 0
    handover_in: int = 0
    upns: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)


@dataclass
class World:
    ours: Tenant  # LA 856: the users who ask
    theirs: Tenant  # LA 855: whose objects they ask for


def build_tenant(
    code: str, *, surname: str, staff_surname: str, school_word: str, service: Service
) -> Tenant:
    today = timezone.localdate()
    authority = LocalAuthority.by_code(code)
    assert authority is not None
    school = EstablishmentFactory(
        la_code=code, la_name=authority.name, name=f"{school_word} Hall School"
    )
    tenant = Tenant(
        code=code,
        surname=surname,
        staff_surname=staff_surname,
        school_word=school_word,
        school=school,
    )
    for key, role in ROLES.items():
        tenant.users[key] = UserFactory(
            email=f"{key.replace('_', '.')}.{code}@example.com",
            full_name=f"{key.replace('_', ' ').title()} {staff_surname}",
            role=role,
            local_authority_id=code,
            establishments=[school] if key in SCHOOL_STAFF else None,
        )
    officer, manager, admin = (tenant.users[key] for key in LA_STAFF)
    school_user = tenant.users["school_user"]

    def upn(serial: int) -> str:
        value = make_upn(serial, la=int(code), establishment=2001, year=14)
        tenant.upns.append(value)
        return value

    def sent(kind: str, first_name: str, child_upn: str, **details) -> Notification:
        notification = submitted_notification(
            kind,
            establishment=school,
            user=school_user,
            details=details,
            first_name=first_name,
            last_name=surname,
            upn=child_upn,
            date_of_birth=date(2014, 3, 12),
        )
        tenant.references.append(notification.reference)
        return notification

    child = ChildFactory(
        legal_first_name="Ottoline",
        legal_last_name=surname,
        upn=upn(1),
        date_of_birth=date(2014, 3, 12),
        local_authority_id=code,
        current_establishment=school,
    )
    tenant.child = child.pk
    # A notification of each kind, linked at triage: the episodes they open.
    # The timetable's review and end date have passed, the removal's return
    # was late and gave no destination (a CME enquiry too), one absence is
    # for health (past 15 school days) and one not.
    linked = [
        sent(
            Kind.PART_TIME_TIMETABLE,
            "Ottoline",
            child.upn,
            start_date=today - timedelta(days=90),
            end_date=today - timedelta(days=20),
            first_review_date=today - timedelta(days=30),
        ),
        sent(
            Kind.REMOVAL_FROM_ROLL,
            "Ottoline",
            child.upn,
            deletion_date=today - timedelta(days=40),
            destination_known=DestinationKnown.NOT_KNOWN,
        ),
        sent(
            Kind.OTHER_MISSING_EDUCATION,
            "Ottoline",
            child.upn,
            reason=OtherReason.HEALTH,
            since=today - timedelta(days=90),
        ),
        sent(
            Kind.OTHER_MISSING_EDUCATION,
            "Ottoline",
            child.upn,
            reason=OtherReason.AWAITING_PLACE,
            since=today - timedelta(days=30),
        ),
        sent(Kind.EARLY_YEARS, "Ottoline", child.upn),
    ]
    for notification in linked:
        tenant.notifications.setdefault(notification.kind, notification.reference)
        intake.link(notification, child, by=officer)
    for episode in Episode.objects.filter(child=child).order_by("pk"):
        tenant.episodes.setdefault(episode.kind, episode.pk)
    assert set(tenant.episodes) == set(EpisodeKind.values), tenant.episodes
    episodes = tenant.episodes
    # Owners, so that every role's caseload lists a row; the CME enquiry
    # open long enough to be overdue.
    Episode.objects.filter(pk=episodes[EpisodeKind.PART_TIME_TIMETABLE]).update(owner=officer)
    Episode.objects.filter(pk=episodes[EpisodeKind.CME_ENQUIRY]).update(
        owner=manager, opened_on=today - timedelta(days=100)
    )
    Episode.objects.filter(pk=episodes[EpisodeKind.HEALTH_NEEDS]).update(owner=admin)
    cme = Episode.objects.get(pk=episodes[EpisodeKind.CME_ENQUIRY])
    EnquiryAction.objects.create(
        episode=cme,
        taken_on=today - timedelta(days=5),
        method=EnquiryMethod.HOME_VISIT,
        contacted="The family",
        result=EnquiryResult.NO_INFORMATION,
        outcome="Nobody answered the door",
        recorded_by=officer,
    )
    Note.objects.create(child=child, text="Spoke to the family", author=officer)
    tenant.referral = make_referral(
        officer,
        episode=Episode.objects.get(pk=episodes[EpisodeKind.PART_TIME_TIMETABLE]),
        service=service,
        made_on=today - timedelta(days=60),
    ).pk
    Reminder.objects.create(
        kind=ReminderKind.REVIEW_DUE,
        recipient=school_user,
        key=f"episode-{episodes[EpisodeKind.PART_TIME_TIMETABLE]}-review",
        episode_id=episodes[EpisodeKind.PART_TIME_TIMETABLE],
        about_date=today,
        subject="Review due",
        body="A review is due",
    )

    # Another record of the same child, merged into hers.
    duplicate = ChildFactory(
        legal_first_name="Ottoline",
        legal_last_name=surname,
        date_of_birth=date(2014, 3, 12),
        local_authority_id=code,
        current_establishment=school,
    )
    tenant.merge = merging.merge(child, duplicate, by=officer, reason="The same child").pk
    child.refresh_from_db()
    child.place_legal_hold(by=admin, reason="A court case is pending")

    # A second child, with a CME enquiry an officer asked to close.
    other = ChildFactory(
        legal_first_name="Perpetua",
        legal_last_name=surname,
        upn=upn(2),
        date_of_birth=date(2013, 5, 1),
        local_authority_id=code,
        current_establishment=school,
    )
    tenant.other_child = other.pk
    tenant.episodes["awaiting_approval"] = Episode.objects.create(
        child=other,
        kind=EpisodeKind.CME_ENQUIRY,
        establishment=school,
        status="awaiting_approval",
        outcome="whereabouts_unknown",
        outcome_notes="No trace at all",
        closure_requested_by=officer,
        closure_requested_at=timezone.now(),
    ).pk

    # A notification nobody has triaged yet, and a draft the school is writing.
    tenant.untriaged = sent(Kind.PART_TIME_TIMETABLE, "Wilhelmina", upn(3)).reference
    draft = Notification.start(kind=Kind.REMOVAL_FROM_ROLL, user=school_user, establishment=school)
    draft.first_name, draft.last_name = "Cressida", surname
    draft.save()
    removal = RemovalFromRoll.objects.create(
        notification=draft, **detail_defaults(Kind.REMOVAL_FROM_ROLL)
    )
    tenant.draft_parent = RemovalParent.objects.create(
        removal=removal, full_name=f"Parent {surname}", emergency_phone="07700 900123"
    ).pk
    tenant.draft = draft.reference
    tenant.references.append(draft.reference)

    # The school's own term dates, and the audit log's record of a visit.
    tenant.term = Term.objects.create(
        establishment=school,
        academic_year=2030,
        name="Autumn 1",
        first_day=date(2030, 9, 2),
        last_day=date(2030, 10, 18),
    ).pk
    tenant.day = NonSchoolDay.objects.create(establishment=school, date=date(2030, 9, 20)).pk
    AuditEvent.objects.record(
        action=Action.VIEW, obj=child, child=child, user=officer, summary="Viewed a record"
    )

    # Handovers: of our child's other absence to Rutland (857, outside the
    # service: to send by e-mail), and of a Staffordshire (860) child whose
    # family moved here, waiting in our inbox. Both carry our marker words.
    rutland, staffordshire = LocalAuthority.by_code("857"), LocalAuthority.by_code("860")
    assert rutland is not None and staffordshire is not None
    tenant.handover_out = Handover.start(
        Episode.objects.get(pk=episodes[EpisodeKind.OTHER_MISSING_EDUCATION]),
        to_la=rutland,
        by=officer,
        notes="The family moved to Oakham",
    ).pk
    arriving = ChildFactory(
        legal_first_name="Isolde",
        legal_last_name=surname,
        date_of_birth=date(2012, 1, 9),
        local_authority_id=staffordshire.code,
    )
    sender = UserFactory(
        full_name="Officer Staffordshire",
        role=Role.INCLUSION_OFFICER,
        local_authority_id=staffordshire.code,
    )
    tenant.handover_in = Handover.start(
        Episode.objects.create(child=arriving, kind=EpisodeKind.CME_ENQUIRY),
        to_la=authority,
        by=sender,
        notes=f"The family moved to {authority.name}",
    ).pk
    return tenant


def build_world() -> World:
    from inclusion_tracker.support.tests.factories import ServiceFactory

    # The support directory has no local authority: one service for both.
    service = ServiceFactory(name="Shared Counselling Service")
    theirs = build_tenant(
        "855", surname="Farthingale", staff_surname="Quenby", school_word="Quorn", service=service
    )
    ours = build_tenant(
        "856",
        surname="Winterbourne",
        staff_surname="Marchbanks",
        school_word="Belgrave",
        service=service,
    )
    assert Child.objects.filter(local_authority_id="855").count() == 3
    return World(ours=ours, theirs=theirs)
