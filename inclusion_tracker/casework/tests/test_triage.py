from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.casework import intake
from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.casework.forms.triage import UPDATE_CHILD_REQUIRED
from inclusion_tracker.casework.models import Episode
from inclusion_tracker.casework.tests.factories import submitted_notification
from inclusion_tracker.children.models import Child
from inclusion_tracker.children.tests.factories import ChildFactory, make_upn
from inclusion_tracker.core.tests.helpers import heading, page_text
from inclusion_tracker.establishments.tests.factories import EstablishmentFactory
from inclusion_tracker.notifications.models import Kind, Notification, Status

pytestmark = pytest.mark.django_db

INBOX = reverse("casework:triage")


def match_url(n):
    return reverse("casework:triage-match", args=[n.reference])


def link_url(n, child):
    return reverse("casework:triage-link", args=[n.reference, child.pk])


def new_child_url(n):
    return reverse("casework:triage-new-child", args=[n.reference])


def child_url(child):
    return reverse("casework:child", args=[child.pk if hasattr(child, "pk") else child])


def amelia(**fields):
    """The child the default notification describes, as recorded."""
    defaults = {
        "legal_first_name": "Amelia",
        "legal_last_name": "Khan",
        "date_of_birth": date(2015, 3, 12),
        "postcode": "LE1 2AB",
        "address_line_1": "1 High Street",
        "town": "Leicester",
    }
    return ChildFactory(**{**defaults, **fields})


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def new_child_answers(**overrides) -> dict:
    answers = {
        "upn": "",
        "legal_first_name": "Amelia",
        "legal_middle_names": "",
        "legal_last_name": "Khan",
        "preferred_first_name": "",
        "preferred_last_name": "",
        "date_of_birth_day": "12",
        "date_of_birth_month": "3",
        "date_of_birth_year": "2015",
        "sex": "F",
        "address_line_1": "1 High Street",
        "address_line_2": "",
        "town": "Leicester",
        "postcode": "LE1 2AB",
        "flags": ["has_ehcp"],
    }
    return {**answers, **overrides}


def assert_no_personal_data(events, *personal):
    for event in events:
        for value in personal:
            assert value.lower() not in event.summary.lower(), event.summary


# Permission ladders ---------------------------------------------------------


@pytest.fixture
def pages(school_a):
    notification = submitted_notification(establishment=school_a)
    child = amelia()
    return [
        INBOX,
        match_url(notification),
        link_url(notification, child),
        new_child_url(notification),
    ]


def test_anonymous_users_are_sent_to_sign_in_from_every_triage_page(client, pages):
    for path in pages:
        response = client.get(path)
        assert response.status_code == 302
        assert response.url.startswith("/sign-in/?next=")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("school_user_a", 404),
        ("school_user_b", 404),
        ("main_contact_a", 404),
        ("outsider", 404),
        ("officer", 200),
        ("manager", 200),
        ("admin", 200),
    ],
)
def test_only_la_staff_reach_the_triage_pages(client_for, cast, pages, who, status):
    client = client_for(cast[who])
    for path in pages:
        assert client.get(path).status_code == status, path


def test_school_users_cannot_post_a_link_or_a_new_child(client_for, school_user_a, school_a):
    notification = submitted_notification(establishment=school_a)
    child = amelia()
    client = client_for(school_user_a)

    assert (
        client.post(
            link_url(notification, child), {"update_child": "True", "version": child.version}
        ).status_code
        == 404
    )
    assert client.post(new_child_url(notification), new_child_answers()).status_code == 404
    notification.refresh_from_db()
    assert notification.child is None
    assert Child.objects.count() == 1


# The inbox ------------------------------------------------------------------


def test_the_inbox_lists_unlinked_submitted_notifications_only(
    client_for, officer, school_a, school_user_a
):
    waiting = submitted_notification(establishment=school_a, first_name="Waiting")
    linked = submitted_notification(establishment=school_a, first_name="Linked")
    Notification.objects.filter(pk=linked.pk).update(child=amelia())
    draft = Notification.start(
        kind=Kind.PART_TIME_TIMETABLE, user=school_user_a, establishment=school_a
    )

    response = client_for(officer).get(INBOX)

    assert list(response.context["page"]) == [waiting]
    assert linked.reference not in page_text(response)
    assert draft.reference not in page_text(response)
    assert "1 notification to triage" in page_text(response)


