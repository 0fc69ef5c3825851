"""After sending: the school's list and detail, reviews, the officers' list,
scope, and stale drafts."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.tests.helpers import heading, page_text
from inclusion_tracker.notifications.models import Kind, Notification, ReviewOutcome, Status
from inclusion_tracker.notifications.tests.helpers import (
    PART_TIME_ANSWERS,
    answer_all,
    date_parts,
    start,
)


def sent_part_time(client):
    notification = start(client, Kind.PART_TIME_TIMETABLE)
    answer_all(client, notification, PART_TIME_ANSWERS)
    client.post(f"/notify/{notification.reference}/check/")
    notification.refresh_from_db()
    assert notification.status == Status.RECEIVED
    return notification


@pytest.fixture
def school(client_for, school_user_a):
    return client_for(school_user_a)


@pytest.fixture
def sent(school):
    return sent_part_time(school)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("school_user_a", 200),
        ("main_contact_a", 200),
        ("school_user_b", 404),
        ("officer", 200),
        ("manager", 200),
        ("admin", 200),
        ("outsider", 404),
    ],
)
def test_who_may_open_a_sent_notification(client_for, cast, sent, who, status):
    assert client_for(cast[who]).get(f"/notifications/{sent.reference}/").status_code == status


def test_opening_a_notification_is_audited(client_for, officer, sent):
    client_for(officer).get(f"/notifications/{sent.reference}/")
    assert AuditEvent.objects.filter(
        action=Action.VIEW, actor=officer, object_id=str(sent.pk)
    ).exists()


@pytest.mark.parametrize("who", ["school_user_b", "officer", "outsider"])
def test_only_the_schools_own_users_reach_a_draft(client_for, cast, school, who):
    draft = start(school, Kind.PART_TIME_TIMETABLE)
    other = client_for(cast[who])
    for path in ["", "child-upn/", "check/", "confirmation/", "delete/"]:
        assert other.get(f"/notify/{draft.reference}/{path}").status_code in (403, 404), path
    assert other.post(
        f"/notify/{draft.reference}/child-upn/", {"upn": "B801200005001"}
    ).status_code in (403, 404)
    assert other.post(f"/notify/{draft.reference}/check/").status_code in (403, 404)
    draft.refresh_from_db()
    assert draft.upn == "" and draft.status == Status.DRAFT


def test_a_school_user_cannot_pick_another_schools_establishment(client_for, school_a, school_b):
    from inclusion_tracker.accounts.roles import Role
    from inclusion_tracker.accounts.tests.factories import UserFactory
    from inclusion_tracker.establishments.tests.factories import EstablishmentFactory

    third = EstablishmentFactory(name="Gamma School")
    trust_user = UserFactory(role=Role.SCHOOL_USER, establishments=[school_a, third])
    client = client_for(trust_user)
    draft = start(client, Kind.PART_TIME_TIMETABLE)
    assert draft.establishment is None
    assert (
        client.get(f"/notify/{draft.reference}/").url == f"/notify/{draft.reference}/establishment/"
    )
    response = client.post(
        f"/notify/{draft.reference}/establishment/", {"establishment": school_b.pk}
    )
    assert "Select one of your establishments" in page_text(response)
    draft.refresh_from_db()
    assert draft.establishment is None
    client.post(f"/notify/{draft.reference}/establishment/", {"establishment": third.pk})
    draft.refresh_from_db()
    assert draft.establishment == third


def test_the_schools_list_shows_its_establishments_drafts_and_sent_notifications(
    client_for, school, sent, main_contact_a, school_user_b
):
    draft = start(school, Kind.PART_TIME_TIMETABLE)
    colleague_view = page_text(client_for(main_contact_a).get("/notifications/"))
    assert sent.reference in colleague_view
    assert draft.reference in colleague_view
    other_school = page_text(client_for(school_user_b).get("/notifications/"))
    assert heading(other_school) == "Your notifications"
    assert "You have not sent any notifications yet." in other_school
    assert sent.reference not in other_school
    assert draft.reference not in other_school


def test_the_schools_list_uses_the_same_number_of_queries_for_many_rows(
    school, school_user_a, school_a
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert school.get("/notifications/").status_code == 200
        return len(queries)

    def make(n):
        for _ in range(n):
            Notification.start(
                kind=Kind.PART_TIME_TIMETABLE, user=school_user_a, establishment=school_a
            )
            sent = Notification.start(
                kind=Kind.PART_TIME_TIMETABLE, user=school_user_a, establishment=school_a
            )
            Notification.objects.filter(pk=sent.pk).update(
                status=Status.RECEIVED, submitted_at=timezone.now()
            )

    make(2)
    few = count()
    make(20)
    assert count() == few


def test_officers_see_received_notifications_and_can_filter_them(
    client_for, officer, sent, school_b
):
    client = client_for(officer)
    content = page_text(client.get("/notifications/received/"))
    assert sent.reference in content
    for filters in ({"kind": Kind.REMOVAL_FROM_ROLL}, {"establishment": school_b.urn}):
        filtered = page_text(client.get("/notifications/received/", filters))
        assert "No notifications match these filters." in filtered
        assert sent.reference not in filtered
    assert sent.reference in page_text(
        client.get("/notifications/received/", {"kind": Kind.PART_TIME_TIMETABLE})
    )


def test_officers_never_see_drafts(client_for, officer, school, sent):
    draft = start(school, Kind.PART_TIME_TIMETABLE)
    client = client_for(officer)
    received = page_text(client.get("/notifications/received/"))
    assert sent.reference in received
    assert draft.reference not in received
    assert client.get(f"/notifications/{draft.reference}/").status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("school_user_a", 403),
        ("main_contact_a", 403),
        ("outsider", 403),
        ("officer", 200),
        ("manager", 200),
        ("admin", 200),
    ],
)
def test_only_la_staff_see_the_received_list(client_for, cast, who, status):
    assert client_for(cast[who]).get("/notifications/received/").status_code == status


def test_the_received_list_uses_the_same_number_of_queries_for_many_rows(
    client_for, officer, school_user_a, school_a
):
    client = client_for(officer)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/notifications/received/").status_code == 200
        return len(queries)

    def make(n):
        for _ in range(n):
            sent = Notification.start(
                kind=Kind.PART_TIME_TIMETABLE, user=school_user_a, establishment=school_a
            )
            Notification.objects.filter(pk=sent.pk).update(
                status=Status.RECEIVED, submitted_at=timezone.now()
            )

    make(2)
    few = count()
    make(25)
    assert count() == few


def review(client, notification, data):
    return client.post(f"/notifications/{notification.reference}/review/", data)


def test_a_school_records_a_review_that_continues_the_plan(school, sent):
    response = review(
        school,
        sent,
        {
            **date_parts("reviewed_on", 20, 3, 2026),
            "outcome": ReviewOutcome.CONTINUE,
            **date_parts("next_review_date", 3, 4, 2026),
        },
    )
    assert response.url == f"/notifications/{sent.reference}/"
    plan = Notification.objects.get(pk=sent.pk).details
    assert plan.reviews.get().outcome == ReviewOutcome.CONTINUE
    assert plan.next_review_date.isoformat() == "2026-04-03"
    assert AuditEvent.objects.filter(action=Action.UPDATE, object_id=str(sent.pk)).exists()
    page = page_text(school.get(f"/notifications/{sent.reference}/"))
    assert "Continue to the planned end date" in page


def test_an_extension_moves_the_end_date_and_keeps_the_old_one_in_the_history(school, sent):
    review(
        school,
        sent,
        {
            **date_parts("reviewed_on", 20, 3, 2026),
            "outcome": ReviewOutcome.EXTEND,
            **date_parts("new_end_date", 1, 5, 2026),
            "reason": "Needs longer",
            **date_parts("next_review_date", 17, 4, 2026),
        },
    )
    plan = Notification.objects.get(pk=sent.pk).details
    assert plan.end_date.isoformat() == "2026-05-01"
    assert plan.reviews.get().previous_end_date.isoformat() == "2026-04-10"


def test_returning_to_full_time_ends_the_plan_and_stops_further_reviews(school, sent):
    review(
        school, sent, {**date_parts("reviewed_on", 20, 3, 2026), "outcome": ReviewOutcome.RETURNED}
    )
    plan = Notification.objects.get(pk=sent.pk).details
    assert plan.ended_on.isoformat() == "2026-03-20"
    assert school.get(f"/notifications/{sent.reference}/review/").status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"outcome": ReviewOutcome.CONTINUE}, "Enter the date of the review"),
        (date_parts("reviewed_on", 20, 3, 2026), "Select what was decided at the review"),
        (
            {
                **date_parts("reviewed_on", 20, 3, 2026),
                "outcome": ReviewOutcome.EXTEND,
                "reason": "x",
                **date_parts("next_review_date", 1, 4, 2026),
            },
            "Enter the new end date",
        ),
        (
            {
                **date_parts("reviewed_on", 20, 3, 2026),
                "outcome": ReviewOutcome.EXTEND,
                **date_parts("new_end_date", 5, 4, 2026),
                "reason": "x",
                **date_parts("next_review_date", 1, 4, 2026),
            },
            "The new end date must be after the current end date, 10 April 2026",
        ),
        (
            {
                **date_parts("reviewed_on", 20, 3, 2026),
                "outcome": ReviewOutcome.EXTEND,
                **date_parts("new_end_date", 1, 5, 2026),
                **date_parts("next_review_date", 1, 4, 2026),
            },
            "Enter the reason for extending the part-time timetable",
        ),
        (
            {**date_parts("reviewed_on", 20, 3, 2026), "outcome": ReviewOutcome.CONTINUE},
            "Enter the date of the next review",
        ),
        (
            {
                **date_parts("reviewed_on", 20, 3, 2026),
                "outcome": ReviewOutcome.CONTINUE,
                **date_parts("next_review_date", 20, 4, 2026),
            },
            "The date of the next review must be on or before the end date, 10 April 2026",
        ),
        (
            {**date_parts("reviewed_on", 20, 3, 2026), "outcome": ReviewOutcome.ENDED_OTHER},
            "Enter the reason the part-time timetable ended",
        ),
        (
            {**date_parts("reviewed_on", 1, 3, 2026), "outcome": ReviewOutcome.RETURNED},
            "The date of the review must be on or after the start date, 2 March 2026",
        ),
    ],
)
def test_a_bad_review_explains_what_to_fix_and_saves_nothing(school, sent, data, message):
    response = review(school, sent, data)
    assert response.status_code == 200
    assert message in page_text(response)
    assert not Notification.objects.get(pk=sent.pk).details.reviews.exists()


@pytest.mark.parametrize("who", ["school_user_b", "officer", "outsider"])
def test_only_the_schools_users_record_reviews(client_for, cast, sent, who):
    response = review(
        client_for(cast[who]),
        sent,
        {**date_parts("reviewed_on", 20, 3, 2026), "outcome": ReviewOutcome.RETURNED},
    )
    assert response.status_code in (403, 404)
    assert not Notification.objects.get(pk=sent.pk).details.reviews.exists()


def test_stale_drafts_are_deleted_and_sent_notifications_kept(school, sent, settings):
    settings.DRAFT_RETENTION_DAYS = 30
    old = start(school, Kind.PART_TIME_TIMETABLE)
    recent = start(school, Kind.PART_TIME_TIMETABLE)
    Notification.objects.filter(pk__in=[old.pk, sent.pk]).update(
        updated_at=timezone.now() - timedelta(days=31)
    )
    call_command("delete_stale_drafts")
    assert not Notification.objects.filter(pk=old.pk).exists()
    assert Notification.objects.filter(pk=recent.pk).exists()
    assert Notification.objects.filter(pk=sent.pk).exists()


def test_the_drafts_list_warns_before_a_draft_is_deleted(school, settings):
    settings.DRAFT_RETENTION_DAYS = 30
    draft = start(school, Kind.PART_TIME_TIMETABLE)
    Notification.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=25))
    content = page_text(school.get("/notifications/"))
    assert "Soon" in content
    assert (timezone.now() + timedelta(days=5)).strftime("%-d %b %Y") in content


def test_a_draft_can_be_deleted_by_its_school(school):
    draft = start(school, Kind.PART_TIME_TIMETABLE)
    response = school.post(f"/notify/{draft.reference}/delete/")
    assert response.status_code == 302
    assert response.url == "/notifications/"
    assert not Notification.objects.filter(pk=draft.pk).exists()


def test_the_demo_data_has_notifications_of_each_kind_and_can_be_loaded_twice(db):
    call_command("load_demo_data")
    call_command("load_demo_data")
    submitted = Notification.objects.submitted()
    assert set(submitted.values_list("kind", flat=True)) == set(Kind.values)
    assert submitted.filter(needs_cme_enquiry=True).count() == 1
    assert Notification.objects.drafts().count() == 1


@pytest.mark.parametrize(
    ("who", "path"), [("school_user_a", "/notifications/"), ("officer", "/notifications/received/")]
)
def test_viewing_a_list_of_notifications_is_audited(client_for, cast, who, path):
    client_for(cast[who]).get(path)
    assert AuditEvent.objects.filter(
        action=Action.VIEW, actor=cast[who], summary__startswith="Listed"
    ).exists()


def test_an_item_of_another_schools_draft_cannot_be_removed(client_for, school, school_user_b):
    from inclusion_tracker.notifications.models import OffsiteProvision

    draft = start(school, Kind.PART_TIME_TIMETABLE)
    school.post(f"/notify/{draft.reference}/offsite/", {"has_offsite_provision": "True"})
    school.post(
        f"/notify/{draft.reference}/offsite-providers/",
        {"action": "add", "provider": "Tutor", "hours_per_week": "3"},
    )
    item = OffsiteProvision.objects.get()
    other_school = client_for(school_user_b)
    draft_b = start(other_school, Kind.PART_TIME_TIMETABLE)
    # Neither through the other school's own draft nor through this draft's reference.
    assert (
        other_school.post(
            f"/notify/{draft_b.reference}/offsite-providers/remove/{item.pk}/"
        ).status_code
        == 404
    )
    assert (
        other_school.post(
            f"/notify/{draft.reference}/offsite-providers/remove/{item.pk}/"
        ).status_code
        == 404
    )
    assert OffsiteProvision.objects.filter(pk=item.pk).exists()


def test_a_school_user_with_no_establishment_cannot_start_or_send(client_for, school_user_a):
    school_user_a.establishments.clear()
    client = client_for(school_user_a)
    response = client.post("/notify/", {"kind": Kind.PART_TIME_TIMETABLE})
    assert response.status_code == 200
    assert "You are not linked to an establishment yet" in page_text(response)
    assert not Notification.objects.exists()


def test_officers_see_the_establishment_of_a_notification_from_a_trust_user(
    client_for, officer, school_a, school_b
):
    from inclusion_tracker.accounts.roles import Role
    from inclusion_tracker.accounts.tests.factories import UserFactory

    trust_user = UserFactory(role=Role.SCHOOL_USER, establishments=[school_a, school_b])
    client = client_for(trust_user)
    draft = start(client, Kind.PART_TIME_TIMETABLE)
    answer_all(
        client, draft, {**PART_TIME_ANSWERS, "establishment": {"establishment": school_b.pk}}
    )
    client.post(f"/notify/{draft.reference}/check/")
    content = page_text(client_for(officer).get(f"/notifications/{draft.reference}/"))
    assert "Beta Academy (900002)" in content


def test_the_school_sees_an_overdue_review_tagged_on_its_notification(school, sent):
    from inclusion_tracker.school_calendar.school_days import (
        add_school_days,
        last_school_day_on_or_before,
    )

    plan = sent.details
    # A school day has passed since the review date, whatever today is.
    plan.first_review_date = add_school_days(last_school_day_on_or_before(timezone.localdate()), -1)
    plan.end_date = plan.first_review_date + timedelta(days=60)
    plan.save()
    page = page_text(school.get(reverse("notifications:detail", args=[sent.reference])))
    assert "Next review due" in page
    assert ">Overdue</strong>" in page
