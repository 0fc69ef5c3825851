"""Strict tenancy in casework (issue 14): LA staff see their own local
authority's children, and nothing of another's.

Two LAs, Leicestershire (855) and Leicester (856), an officer, a manager and
an administrator in each (Leicestershire's are the conftest cast, with no LA
set: the deployment's, the first of LA_CODES), casework of every worklist in
each. Every list shows only its own LA's rows, every object of the other LA
answers 404 (as if it did not exist), counts leave the other LA out, and
casework is assigned only to the same LA's staff."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from inclusion_tracker.accounts.models import User
from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.accounts.tests.factories import UserFactory
from inclusion_tracker.audit.models import AuditEvent
from inclusion_tracker.casework import merging
from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.casework.models import ChildMerge, Episode, Note
from inclusion_tracker.casework.tests.factories import submitted_notification
from inclusion_tracker.casework.tests.test_child_page import details, loaded_state
from inclusion_tracker.casework.worklists import WORKLISTS
from inclusion_tracker.children.models import Child
from inclusion_tracker.children.tests.factories import ChildFactory, make_upn
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.establishments.models import Establishment
from inclusion_tracker.establishments.tests.factories import EstablishmentFactory
from inclusion_tracker.notifications.models import DestinationKnown, Kind, Notification

pytestmark = pytest.mark.django_db


@dataclass
class Authority:
    """One LA's staff and casework: one episode on every worklist."""

    code: str
    officer: User
    manager: User
    admin: User
    school: Establishment
    child: Child
    sibling: Child  # another current record of the same LA
    plan: Episode  # the officer's part-time timetable: review due, past its end date
    enquiry: Episode  # an unassigned CME enquiry open too long
    absence: Episode  # a health-needs absence past 15 school days
    removal: Episode  # a removal with no known destination, notified late
    waiting: Episode  # a CME closure awaiting a manager's approval
    to_triage: Notification
    merge: ChildMerge
    merged: Child

    def staff(self, role: str) -> User:
        return {"officer": self.officer, "manager": self.manager, "admin": self.admin}[role]


# How many episodes of one LA each worklist holds (the officer's caseload).
COUNTS = {
    "my-caseload": 1,
    "unassigned": 4,
    "reviews-due": 1,
    "past-end-date": 1,
    "no-destination": 1,
    "late-removal-returns": 1,
    "cme-overdue": 1,
    "health-15-days": 1,
    "awaiting-approval": 1,
}


def casework_in(code: str, last_name: str, officer, manager, admin) -> Authority:
    today = timezone.localdate()
    school = EstablishmentFactory(la_code=code, name=f"{last_name} School")
    school_user = UserFactory(role=Role.SCHOOL_USER, establishments=[school])

    def record(first_name: str, **fields) -> Child:
        return ChildFactory(
            local_authority_id=code,
            legal_first_name=first_name,
            legal_last_name=last_name,
            current_establishment=school,
            **fields,
        )

    child = record("Amelia", upn=make_upn(1, la=int(code)))
    sibling = record("Bea")
    kept, merged = record("Cal"), record("Cal")
    merge = merging.merge(kept, merged, by=officer, reason="The same child")

    def episode(kind, **fields) -> Episode:
        return Episode.objects.create(child=child, kind=kind, establishment=school, **fields)

    plan = episode(
        EpisodeKind.PART_TIME_TIMETABLE,
        owner=officer,
        review_due=today - timedelta(days=30),
        end_date=today - timedelta(days=30),
    )
    enquiry = episode(EpisodeKind.CME_ENQUIRY, opened_on=today - timedelta(days=200))
    absence = episode(EpisodeKind.HEALTH_NEEDS, duty_date=today - timedelta(days=10))
    removed = submitted_notification(
        Kind.REMOVAL_FROM_ROLL,
        establishment=school,
        user=school_user,
        details={
            "destination_known": DestinationKnown.NOT_KNOWN,
            "deletion_date": today - timedelta(days=20),
        },
    )
    Notification.objects.filter(pk=removed.pk).update(child=child)
    removal = episode(EpisodeKind.REMOVAL_FROM_ROLL)
    removal.notifications.add(removed)
    waiting = episode(EpisodeKind.CME_ENQUIRY)
    waiting.change_status(
        "awaiting_approval", by=officer, outcome="whereabouts_unknown", notes="All tried"
    )
    to_triage = submitted_notification(
        Kind.PART_TIME_TIMETABLE,
        establishment=school,
        user=school_user,
        first_name="Dan",
        last_name=last_name,
    )
    return Authority(
        code=code,
        officer=officer,
        manager=manager,
        admin=admin,
        school=school,
        child=child,
        sibling=sibling,
        plan=plan,
        enquiry=enquiry,
        absence=absence,
        removal=removal,
        waiting=waiting,
        to_triage=to_triage,
        merge=merge,
        merged=merged,
    )