def test_the_inbox_shows_the_newest_first_and_the_count(client_for, officer, school_a):
    now = timezone.now()
    old = submitted_notification(establishment=school_a, submitted_at=now - timedelta(days=3))
    new = submitted_notification(establishment=school_a, submitted_at=now)
    middle = submitted_notification(establishment=school_a, submitted_at=now - timedelta(days=1))

    response = client_for(officer).get(INBOX)

    assert list(response.context["page"]) == [new, middle, old]
    assert "3 notifications to triage" in page_text(response)
    assert now.strftime("%Y") in page_text(response)


def test_the_inbox_filters_by_type(client_for, officer, school_a):
    ptt = submitted_notification(establishment=school_a)
    removal = submitted_notification(kind=Kind.REMOVAL_FROM_ROLL, establishment=school_a)

    response = client_for(officer).get(INBOX, {"kind": Kind.REMOVAL_FROM_ROLL})

    assert list(response.context["page"]) == [removal]
    assert ptt.reference not in page_text(response)
    assert "1 notification to triage" in page_text(response)


def test_the_inbox_filters_by_establishment(client_for, officer, school_a, school_b):
    at_a = submitted_notification(establishment=school_a)
    submitted_notification(establishment=school_b)

    by_name = client_for(officer).get(INBOX, {"establishment": "alpha"})
    by_urn = client_for(officer).get(INBOX, {"establishment": school_a.urn})

    assert list(by_name.context["page"]) == [at_a]
    assert list(by_urn.context["page"]) == [at_a]


def test_the_inbox_flag_filter_needs_every_ticked_flag(client_for, officer, school_a):
    both = submitted_notification(establishment=school_a, has_ehcp=True, looked_after=True)
    ehcp_only = submitted_notification(establishment=school_a, has_ehcp=True)
    submitted_notification(establishment=school_a)

    one_flag = client_for(officer).get(INBOX, {"flag": ["has_ehcp"]})
    two_flags = client_for(officer).get(INBOX, {"flag": ["has_ehcp", "looked_after"]})
    nonsense = client_for(officer).get(INBOX, {"flag": ["is_superuser"]})

    assert set(one_flag.context["page"]) == {both, ehcp_only}
    assert list(two_flags.context["page"]) == [both]
    assert len(nonsense.context["page"]) == 3
    assert 'value="looked_after" checked' in page_text(two_flags)


def test_the_inbox_shows_flag_badges_and_links_to_matching(client_for, officer, school_a):
    notification = submitted_notification(establishment=school_a, has_ehcp=True)

    response = client_for(officer).get(INBOX)

    assert 'govuk-tag--purple">EHCP</strong>' in page_text(response)
    assert match_url(notification) in page_text(response)


def test_the_inbox_says_when_no_notification_matches_the_filters(client_for, officer, school_a):
    submitted_notification(establishment=school_a)

    response = client_for(officer).get(INBOX, {"kind": Kind.EARLY_YEARS})

    assert "0 notifications to triage" in page_text(response)
    assert "No notifications to triage match these filters" in page_text(response)


def test_the_inbox_is_paginated_by_50(client_for, officer, school_a):
    for _ in range(51):
        submitted_notification(establishment=school_a, user=officer)

    first = client_for(officer).get(INBOX)
    second = client_for(officer).get(INBOX, {"page": 2})

    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 1
    assert "51 notifications to triage" in page_text(first)


def test_the_inbox_takes_the_same_number_of_queries_for_3_and_30_rows(client_for, officer):
    def queries_for_inbox():
        client = client_for(officer)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(INBOX).status_code == 200
        return len(captured)

    for _ in range(3):
        submitted_notification(establishment=EstablishmentFactory(), has_ehcp=True)
    three = queries_for_inbox()
    for _ in range(27):
        submitted_notification(establishment=EstablishmentFactory(), has_ehcp=True)
    thirty = queries_for_inbox()

    assert three == thirty


def test_the_inbox_is_audited(client_for, officer):
    client_for(officer).get(INBOX)

    event = AuditEvent.objects.get(actor=officer, action=Action.VIEW)
    assert event.summary == "Listed notifications to triage, page 1"


# Matching page ----------------------------------------------------------------


