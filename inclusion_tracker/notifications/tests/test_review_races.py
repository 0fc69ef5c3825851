"""Two school users reviewing one part-time timetable at the same moment: one
review is recorded, the other user is told and keeps their answers, never a
500 (issue 12)."""

import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.core.tests.parallel import Rendezvous, at_once
from inclusion_tracker.notifications.models import (
    Notification,
    PartTimeTimetable,
    ReviewOutcome,
    TimetableReview,
)
from inclusion_tracker.notifications.tests.helpers import date_parts
from inclusion_tracker.notifications.tests.test_records import sent_part_time
from inclusion_tracker.notifications.views import records

REVIEWED_MEANWHILE = (
    "Someone else recorded a review of this part-time timetable at the same time. "
    "Yours has not been sent: check their review below, then send yours again if it is "
    "still needed"
)
ENDED_MEANWHILE = (
    "Someone else recorded a review of this part-time timetable at the same time, and it "
    "has ended. Yours has not been sent: check their review below"
)
SEND = "Send the review</button>"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def review_url(notification) -> str:
    return f"/notifications/{notification.reference}/review/"


def opened(client, notification) -> dict:
    """What the review page carries when it is opened."""
    form = client.get(review_url(notification)).context["form"]
    return {"latest_review": form["latest_review"].value()}


def continuing(reason_day: int, **page) -> dict:
    return {
        **date_parts("reviewed_on", reason_day, 3, 2026),
        "outcome": ReviewOutcome.CONTINUE,
        **date_parts("next_review_date", 3, 4, 2026),
        "form_token": str(uuid.uuid4()),
        **page,
    }


def returned(day: int, **page) -> dict:
    return {
        **date_parts("reviewed_on", day, 3, 2026),
        "outcome": ReviewOutcome.RETURNED,
        "form_token": str(uuid.uuid4()),
        **page,
    }


def plan_of(notification):
    return Notification.objects.get(pk=notification.pk).details


def both_arrive_together(monkeypatch) -> None:
    """Neither request goes on to lock the plan before both have found the
    notification, so the two really overlap."""
    meet = Rendezvous(2)
    monkeypatch.setattr(records, "get_notification_for", meet.wrap(records.get_notification_for))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_reviews_of_one_plan_record_one_and_tell_the_other(
    school_user_a, main_contact_a, monkeypatch
):
    notification = sent_part_time(signed_in(school_user_a))
    first, second = signed_in(school_user_a), signed_in(main_contact_a)
    answers = [continuing(19, **opened(first, notification)), continuing(20)]
    answers[1].update(opened(second, notification))
    both_arrive_together(monkeypatch)

    responses = at_once(
        lambda: first.post(review_url(notification), answers[0]),
        lambda: second.post(review_url(notification), answers[1]),
    )

    assert sorted(response.status_code for response in responses) == [200, 302]
    [recorded] = plan_of(notification).reviews.all()
    told = next(response for response in responses if response.status_code == 200)
    content = page_text(told)
    assert REVIEWED_MEANWHILE in content
    assert "The review someone else recorded" in content
    assert recorded.recorded_by.full_name in content
    # Their answers are kept, and sending them again is now a choice made
    # having seen the other review.
    other_day = "20" if recorded.reviewed_on.day == 19 else "19"
    assert f'name="reviewed_on_day" value="{other_day}"' in content
    assert told.context["form"]["latest_review"].value() == str(recorded.pk)
    assert SEND in content


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_reviews_that_end_the_plan_end_it_once(school_user_a, main_contact_a, monkeypatch):
    notification = sent_part_time(signed_in(school_user_a))
    first, second = signed_in(school_user_a), signed_in(main_contact_a)
    page = opened(first, notification)
    both_arrive_together(monkeypatch)

    responses = at_once(
        lambda: first.post(review_url(notification), returned(19, **page)),
        lambda: second.post(review_url(notification), returned(20, **page)),
    )

    assert sorted(response.status_code for response in responses) == [200, 302]
    plan = plan_of(notification)
    [recorded] = plan.reviews.all()
    assert plan.ended_on == recorded.reviewed_on
    told = next(response for response in responses if response.status_code == 200)
    assert ENDED_MEANWHILE in page_text(told)
    assert SEND not in page_text(told)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_review_sent_twice_at_once_is_recorded_once(school_user_a, monkeypatch):
    client = signed_in(school_user_a)
    notification = sent_part_time(client)
    answers = continuing(20, **opened(client, notification))
    both_arrive_together(monkeypatch)

    responses = at_once(
        lambda: client.post(review_url(notification), answers),
        lambda: client.post(review_url(notification), answers),
    )

    assert [response.status_code for response in responses] == [302, 302]
    assert plan_of(notification).reviews.count() == 1
    assert (
        AuditEvent.objects.filter(
            action=Action.UPDATE,
            object_id=str(notification.pk),
            summary__startswith="Recorded review",
        ).count()
        == 1
    )


def test_a_review_recorded_after_the_page_was_opened_is_shown_before_sending_another(
    client_for, school_user_a, main_contact_a
):
    notification = sent_part_time(client_for(school_user_a))
    late = signed_in(main_contact_a)
    page = opened(late, notification)
    first = client_for(school_user_a)
    first.post(review_url(notification), continuing(19, **opened(first, notification)))

    response = late.post(review_url(notification), continuing(20, **page))

    assert response.status_code == 200
    assert REVIEWED_MEANWHILE in page_text(response)
    assert plan_of(notification).reviews.count() == 1
    # Sent again from that page, having seen the other review: recorded.
    seen = response.context["form"]["latest_review"].value()
    assert (
        late.post(review_url(notification), continuing(20, latest_review=seen)).status_code == 302
    )
    assert plan_of(notification).reviews.count() == 2


# One review sent twice, one after the other (a double click, the back button) ---------


@pytest.mark.parametrize(
    "answers",
    [
        pytest.param(continuing(20, latest_review=""), id="continuing"),
        # The first one ends the plan: the second still finds it recorded, not a 404.
        pytest.param(returned(20, latest_review=""), id="ending the plan"),
    ],
)
def test_the_same_review_sent_twice_is_recorded_and_audited_once(
    client_for, school_user_a, answers
):
    client = client_for(school_user_a)
    notification = sent_part_time(client)

    first = client.post(review_url(notification), answers)
    second = client.post(review_url(notification), answers)

    detail = f"/notifications/{notification.reference}/"
    assert (first.status_code, first.url) == (302, detail)
    assert (second.status_code, second.url) == (302, detail)
    [recorded] = plan_of(notification).reviews.all()
    assert recorded.outcome == answers["outcome"]
    reviews_audited = AuditEvent.objects.filter(
        action=Action.UPDATE, object_id=str(notification.pk), summary__startswith="Recorded review"
    )
    assert reviews_audited.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks")
def test_recording_a_review_locks_the_plan_before_reading_its_reviews(client_for, school_user_a):
    client = client_for(school_user_a)
    notification = sent_part_time(client)
    answers = continuing(20, **opened(client, notification))

    with CaptureQueriesContext(connection) as queries:
        assert client.post(review_url(notification), answers).status_code == 302

    statements = [query["sql"] for query in queries.captured_queries]
    plans = f'"{PartTimeTimetable._meta.db_table}"'
    reviews = f'"{TimetableReview._meta.db_table}"'
    [lock] = [i for i, sql in enumerate(statements) if "FOR UPDATE" in sql and plans in sql]
    assert lock < min(i for i, sql in enumerate(statements) if reviews in sql)