@pytest.fixture
def shire(officer, manager, admin_user) -> Authority:
    """Leicestershire (855): the conftest cast, whose LA is the deployment's."""
    return casework_in("855", "Shireling", officer, manager, admin_user)


@pytest.fixture
def city(db) -> Authority:
    """Leicester (856), with its own staff."""
    return casework_in(
        "856",
        "Citywell",
        UserFactory(role=Role.INCLUSION_OFFICER, local_authority_id="856"),
        UserFactory(role=Role.TEAM_MANAGER, local_authority_id="856"),
        UserFactory(role=Role.ADMINISTRATOR, local_authority_id="856"),
    )


@pytest.fixture(params=["855 looks at 856", "856 looks at 855"])
def both_ways(request, shire, city) -> tuple[Authority, Authority]:
    """(the LA whose staff look, the other LA), each way round."""
    return (shire, city) if request.param.startswith("855") else (city, shire)


# Every object of the other LA: 404 ------------------------------------------

# (URL name, its arguments from an LA, who may use it in their own LA, what
# they get there). Each is asked of the other LA by the same role.
OBJECT_URLS = [
    ("casework:child", lambda la: [la.child.pk], "officer", 200),
    ("casework:child", lambda la: [la.merged.pk], "officer", 200),
    ("casework:child-edit", lambda la: [la.child.pk], "officer", 200),
    ("casework:note-add", lambda la: [la.child.pk], "officer", 302),
    ("casework:episode-open", lambda la: [la.child.pk], "officer", 200),
    ("casework:merge", lambda la: [la.child.pk], "officer", 200),
    ("casework:merge-confirm", lambda la: [la.child.pk, la.sibling.pk], "officer", 200),
    ("casework:merge-detail", lambda la: [la.merge.pk], "admin", 200),
    ("casework:episode", lambda la: [la.enquiry.pk], "officer", 200),
    ("casework:episode-edit", lambda la: [la.enquiry.pk], "officer", 200),
    ("casework:episode-status", lambda la: [la.enquiry.pk], "officer", 200),
    ("casework:enquiry-add", lambda la: [la.enquiry.pk], "officer", 200),
    ("casework:episode-approval", lambda la: [la.waiting.pk], "manager", 200),
    ("casework:triage-match", lambda la: [la.to_triage.reference], "officer", 200),
    ("casework:triage-new-child", lambda la: [la.to_triage.reference], "officer", 200),
    (
        "casework:triage-link",
        lambda la: [la.to_triage.reference, la.child.pk],
        "officer",
        200,
    ),
]
URL_IDS = [f"{name}-{n}" for n, (name, *_) in enumerate(OBJECT_URLS)]


@pytest.mark.parametrize(("name", "args", "role", "status"), OBJECT_URLS, ids=URL_IDS)
def test_staff_reach_their_own_las_objects(client_for, both_ways, name, args, role, status):
    mine, _ = both_ways
    response = client_for(mine.staff(role)).get(reverse(name, args=args(mine)))
    assert response.status_code == status


@pytest.mark.parametrize(("name", "args", "role", "status"), OBJECT_URLS, ids=URL_IDS)
@pytest.mark.parametrize("who", ["officer", "manager", "admin"])
def test_every_object_of_another_la_answers_404(
    client_for, both_ways, name, args, role, status, who
):
    mine, theirs = both_ways
    client = client_for(mine.staff(who))
    url = reverse(name, args=args(theirs))
    page_text(client.get(url), status=404)
    page_text(client.post(url, {}), status=404)