def test_the_match_page_shows_the_notification_and_candidates_with_reasons(
    client_for, officer, school_a
):
    notification = submitted_notification(establishment=school_a, last_name="Kahn", upn=make_upn(5))
    close = amelia()

    response = client_for(officer).get(match_url(notification))

    page = page_text(response)
    assert response.status_code == 200
    assert "Amelia Kahn" in page
    assert "12 March 2015" in page
    assert make_upn(5) in page
    assert school_a.name in page
    assert [c.child for c in response.context["candidates"]] == [close]
    assert "Last name similar: Kahn / Khan" in page
    assert "Same date of birth" in page
    assert link_url(notification, close) in page
    assert new_child_url(notification) in page
    assert "Create a new child record" in page


def test_the_match_page_puts_the_upn_match_first(client_for, officer, school_a):
    upn = make_upn(6)
    notification = submitted_notification(establishment=school_a, upn=upn)
    amelia()
    by_upn = ChildFactory(upn=upn, legal_first_name="Someone", legal_last_name="Else")

    response = client_for(officer).get(match_url(notification))

    assert response.context["candidates"][0].child == by_upn
    assert "Same UPN" in page_text(response)


def test_the_match_page_says_when_nothing_matches(client_for, officer, school_a):
    notification = submitted_notification(establishment=school_a)

    response = client_for(officer).get(match_url(notification))

    assert "No child's record is close to these details" in page_text(response)


def test_the_match_page_of_a_linked_notification_goes_to_the_child(client_for, officer, school_a):
    notification = submitted_notification(establishment=school_a)
    child = amelia()
    Notification.objects.filter(pk=notification.pk).update(child=child)

    response = client_for(officer).get(match_url(notification))

    assert response.status_code == 302
    assert response.url == child_url(child)


def test_drafts_and_unknown_references_are_not_found(client_for, officer, school_a, school_user_a):
    draft = Notification.start(
        kind=Kind.PART_TIME_TIMETABLE, user=school_user_a, establishment=school_a
    )
    client = client_for(officer)

    assert client.get(match_url(draft)).status_code == 404
    assert client.get(reverse("casework:triage-match", args=["PTT-NOPE99"])).status_code == 404


def test_the_match_page_is_audited_without_personal_data(client_for, officer, school_a):
    notification = submitted_notification(establishment=school_a, upn=make_upn(4))

    client_for(officer).get(match_url(notification))

    event = AuditEvent.objects.get(actor=officer, action=Action.VIEW)
    assert event.object_type == "notification"
    assert event.object_id == str(notification.pk)
    assert event.child is None
    assert_no_personal_data([event], "Amelia", "Khan", make_upn(4), "2015")


# Linking to an existing child ---------------------------------------------------


def test_the_link_page_shows_the_differences_and_asks_whether_to_update(
    client_for, officer, school_a
):
    notification = submitted_notification(establishment=school_a, postcode="LE2 7QQ")
    child = amelia(current_establishment=school_a)

    response = client_for(officer).get(link_url(notification, child))

    page = page_text(response)
    assert "Where the notification differs from the record" in page
    assert "LE1 2AB" in page and "LE2 7QQ" in page
    assert "Update the child's record with the notification's details?" in page
    assert 'name="update_child"' in page


def test_the_link_page_does_not_ask_when_nothing_differs(client_for, officer, school_a):
    notification = submitted_notification(establishment=school_a)
    child = amelia(current_establishment=school_a)

    response = client_for(officer).get(link_url(notification, child))

    page = page_text(response)
    assert "The notification's details match the child's record" in page
    assert 'name="update_child"' not in page


def test_linking_needs_an_answer_when_details_differ(client_for, officer, school_a):
    notification = submitted_notification(establishment=school_a, postcode="LE2 7QQ")
    child = amelia(current_establishment=school_a)

    response = client_for(officer).post(link_url(notification, child), {"version": child.version})

    assert response.status_code == 200
    assert "Select yes if the child's record should be updated" in page_text(response)
    assert UPDATE_CHILD_REQUIRED == "Select yes if the child's record should be updated"
    notification.refresh_from_db()
    assert notification.child is None


