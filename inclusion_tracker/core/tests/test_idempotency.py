"""Posting the same form twice creates one record."""

import uuid

import pytest

from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.notifications.models import (
    Kind,
    Notification,
    OffsiteProvision,
    ReviewOutcome,
)
from inclusion_tracker.notifications.tests.helpers import PART_TIME_ANSWERS, answer_all, date_parts


@pytest.fixture
def school(client_for, school_user_a):
    return client_for(school_user_a)


def test_the_start_page_carries_a_one_time_token(school):
    content = page_text(school.get("/notify/"))
    assert 'name="form_token"' in content


def test_starting_twice_with_the_same_form_makes_one_draft(school):
    token = str(uuid.uuid4())
    first = school.post("/notify/", {"kind": Kind.PART_TIME_TIMETABLE, "form_token": token})
    second = school.post("/notify/", {"kind": Kind.PART_TIME_TIMETABLE, "form_token": token})
    assert first.url == second.url
    assert Notification.objects.count() == 1


def test_adding_the_same_item_twice_adds_it_once(school):
    school.post("/notify/", {"kind": Kind.PART_TIME_TIMETABLE, "form_token": str(uuid.uuid4())})
    draft = Notification.objects.get()
    school.post(f"/notify/{draft.reference}/offsite/", {"has_offsite_provision": "True"})
    token = str(uuid.uuid4())
    data = {"action": "add", "provider": "Tutor", "hours_per_week": "3", "form_token": token}
    page = f"/notify/{draft.reference}/offsite-providers/"
    assert school.post(page, data).status_code == 302
    assert school.post(page, data).status_code == 302
    assert OffsiteProvision.objects.count() == 1
    # A new form (a new token) adds another.
    school.post(page, {**data, "form_token": str(uuid.uuid4())})
    assert OffsiteProvision.objects.count() == 2


def test_sending_the_same_review_twice_records_it_once(school):
    school.post("/notify/", {"kind": Kind.PART_TIME_TIMETABLE, "form_token": str(uuid.uuid4())})
    notification = Notification.objects.get()
    answer_all(school, notification, PART_TIME_ANSWERS)
    school.post(f"/notify/{notification.reference}/check/")
    data = {
        **date_parts("reviewed_on", 20, 3, 2026),
        "outcome": ReviewOutcome.RETURNED,
        "form_token": str(uuid.uuid4()),
    }
    url = f"/notifications/{notification.reference}/review/"
    assert school.post(url, data).url == f"/notifications/{notification.reference}/"
    # The plan has ended, but the repeated post still lands on the notification.
    assert school.post(url, data).url == f"/notifications/{notification.reference}/"
    assert notification.details.reviews.count() == 1