def test_nothing_of_another_la_is_changed_by_a_post(client_for, shire, city):
    client = client_for(shire.manager)
    before = city.enquiry.version
    client.post(reverse("casework:note-add", args=[city.child.pk]), {"text": "Mine"})
    client.post(reverse("casework:episode-status", args=[city.enquiry.pk]), {"status": "closed"})
    client.post(reverse("casework:episode-approval", args=[city.waiting.pk]), {"decision": "1"})
    assert not Note.objects.filter(child=city.child).exists()
    city.enquiry.refresh_from_db()
    city.waiting.refresh_from_db()
    assert city.enquiry.version == before
    assert city.waiting.status == "awaiting_approval"
    assert not AuditEvent.objects.filter(actor=shire.manager, child=city.child).exists()


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("casework:triage-link", lambda mine, theirs: [mine.to_triage.reference, theirs.child.pk]),
        ("casework:triage-link", lambda mine, theirs: [theirs.to_triage.reference, mine.child.pk]),
        ("casework:merge-confirm", lambda mine, theirs: [mine.child.pk, theirs.child.pk]),
        ("casework:merge-confirm", lambda mine, theirs: [theirs.child.pk, mine.child.pk]),
    ],
)
def test_an_own_object_with_another_las_answers_404(client_for, both_ways, name, args):
    """Linking a notification to another LA's child, or merging records
    across LAs, is refused as if the other record did not exist."""
    mine, theirs = both_ways
    client = client_for(mine.admin)
    url = reverse(name, args=args(mine, theirs))
    page_text(client.get(url), status=404)
    page_text(client.post(url, {"update_child": "True", "version": "1"}), status=404)
    assert Notification.objects.get(pk=mine.to_triage.pk).child is None
    assert Notification.objects.get(pk=theirs.to_triage.pk).child is None


# Lists and counts: only their own LA's rows ------------------------------------


def rows(response) -> list[Episode]:
    assert response.status_code == 200
    return [row["episode"] for row in response.context["rows"]]


@pytest.mark.parametrize("slug", [worklist.slug for worklist in WORKLISTS])
def test_every_worklist_lists_only_the_users_las_episodes(client_for, both_ways, slug):
    mine, theirs = both_ways
    listed = rows(client_for(mine.officer).get(reverse("casework:worklist", args=[slug])))
    assert len(listed) == COUNTS[slug]
    assert {episode.child.local_authority_id for episode in listed} == {mine.code}
    assert not {episode.child.local_authority_id for episode in listed} & {theirs.code}


def test_the_worklists_index_counts_only_the_users_las_episodes(client_for, both_ways):
    mine, _ = both_ways
    page = page_text(client_for(mine.officer).get(reverse("casework:worklists")))
    for slug, count in COUNTS.items():
        assert f'id="count-{slug}">{count}<' in page


def test_the_home_page_counts_only_the_users_las_work(client_for, both_ways):
    mine, _ = both_ways
    page = page_text(client_for(mine.officer).get("/"))
    assert "1 notification to triage" in page
    assert "1 open episode in your caseload" in page
    assert "1 CME enquiry awaiting your approval" in page_text(client_for(mine.manager).get("/"))


def test_an_episode_of_another_las_child_is_not_on_the_officers_caseload(client_for, shire, city):
    """Should a child's record move to another LA, its episodes go with it."""
    Episode.objects.create(child=city.child, kind=EpisodeKind.EARLY_YEARS, owner=shire.officer)
    response = client_for(shire.officer).get(reverse("casework:worklist", args=["my-caseload"]))
    assert rows(response) == [shire.plan]
    assert "1 open episode in your caseload" in page_text(client_for(shire.officer).get("/"))


def test_the_triage_inbox_lists_only_notifications_from_the_users_las_schools(
    client_for, both_ways
):
    mine, theirs = both_ways
    page = page_text(client_for(mine.officer).get(reverse("casework:triage")))
    assert "1 notification to triage" in page
    assert mine.to_triage.reference in page
    assert theirs.to_triage.reference not in page


def test_triage_offers_no_candidate_or_search_result_of_another_la(client_for, shire, city):
    """A notification to Leicestershire describing Leicester's child to the
    letter, UPN included, is matched with none of Leicester's records."""
    theirs = city.child
    notification = submitted_notification(
        Kind.PART_TIME_TIMETABLE,
        establishment=shire.school,
        upn=theirs.upn,
        first_name=theirs.legal_first_name,
        last_name=theirs.legal_last_name,
        date_of_birth=theirs.date_of_birth,
        postcode=theirs.postcode,
    )
    client = client_for(shire.officer)
    url = reverse("casework:triage-match", args=[notification.reference])
    response = client.get(url)
    assert notification.reference in page_text(response)
    candidates = [candidate.child for candidate in response.context["candidates"]]
    assert shire.child in candidates  # the same first name, date of birth and postcode
    assert {child.local_authority_id for child in candidates} == {"855"}
    assert client.get(url, {"q": "Citywell"}).context["results"] == []
    assert client.get(url, {"q": theirs.upn}).context["results"] == []
    found = client.get(url, {"q": "Shireling"}).context["results"]
    assert {shire.child, shire.sibling} <= set(found)
    assert {child.local_authority_id for child in found} == {"855"}