def test_linking_a_part_time_timetable_opens_its_episode(client_for, officer, school_a):
    notification = submitted_notification(establishment=school_a)
    child = amelia(current_establishment=school_a)

    response = client_for(officer).post(link_url(notification, child), {"version": child.version})

    assert response.status_code == 302
    assert response.url == child_url(child)
    notification.refresh_from_db()
    assert notification.child == child
    assert notification.status == Status.WITH_INCLUSION_SERVICE
    episode = Episode.objects.get(child=child)
    assert episode.kind == EpisodeKind.PART_TIME_TIMETABLE
    assert list(episode.notifications.all()) == [notification]
    assert messages_of(response) == [
        f"Notification {notification.reference} linked. Episodes opened: Part-time timetable"
    ]


def test_linking_a_removal_with_no_known_destination_opens_a_cme_enquiry(
    client_for, officer, school_a
):
    notification = submitted_notification(
        kind=Kind.REMOVAL_FROM_ROLL,
        establishment=school_a,
        details={"destination_known": "not_known"},
    )
    child = amelia()

    response = client_for(officer).post(
        link_url(notification, child), {"update_child": "False", "version": child.version}
    )

    assert response.status_code == 302
    kinds = set(Episode.objects.filter(child=child).values_list("kind", flat=True))
    assert kinds == {EpisodeKind.REMOVAL_FROM_ROLL, EpisodeKind.CME_ENQUIRY}
    assert "Children missing education (CME) enquiry" in messages_of(response)[0]


def test_a_second_post_of_the_link_opens_no_second_episode(client_for, officer, school_a):
    notification = submitted_notification(establishment=school_a)
    child = amelia(current_establishment=school_a)
    client = client_for(officer)

    client.post(link_url(notification, child), {"version": child.version})
    again = client.post(link_url(notification, child), {"version": child.version})

    assert again.status_code == 302
    assert again.url == child_url(child)
    assert Episode.objects.filter(child=child).count() == 1
    assert messages_of(again)[-1] == (
        f"Notification {notification.reference} is already linked to a child's record"
    )
    assert AuditEvent.objects.filter(action=Action.LINK).count() == 1


def test_a_second_officer_linking_to_another_child_is_sent_to_the_first(
    client_for, officer, manager, school_a
):
    notification = submitted_notification(establishment=school_a)
    first = amelia()
    second = amelia(legal_first_name="Amelie")
    client_for(officer).post(
        link_url(notification, first), {"update_child": "False", "version": first.version}
    )

    response = client_for(manager).post(
        link_url(notification, second), {"update_child": "False", "version": second.version}
    )

    assert response.status_code == 302
    assert response.url == child_url(first)
    assert not Episode.objects.filter(child=second).exists()


def test_saying_yes_updates_the_childs_record(client_for, officer, school_a):
    notification = submitted_notification(
        establishment=school_a, postcode="LE2 7QQ", upn=make_upn(21), has_ehcp=True
    )
    child = amelia()

    client_for(officer).post(
        link_url(notification, child), {"update_child": "True", "version": child.version}
    )

    child.refresh_from_db()
    assert child.postcode == "LE2 7QQ"
    assert child.upn == make_upn(21)
    assert child.has_ehcp
    assert child.current_establishment == school_a


def test_saying_no_leaves_the_childs_record_alone(client_for, officer, school_a):
    notification = submitted_notification(establishment=school_a, postcode="LE2 7QQ", has_ehcp=True)
    child = amelia()

    client_for(officer).post(
        link_url(notification, child), {"update_child": "False", "version": child.version}
    )

    child.refresh_from_db()
    assert child.postcode == "LE1 2AB"
    assert not child.has_ehcp
    assert child.current_establishment is None
    notification.refresh_from_db()
    assert notification.child == child


def test_linking_to_a_merged_record_goes_to_the_record_it_was_merged_into(
    client_for, officer, school_a
):
    notification = submitted_notification(establishment=school_a)
    kept = amelia()
    merged = amelia(merged_into=kept)

    response = client_for(officer).get(link_url(notification, merged))

    assert response.url == link_url(notification, kept)


def test_linking_an_already_linked_notification_shows_the_child(client_for, officer, school_a):
    notification = submitted_notification(establishment=school_a)
    child = amelia()
    Notification.objects.filter(pk=notification.pk).update(child=child)

    response = client_for(officer).get(link_url(notification, amelia(legal_first_name="Other")))

    assert response.url == child_url(child)


