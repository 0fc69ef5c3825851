"""Answers that fill a whole journey, page by page, for the tests."""

from inclusion_tracker.notifications.models import Notification


def date_parts(name: str, day: int, month: int, year: int) -> dict:
    return {f"{name}_day": str(day), f"{name}_month": str(month), f"{name}_year": str(year)}


CHILD_ANSWERS = {
    "child-upn": {"upn": "B801200005001"},
    "child-details": {
        "first_name": "Amelia",
        "last_name": "Khan",
        "year_group": "5",
        **date_parts("date_of_birth", 12, 3, 2015),
    },
    "child-address": {
        "address_line_1": "1 High Street",
        "town": "Leicester",
        "postcode": "le1 2ab",
    },
}

PART_TIME_ANSWERS = {
    **CHILD_ANSWERS,
    "dates": {**date_parts("start_date", 2, 3, 2026), **date_parts("end_date", 10, 4, 2026)},
    "hours": {"hours_per_week": "15", "full_time_hours": "32.5"},
    "reason": {"reason": "health", "reason_details": "Recovering from an operation"},
    "parent-agreement": {
        "parent_agreed": "True",
        "parent_name": "Sara Khan",
        **date_parts("parent_agreed_on", 27, 2, 2026),
    },
    "support": {
        "support_in_place": "Work sent home; weekly call",
        "return_plan": "Add a day each fortnight",
    },
    "offsite": {"has_offsite_provision": "False"},
    "first-review": date_parts("first_review_date", 20, 3, 2026),
    "child-flags": {"flags": ["has_ehcp"]},
}


def start(client, kind: str) -> Notification:
    response = client.post("/notify/", {"kind": kind})
    assert response.status_code == 302, response.content
    return Notification.objects.latest("pk")


def answer_all(client, notification: Notification, answers: dict) -> None:
    """Answer each page the journey asks for, in order, as a school user would."""
    url = f"/notify/{notification.reference}/"
    for _ in range(40):
        response = client.get(url)
        if response.status_code == 302:
            url = response.url
            continue
        if url.endswith("/check/"):
            return
        slug = url.rstrip("/").split("/")[-1]
        response = client.post(url, answers[slug])
        assert response.status_code == 302, f"{slug}: {response.content.decode()[:3000]}"
        url = response.url
    raise AssertionError("The journey did not reach check your answers")


OTHER_ANSWERS = {
    **CHILD_ANSWERS,
    "reason": {"reason": "health", "reason_details": "Recovering from surgery"},
    "health": {"expected_to_miss_15_days": "True"},
    "since": date_parts("since", 12, 10, 2026),
    "hours": {"hours_received": "4.5"},
    "provision": {"provision_in_place": "Work sent home; weekly call with the family"},
    "expected-return": date_parts("expected_return", 4, 1, 2027),
    "child-flags": {"flags": ["sen_support"]},
}

EARLY_YEARS_CHILD_ANSWERS = {
    "child-upn": {"upn": "", "upn_not_known_reason": "Not allocated one at a private nursery"},
    "child-details": {
        "first_name": "Isla",
        "last_name": "Patel",
        "year_group": "R",
        **date_parts("date_of_birth", 10, 5, 2022),
    },
    "child-address": CHILD_ANSWERS["child-address"],
}

EARLY_YEARS_ANSWERS = {
    **EARLY_YEARS_CHILD_ANSWERS,
    "funded-hours": {"funded_hours": "15"},
    "last-attended": date_parts("last_attended", 2, 11, 2026),
    # A collection page: add CONTACT_ATTEMPT first, then answer_all continues.
    "contact-attempts": {"action": "continue"},
    "concerns": {"concerns": "The family said they might move; the phone is now unanswered"},
    "other-services": {"other_services": "Health visitor"},
    "child-flags": {"flags": []},
}

CONTACT_ATTEMPT = {
    "action": "add",
    **date_parts("attempted_on", 4, 11, 2026),
    "method": "phone",
    "outcome": "No answer",
}


# Removal from roll (appended here, so its import is too). The deletion date is
# two weeks ahead so the return is not late; ground I's 20 school days run from
# Monday 2 to Friday 27 March 2026.
import datetime  # noqa: E402

_REMOVAL_DELETION_DATE = datetime.date.today() + datetime.timedelta(days=14)

REMOVAL_ANSWERS = {
    **CHILD_ANSWERS,
    # A collection page: add REMOVAL_PARENT first (answer_removal does), then continue.
    "parents": {"action": "continue"},
    "ground": {"ground": "I"},
    "dates": {
        **date_parts("ground_met_on", 27, 3, 2026),
        **date_parts(
            "deletion_date",
            _REMOVAL_DELETION_DATE.day,
            _REMOVAL_DELETION_DATE.month,
            _REMOVAL_DELETION_DATE.year,
        ),
    },
    "new-school": {"new_school_name": "Hillside School", "new_school_la": "Rutland"},
    "new-school-start": date_parts("new_school_start_date", 13, 4, 2026),
    "parent-notice": date_parts("parent_notice_date", 20, 3, 2026),
    "absence": {
        **date_parts("first_day_of_absence", 2, 3, 2026),
        "all_sessions_unauthorised": "True",
        "sickness_or_unavoidable_cause": "False",
        "joint_enquiries_confirmed": "on",
    },
    "destination": {"destination_known": "not_known"},
    "future-address": {
        "future_address_line_1": "9 New Street",
        "future_town": "Oakham",
        "future_postcode": "le15 6aa",
        **date_parts("future_address_from", 4, 4, 2026),
        "future_parent_name": "Sara Khan",
    },
    "future-school": {},
    "child-flags": {"flags": ["looked_after"]},
}

REMOVAL_PARENT = {
    "action": "add",
    "full_name": "Sara Khan",
    "relationship": "Mother",
    "lives_at_child_address": "True",
    "emergency_phone": "07700 900 982",
}


def answer_removal(client, notification: Notification, answers: dict | None = None) -> None:
    """Add a parent, then answer the rest of a removal from roll as answer_all does."""
    response = client.post(f"/notify/{notification.reference}/parents/", REMOVAL_PARENT)
    assert response.status_code == 302, response.content.decode()[:3000]
    answer_all(client, notification, {**REMOVAL_ANSWERS, **(answers or {})})