def test_the_record_to_merge_with_is_found_among_the_users_las_records_only(
    client_for, shire, city
):
    client = client_for(shire.officer)
    url = reverse("casework:merge", args=[shire.child.pk])
    assert client.get(url, {"q": "Citywell"}).context["results"] == []
    assert shire.sibling in client.get(url, {"q": "Shireling"}).context["results"]


def test_administrators_list_only_their_las_merges(client_for, both_ways):
    mine, theirs = both_ways
    response = client_for(mine.admin).get(reverse("casework:merges"))
    page = page_text(response)
    assert reverse("casework:merge-detail", args=[mine.merge.pk]) in page
    assert reverse("casework:merge-detail", args=[theirs.merge.pk]) not in page


# Assigning: only the same LA's staff -------------------------------------------


def owner_choices(field) -> set[str]:
    return {str(value) for value, _ in field.choices if value}


def test_a_manager_assigns_only_to_their_own_las_staff(client_for, shire, city):
    response = client_for(shire.manager).get(reverse("casework:worklist", args=["unassigned"]))
    choices = owner_choices(response.context["form"].fields["owner"])
    assert {str(shire.officer.pk), str(shire.manager.pk), str(shire.admin.pk)} <= choices
    assert not {str(city.officer.pk), str(city.manager.pk), str(city.admin.pk)} & choices
    response = client_for(shire.manager).get(reverse("casework:worklist", args=["reviews-due"]))
    filters = owner_choices(response.context["filter_form"].fields["owner"])
    assert str(shire.officer.pk) in filters and str(city.officer.pk) not in filters


def test_a_manager_cannot_assign_to_another_las_officer(client_for, shire, city):
    url = reverse("casework:worklist", args=["unassigned"])
    response = client_for(shire.manager).post(
        url,
        {"episodes": f"{shire.enquiry.pk}:{shire.enquiry.version}", "owner": city.officer.pk},
    )
    assert "Select who to assign the episodes to" in page_text(response)
    shire.enquiry.refresh_from_db()
    assert shire.enquiry.owner is None


def test_a_manager_cannot_assign_another_las_episode(client_for, shire, city):
    url = reverse("casework:worklist", args=["unassigned"])
    response = client_for(shire.manager).post(
        url,
        {"episodes": f"{city.enquiry.pk}:{city.enquiry.version}", "owner": shire.officer.pk},
    )
    assert "Select episodes from the list" in page_text(response)
    city.enquiry.refresh_from_db()
    assert city.enquiry.owner is None


def test_an_episodes_owner_is_chosen_among_its_las_staff(client_for, shire, city):
    client = client_for(shire.officer)
    edit = client.get(reverse("casework:episode-edit", args=[shire.enquiry.pk]))
    choices = owner_choices(edit.context["form"].fields["owner"])
    assert str(shire.officer.pk) in choices and str(city.officer.pk) not in choices
    opening = client.get(reverse("casework:episode-open", args=[shire.child.pk]))
    choices = owner_choices(opening.context["form"].fields["owner"])
    assert str(shire.manager.pk) in choices and str(city.manager.pk) not in choices


# A UPN on another LA's record: said, never shown ----------------------------


def test_a_upn_on_another_las_record_is_refused_without_naming_the_record(client_for, shire, city):
    client = client_for(shire.officer)
    url = reverse("casework:child-edit", args=[shire.sibling.pk])
    state = loaded_state(client.get(url))
    page = page_text(
        client.post(url, details(shire.sibling, upn=city.child.upn, loaded_state=state))
    )
    assert "A child with this UPN already exists" in page
    assert "This UPN is on a record in another local authority" in page
    assert reverse("casework:child", args=[city.child.pk]) not in page
    assert "Citywell" not in page
    assert not AuditEvent.objects.filter(child=city.child, actor=shire.officer).exists()


def test_linking_a_notification_with_another_las_upn_does_not_name_the_record(
    client_for, shire, city
):
    notification = submitted_notification(
        Kind.PART_TIME_TIMETABLE, establishment=shire.school, upn=city.child.upn
    )
    url = reverse("casework:triage-link", args=[notification.reference, shire.sibling.pk])
    page = page_text(client_for(shire.officer).get(url))
    assert "is already on a record in another local authority" in page
    assert reverse("casework:child", args=[city.child.pk]) not in page
    assert "Citywell" not in page
    assert not AuditEvent.objects.filter(child=city.child, actor=shire.officer).exists()