def test_linking_is_audited_with_the_child_and_no_personal_data(client_for, officer, school_a):
    notification = submitted_notification(
        establishment=school_a, upn=make_upn(22), postcode="LE2 7QQ"
    )
    child = amelia()
    client = client_for(officer)

    client.get(link_url(notification, child))
    client.post(link_url(notification, child), {"update_child": "True", "version": child.version})

    view = AuditEvent.objects.get(action=Action.VIEW)
    link = AuditEvent.objects.get(action=Action.LINK)
    assert view.child == child
    assert link.child == child
    assert link.object_type == "notification"
    assert link.object_id == str(notification.pk)
    assert notification.reference in link.summary
    assert_no_personal_data([view, link], "Amelia", "Khan", make_upn(22), "2015", "LE2 7QQ")


# Creating a new child ------------------------------------------------------------


def test_the_new_child_form_is_filled_in_from_the_notification(client_for, officer, school_a):
    notification = submitted_notification(
        establishment=school_a, upn=make_upn(30), middle_names="Rose", has_ehcp=True
    )

    response = client_for(officer).get(new_child_url(notification))

    page = page_text(response)
    assert response.status_code == 200
    assert 'value="Amelia"' in page
    assert 'value="Rose"' in page
    assert f'value="{make_upn(30)}"' in page
    assert 'value="2015"' in page
    assert 'value="LE1 2AB"' in page
    assert 'value="has_ehcp" checked' in page
    assert 'value="sen_support" checked' not in page


def test_creating_a_new_child_links_the_notification(client_for, officer, school_a):
    notification = submitted_notification(establishment=school_a)

    response = client_for(officer).post(
        new_child_url(notification), new_child_answers(legal_first_name="Amelie")
    )

    child = Child.objects.get()
    assert response.status_code == 302
    assert response.url == child_url(child)
    assert child.legal_first_name == "Amelie"
    assert child.created_by == officer
    assert child.current_establishment == school_a
    assert child.has_ehcp
    notification.refresh_from_db()
    assert notification.child == child
    assert notification.status == Status.WITH_INCLUSION_SERVICE
    assert Episode.objects.get(child=child).kind == EpisodeKind.PART_TIME_TIMETABLE
    assert messages_of(response) == [
        f"Notification {notification.reference} linked. Episodes opened: Part-time timetable"
    ]


def test_a_double_submit_creates_one_child(client_for, officer, school_a):
    notification = submitted_notification(establishment=school_a)
    client = client_for(officer)

    first = client.post(new_child_url(notification), new_child_answers())
    second = client.post(new_child_url(notification), new_child_answers())

    child = Child.objects.get()
    assert first.url == second.url == child_url(child)
    assert Episode.objects.filter(child=child).count() == 1


def test_a_upn_already_recorded_is_refused_with_a_message(client_for, officer, school_a):
    upn = make_upn(31)
    ChildFactory(upn=upn)
    notification = submitted_notification(establishment=school_a, upn=upn)

    response = client_for(officer).post(new_child_url(notification), new_child_answers(upn=upn))

    assert response.status_code == 200
    assert "A child with this UPN already exists" in page_text(response)
    assert Child.objects.count() == 1
    notification.refresh_from_db()
    assert notification.child is None


def test_a_missing_name_is_refused_with_a_message(client_for, officer, school_a):
    notification = submitted_notification(establishment=school_a)

    response = client_for(officer).post(
        new_child_url(notification), new_child_answers(legal_last_name="")
    )

    assert "Enter the child's last name" in page_text(response)
    assert not Child.objects.exists()


def test_creating_a_child_is_audited_without_personal_data(client_for, officer, school_a):
    notification = submitted_notification(establishment=school_a, upn=make_upn(32))

    client_for(officer).post(new_child_url(notification), new_child_answers(upn=make_upn(32)))

    child = Child.objects.get()
    created = AuditEvent.objects.get(action=Action.CREATE)
    linked = AuditEvent.objects.get(action=Action.LINK)
    assert (created.object_type, created.object_id, created.child) == (
        "child",
        str(child.pk),
        child,
    )
    assert (linked.object_type, linked.child) == ("notification", child)
    assert_no_personal_data([created, linked], "Amelia", "Khan", make_upn(32), "2015", "LE1")


def test_creating_a_child_for_a_linked_notification_goes_to_its_child(
    client_for, officer, school_a
):
    notification = submitted_notification(establishment=school_a)
    child = amelia()
    Notification.objects.filter(pk=notification.pk).update(child=child)

    response = client_for(officer).post(new_child_url(notification), new_child_answers())

    assert response.url == child_url(child)
    assert Child.objects.count() == 1


def test_the_match_page_searches_every_record_for_a_child_the_matcher_missed(
    client_for, officer, school_a
):
    notification = submitted_notification(Kind.PART_TIME_TIMETABLE, establishment=school_a)
    other = ChildFactory(legal_first_name="Zofia", legal_last_name="Wiśniewska")
    url = f"/triage/{notification.reference}/"
    content = page_text(client_for(officer).get(url, {"q": "Zofia"}))
    assert f"/triage/{notification.reference}/link/{other.pk}/" in content
    event = AuditEvent.objects.filter(action=Action.SEARCH).get()
    assert "Zofia" not in event.summary
    content = page_text(client_for(officer).get(url, {"q": "Nobody"}))
    assert "No records match your search" in content


def test_an_officer_goes_from_a_received_notification_to_triage_or_the_child(
    client_for, officer, school_a, school_user_a
):
    notification = submitted_notification(Kind.PART_TIME_TIMETABLE, establishment=school_a)
    url = f"/notifications/{notification.reference}/"
    assert f"/triage/{notification.reference}/" in page_text(client_for(officer).get(url))
    child = ChildFactory()
    intake.link(notification, child, by=officer)
    assert f"/children/{child.pk}/" in page_text(client_for(officer).get(url))


def test_a_upn_already_on_another_record_is_not_copied_and_the_page_says_where_it_is(
    client_for, officer, school_a
):
    holder = ChildFactory(upn="B801200005001", legal_first_name="Holder")
    child = ChildFactory(legal_first_name="Amelia", legal_last_name="Khan", postcode="LE1 1AA")
    notification = submitted_notification(
        Kind.PART_TIME_TIMETABLE, establishment=school_a, upn="B801200005001"
    )
    url = f"/triage/{notification.reference}/link/{child.pk}/"
    client = client_for(officer)
    content = page_text(client.get(url))
    assert 'id="upn-elsewhere"' in content
    assert f"/children/{holder.pk}/" in content
    assert AuditEvent.objects.filter(action=Action.VIEW, child=holder, actor=officer).exists()
    response = client.post(url, {"update_child": "True", "version": child.version})
    assert response.status_code == 302
    child.refresh_from_db()
    assert child.upn == ""
    assert child.postcode == "LE1 2AB"  # the other details were copied
    notification.refresh_from_db()
    assert notification.child == child


def test_linking_is_refused_when_the_record_changed_after_the_page_was_opened(
    client_for, officer, school_a
):
    child = ChildFactory(legal_first_name="Amelia", legal_last_name="Khan", postcode="LE1 1AA")
    notification = submitted_notification(Kind.PART_TIME_TIMETABLE, establishment=school_a)
    url = f"/triage/{notification.reference}/link/{child.pk}/"
    seen = child.version
    # Someone else edits the record in between.
    child.postcode, child.version = "LE9 9ZZ", child.version + 1
    child.save()
    response = client_for(officer).post(url, {"update_child": "True", "version": seen})
    assert response.status_code == 200
    assert "Someone changed this child" in page_text(response)
    notification.refresh_from_db()
    assert notification.child is None
    child.refresh_from_db()
    assert child.postcode == "LE9 9ZZ"
    assert not child.episodes.exists()


def test_a_upn_on_a_record_merged_into_this_one_is_not_a_warning(client_for, officer, school_a):
    from inclusion_tracker.casework import merging

    kept = ChildFactory(upn=make_upn(3), legal_first_name="Amelia", legal_last_name="Khan")
    old = ChildFactory(upn=make_upn(9), legal_first_name="Amelia", legal_last_name="Khan")
    merging.merge(kept, old, by=officer, reason="Same child")
    notification = submitted_notification(
        Kind.PART_TIME_TIMETABLE, establishment=school_a, upn=make_upn(9)
    )
    client = client_for(officer)
    url = f"/triage/{notification.reference}/link/{kept.pk}/"
    page = page_text(client.get(url))
    assert heading(page) == "Link this notification to Amelia Khan"
    assert 'id="upn-elsewhere"' not in page
    kept.refresh_from_db()
    response = client.post(url, {"update_child": "True", "version": kept.version})
    assert response.status_code == 302
    kept.refresh_from_db()
    assert kept.upn == make_upn(3)  # a record keeps its own UPN
