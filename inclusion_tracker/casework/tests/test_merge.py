"""Merging two records of one child, and an administrator reversing it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.casework import intake, merging
from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.casework.merging import MergeNotAllowed
from inclusion_tracker.casework.models import ChildMerge, Episode, Note
from inclusion_tracker.casework.tests.factories import submitted_notification
from inclusion_tracker.casework.tests.test_timeline import at, episode, note, received
from inclusion_tracker.children.models import Child
from inclusion_tracker.children.tests.factories import ChildFactory, make_upn
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.notifications.models import DestinationKnown, Kind, Notification


def choose(child):
    return reverse("casework:merge", args=[child.pk])


def confirm(child, other):
    return reverse("casework:merge-confirm", args=[child.pk, other.pk])


def detail(record):
    return reverse("casework:merge-detail", args=[record.pk])


MERGES = reverse("casework:merges")


@pytest.fixture
def kept(school_a, school_user_a, officer):
    """A record with no UPN and no address line 2, holding one of everything."""
    child = ChildFactory(
        legal_first_name="Amelia",
        legal_last_name="Khan",
        current_establishment=school_a,
        address_line_1="1 High Street",
        has_ehcp=True,
    )
    received(child, establishment=school_a, by=school_user_a, when=at(2))
    episode(child)
    note(child, by=officer, when=at(3), text="On the kept record")
    return child


@pytest.fixture
def duplicate(school_b, officer, admin_user):
    """The same child, notified by another school with a UPN."""
    child = ChildFactory(
        legal_first_name="Amelia",
        legal_last_name="Khan",
        upn=make_upn(7),
        current_establishment=school_b,
        address_line_1="1 High St",
        address_line_2="Flat 2",
        looked_after=True,
    )
    school_user = admin_user  # any user may have sent it; who is not the point here
    received(child, establishment=school_b, by=school_user, when=at(4))
    episode(child, kind="cme_enquiry")
    note(child, by=officer, when=at(5), text="On the duplicate")
    AuditEvent.objects.record(
        action=Action.VIEW, obj=child, child=child, user=officer, summary="Earlier view"
    )
    return child


def merge_by_post(client, kept, duplicate, keep=None, reason="Same child, two schools"):
    return client.post(confirm(kept, duplicate), {"keep": (keep or kept).pk, "reason": reason})


@pytest.fixture
def merged(client_for, officer, kept, duplicate):
    response = merge_by_post(client_for(officer), kept, duplicate)
    assert response.status_code == 302, page_text(response)
    return ChildMerge.objects.get()


# Who may do what ----------------------------------------------------------------------


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
def test_la_staff_may_merge_records(client_for, cast, kept, duplicate, who, status):
    client = client_for(cast[who])
    assert client.get(choose(kept), {"q": "Khan"}).status_code == status
    assert client.get(confirm(kept, duplicate)).status_code == status


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("school_user_a", 404),
        ("main_contact_a", 404),
        ("outsider", 404),
        ("officer", 302),
        ("manager", 302),
        ("admin", 302),
    ],
)
def test_who_may_post_a_merge(client_for, cast, kept, duplicate, who, status):
    assert merge_by_post(client_for(cast[who]), kept, duplicate).status_code == status
    assert ChildMerge.objects.count() == (1 if status == 302 else 0)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("school_user_a", 404),
        ("main_contact_a", 404),
        ("outsider", 404),
        ("officer", 404),
        ("manager", 404),
        ("admin", 200),
    ],
)
def test_only_administrators_see_and_reverse_merges(client_for, cast, merged, who, status):
    client = client_for(cast[who])
    assert client.get(MERGES).status_code == status
    assert client.get(detail(merged)).status_code == status
    response = client.post(detail(merged), {"confirm": "on"})
    assert response.status_code == (302 if status == 200 else 404)
    merged.refresh_from_db()
    assert merged.is_reversed == (status == 200)


def test_anonymous_users_are_sent_to_sign_in(client, kept, duplicate, merged):
    client.logout()
    for response in (
        client.get(choose(kept)),
        client.get(confirm(kept, duplicate)),
        client.post(confirm(kept, duplicate), {"keep": kept.pk, "reason": "Same"}),
        client.get(MERGES),
        client.get(detail(merged)),
        client.post(detail(merged), {"confirm": "on"}),
    ):
        assert response.status_code == 302
        assert response.url.startswith("/sign-in/?next=")
    merged.refresh_from_db()
    assert not merged.is_reversed


# Finding the other record -----------------------------------------------------------


def test_the_search_finds_other_current_records_only(client_for, officer, kept, duplicate):
    already_merged = ChildFactory(legal_first_name="Amelia", legal_last_name="Khan")
    already_merged.merged_into = duplicate
    already_merged.save()
    content = page_text(client_for(officer).get(choose(kept), {"q": "Amelia Khan"}))
    assert confirm(kept, duplicate) in content
    assert confirm(kept, kept) not in content
    assert confirm(kept, already_merged) not in content


def test_the_search_by_upn_finds_the_record(client_for, officer, kept, duplicate):
    content = page_text(client_for(officer).get(choose(kept), {"q": duplicate.upn}))
    assert confirm(kept, duplicate) in content


def test_a_search_that_finds_nothing_says_so(client_for, officer, kept):
    content = page_text(client_for(officer).get(choose(kept), {"q": "Nobody"}))
    assert "No other records match your search." in content


def test_the_search_words_are_not_audited(client_for, officer, kept, duplicate):
    client_for(officer).get(choose(kept), {"q": "Amelia Khan"})
    event = AuditEvent.objects.get(action=Action.SEARCH)
    assert event.summary == "Search for a record to merge: 1 found"


# Merging -------------------------------------------------------------------------


def test_the_two_records_are_shown_side_by_side(client_for, officer, kept, duplicate):
    content = page_text(client_for(officer).get(confirm(kept, duplicate)))
    table = content.split("The two records side by side")[1].split("</table>")[0]
    assert f"Record {kept.pk}" in table and f"Record {duplicate.pk}" in table
    assert duplicate.upn in table
    assert "Alpha Primary School" in table and "Beta Academy" in table
    assert "Which record do you want to keep?" in content
    assert AuditEvent.objects.filter(action=Action.VIEW, child=kept).exists()
    assert AuditEvent.objects.filter(action=Action.VIEW, child=duplicate).count() == 2


def test_a_merge_keeps_every_notification_episode_note_and_audit_event(
    client_for, officer, kept, duplicate
):
    notifications = set(Notification.objects.values_list("pk", flat=True))
    episodes = set(Episode.objects.values_list("pk", flat=True))
    notes = set(Note.objects.values_list("pk", flat=True))
    duplicate_events = set(AuditEvent.objects.filter(child=duplicate).values_list("pk", flat=True))
    client = client_for(officer)
    response = merge_by_post(client, kept, duplicate)
    assert response.status_code == 302
    assert response.url == reverse("casework:child", args=[kept.pk])
    assert set(kept.notifications.values_list("pk", flat=True)) == notifications
    assert set(kept.episodes.values_list("pk", flat=True)) == episodes
    assert set(kept.notes.values_list("pk", flat=True)) == notes
    in_kept_log = set(AuditEvent.objects.for_filters(child_id=kept.pk).values_list("pk", flat=True))
    assert duplicate_events <= in_kept_log
    page = page_text(client.get(response.url))
    assert "The records have been merged" in page
    assert "On the duplicate" in page and "On the kept record" in page


def test_the_audit_log_filtered_by_the_kept_child_shows_the_merged_childs_events(
    client_for, admin_user, merged, kept
):
    content = page_text(client_for(admin_user).get(reverse("audit:list"), {"child": kept.pk}))
    assert "Earlier view" in content


def test_a_merge_fills_empty_details_and_moves_the_upn(merged, kept, duplicate):
    kept.refresh_from_db()
    duplicate.refresh_from_db()
    assert kept.upn == make_upn(7)
    assert duplicate.upn == ""
    # The kept record has an address: it keeps it whole, without the other's flat.
    assert (kept.address_line_1, kept.address_line_2) == ("1 High Street", "")
    assert kept.current_establishment.name == "Alpha Primary School"
    assert (kept.has_ehcp, kept.looked_after) == (True, True)
    assert duplicate.merged_into == kept


def test_a_merge_takes_an_address_whole_from_one_record(officer):
    kept = ChildFactory(address_line_1="", address_line_2="", town="", postcode="LE1 1AA")
    other = ChildFactory(
        address_line_1="4 Mill Lane", address_line_2="", town="Loughborough", postcode="LE11 2AB"
    )
    merging.merge(kept, other, by=officer, reason="Same child")
    kept.refresh_from_db()
    # The kept record had part of an address (a postcode): nothing is mixed in.
    assert (kept.address_line_1, kept.town, kept.postcode) == ("", "", "LE1 1AA")

    empty = ChildFactory(address_line_1="", address_line_2="", town="", postcode="")
    full = ChildFactory(
        address_line_1="9 Park Road", address_line_2="Flat 1", town="Hinckley", postcode="LE10 1AA"
    )
    record = merging.merge(empty, full, by=officer, reason="Same child")
    empty.refresh_from_db()
    assert (empty.address_line_1, empty.address_line_2, empty.town, empty.postcode) == (
        "9 Park Road",
        "Flat 1",
        "Hinckley",
        "LE10 1AA",
    )
    merging.reverse(record, by=officer)
    empty.refresh_from_db()
    assert (empty.address_line_1, empty.town, empty.postcode) == ("", "", "")


def test_a_merge_is_audited_on_both_children(merged, officer, kept, duplicate):
    events = AuditEvent.objects.filter(action=Action.MERGE)
    assert {event.child for event in events} == {kept, duplicate}
    for event in events:
        assert event.actor == officer
        assert (event.object_type, event.object_id) == ("childmerge", str(merged.pk))
        assert "Amelia" not in event.summary
    assert merged.reason == "Same child, two schools"


def test_the_officer_may_keep_the_other_record(client_for, officer, kept, duplicate):
    response = merge_by_post(client_for(officer), kept, duplicate, keep=duplicate)
    assert response.url == reverse("casework:child", args=[duplicate.pk])
    kept.refresh_from_db()
    assert kept.merged_into == duplicate


def test_a_merged_record_is_not_listed_or_found(client_for, officer, merged, kept, duplicate):
    assert duplicate not in Child.objects.current()
    assert not Child.objects.current().search("Amelia Khan").filter(pk=duplicate.pk).exists()
    content = page_text(client_for(officer).get(reverse("children:list")))
    assert reverse("casework:child", args=[kept.pk]) in content
    assert reverse("casework:child", args=[duplicate.pk]) not in content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "Same"}, "Select which record to keep"),
        ({"keep": "kept"}, "Enter why these records are the same child"),
        ({"keep": "999999", "reason": "Same"}, "Select which record to keep"),
    ],
)
def test_a_merge_needs_a_record_to_keep_and_a_reason(
    client_for, officer, kept, duplicate, data, message
):
    data = {name: (kept.pk if value == "kept" else value) for name, value in data.items()}
    response = client_for(officer).post(confirm(kept, duplicate), data)
    assert response.status_code == 200
    assert message in page_text(response)
    assert not ChildMerge.objects.exists()


def test_a_record_cannot_be_merged_with_itself(client_for, officer, kept):
    client = client_for(officer)
    content = page_text(client.get(confirm(kept, kept)))
    assert "Choose a different child's record to merge" in content
    assert "Merge these records" not in content
    response = client.post(confirm(kept, kept), {"keep": kept.pk, "reason": "Same"})
    assert "Choose a different child's record to merge" in page_text(response)
    assert not ChildMerge.objects.exists()


def test_an_already_merged_record_cannot_be_merged_again(
    client_for, officer, merged, kept, duplicate
):
    third = ChildFactory()
    client = client_for(officer)
    for url in (confirm(third, duplicate), confirm(duplicate, third)):
        assert "One of these records has already been merged" in page_text(client.get(url))
    response = client.post(confirm(third, duplicate), {"keep": third.pk, "reason": "Same"})
    assert "One of these records has already been merged" in page_text(response)
    assert ChildMerge.objects.count() == 1


def test_posting_the_same_merge_twice_merges_once(client_for, officer, kept, duplicate):
    client = client_for(officer)
    assert merge_by_post(client, kept, duplicate).status_code == 302
    response = merge_by_post(client, kept, duplicate)
    assert "One of these records has already been merged" in page_text(response)
    assert ChildMerge.objects.count() == 1
    assert AuditEvent.objects.filter(action=Action.MERGE).count() == 2


# Reversing ----------------------------------------------------------------------------


def test_the_merged_records_page_links_administrators_to_the_merge(
    client_for, officer, admin_user, merged, duplicate
):
    url = reverse("casework:child", args=[duplicate.pk])
    officers_view = page_text(client_for(officer).get(url))
    assert "This record was merged into" in officers_view
    assert detail(merged) not in officers_view
    assert detail(merged) in page_text(client_for(admin_user).get(url))


def test_the_merges_list_shows_each_merge(client_for, admin_user, merged, kept, duplicate):
    content = page_text(client_for(admin_user).get(MERGES))
    assert "1 merge" in content
    assert detail(merged) in content
    assert f"(record {kept.pk})" in content and f"(record {duplicate.pk})" in content


def test_the_merges_list_runs_the_same_queries_for_3_and_30(client_for, admin_user, officer):
    client = client_for(admin_user)

    def make(n):
        for _ in range(n):
            ChildMerge.objects.create(
                kept=ChildFactory(), merged=ChildFactory(), reason="Same", merged_by=officer
            )

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(MERGES).status_code == 200
        return len(queries)

    make(3)
    client.get(MERGES)
    few = count()
    make(27)
    assert count() == few


def test_the_merge_page_shows_what_moved(client_for, admin_user, merged):
    content = page_text(client_for(admin_user).get(detail(merged)))
    assert "1 notification, 1 episode, 1 note" in content
    assert "unique pupil number (UPN)" in content
    assert "Same child, two schools" in content
    assert "Reverse this merge" in content


def test_reversing_needs_a_confirmation(client_for, admin_user, merged):
    response = client_for(admin_user).post(detail(merged), {})
    assert "Confirm that these records are two different children" in page_text(response)
    merged.refresh_from_db()
    assert not merged.is_reversed


def test_reversing_puts_everything_back(client_for, admin_user, merged, kept, duplicate):
    moved = merged.moved
    client = client_for(admin_user)
    response = client.post(detail(merged), {"confirm": "on"})
    assert response.status_code == 302
    assert "The merge has been reversed" in page_text(client.get(response.url))
    duplicate.refresh_from_db()
    kept.refresh_from_db()
    assert duplicate.merged_into is None
    assert duplicate.upn == make_upn(7)
    assert kept.upn == ""
    assert kept.address_line_2 == ""
    # Flags the merge added stay: they may have been set again since.
    assert kept.looked_after is True and kept.has_ehcp is True
    assert set(duplicate.notifications.values_list("pk", flat=True)) == set(moved["notifications"])
    assert set(duplicate.episodes.values_list("pk", flat=True)) == set(moved["episodes"])
    assert set(duplicate.notes.values_list("pk", flat=True)) == set(moved["notes"])
    assert kept.notifications.count() == kept.episodes.count() == kept.notes.count() == 1
    assert duplicate in Child.objects.current()


def test_a_reversal_is_audited_on_both_children(client_for, admin_user, merged, kept, duplicate):
    client_for(admin_user).post(detail(merged), {"confirm": "on"})
    events = AuditEvent.objects.filter(action=Action.UNMERGE)
    assert {event.child for event in events} == {kept, duplicate}
    assert all(event.actor == admin_user for event in events)


def test_a_merge_cannot_be_reversed_twice(client_for, admin_user, merged):
    client = client_for(admin_user)
    client.post(detail(merged), {"confirm": "on"})
    content = page_text(client.get(detail(merged)))
    assert "This merge has been reversed" in content
    assert 'name="confirm"' not in content
    response = client.post(detail(merged), {"confirm": "on"})
    assert response.status_code == 200
    assert "This merge has already been reversed" in page_text(response)
    assert AuditEvent.objects.filter(action=Action.UNMERGE).count() == 2


def test_a_merge_whose_upn_is_now_on_another_record_cannot_be_reversed(
    client_for, admin_user, merged, kept, duplicate
):
    # After the merge the kept record's UPN was changed, and another record
    # was given the UPN the merged record would take back.
    Child.objects.filter(pk=kept.pk).update(upn=make_upn(8))
    other = ChildFactory(upn=make_upn(7))

    response = client_for(admin_user).post(detail(merged), {"confirm": "on"})

    assert response.status_code == 200
    message = f"Record {other.pk} now has the UPN that goes back to record {duplicate.pk}"
    assert message in page_text(response)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept


def test_the_childs_page_offers_the_merge(client_for, officer, kept):
    content = page_text(client_for(officer).get(reverse("casework:child", args=[kept.pk])))
    assert re.search(rf'href="{choose(kept)}">Merge with another record<', content)


def test_a_merge_and_its_audit_events_are_saved_together(
    client_for, officer, kept, duplicate, monkeypatch
):
    record = AuditEvent.objects.record

    def failing(*args, action, **kwargs):
        if action == Action.MERGE:
            raise RuntimeError("audit log unavailable")
        return record(*args, action=action, **kwargs)

    monkeypatch.setattr(AuditEvent.objects, "record", failing)
    with pytest.raises(RuntimeError):
        merge_by_post(client_for(officer), kept, duplicate)
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    assert not ChildMerge.objects.exists()
    assert duplicate.notifications.count() == duplicate.episodes.count() == 1


def test_a_reversal_and_its_audit_events_are_saved_together(
    client_for, admin_user, merged, duplicate, monkeypatch
):
    record = AuditEvent.objects.record

    def failing(*args, action, **kwargs):
        if action == Action.UNMERGE:
            raise RuntimeError("audit log unavailable")
        return record(*args, action=action, **kwargs)

    monkeypatch.setattr(AuditEvent.objects, "record", failing)
    with pytest.raises(RuntimeError):
        client_for(admin_user).post(detail(merged), {"confirm": "on"})
    merged.refresh_from_db()
    duplicate.refresh_from_db()
    assert not merged.is_reversed
    assert duplicate.merged_into_id == merged.kept_id


# Reversing: what was added since ------------------------------------------------------


def test_reversing_takes_back_what_was_added_since_about_a_moved_episode(
    client_for, school_b, officer, admin_user, merged, kept, duplicate
):
    moved = Episode.objects.get(pk__in=merged.moved["episodes"])
    own = kept.episodes.exclude(pk=moved.pk).get()
    # Since the merge, on the kept record: a notification that updated the
    # moved episode, a note about it, a follow-up of it and a follow-up of
    # that, with a note of its own ...
    later = received(kept, establishment=school_b, by=officer, when=at(6))
    moved.notifications.add(later)
    about_moved = note(kept, by=officer, when=at(7), about=moved)
    follow_up = episode(kept, kind=EpisodeKind.CME_ENQUIRY, parent=moved)
    second = episode(kept, kind=EpisodeKind.CME_ENQUIRY, parent=follow_up)
    about_follow_up = note(kept, by=officer, when=at(8), about=second)
    # ... and things about the kept record's own episode, or none.
    own_later = received(kept, establishment=school_b, by=officer, when=at(9))
    own.notifications.add(own_later)
    about_own = note(kept, by=officer, when=at(10), about=own)
    general = note(kept, by=officer, when=at(11))
    own_follow_up = episode(kept, kind=EpisodeKind.CME_ENQUIRY, parent=own)

    response = client_for(admin_user).post(detail(merged), {"confirm": "on"})

    assert response.status_code == 302
    for each in (moved, follow_up, second, later, about_moved, about_follow_up):
        each.refresh_from_db()
        assert each.child_id == duplicate.pk, each
    for each in (own, own_follow_up, own_later, about_own, general):
        each.refresh_from_db()
        assert each.child_id == kept.pk, each


def test_a_later_notification_updating_a_moved_episode_goes_back_with_it(officer, admin_user):
    kept = ChildFactory(legal_first_name="Amelia", legal_last_name="Khan")
    duplicate = ChildFactory(legal_first_name="Amelia", legal_last_name="Khan")
    first = submitted_notification(Kind.PART_TIME_TIMETABLE)
    intake.link(first, duplicate, by=officer)
    moved = duplicate.episodes.get()
    record = merging.merge(kept, duplicate, by=officer, reason="Same child")
    later = submitted_notification(Kind.PART_TIME_TIMETABLE, establishment=first.establishment)
    assert intake.link(later, kept, by=officer) == [moved]  # it updated the moved episode

    merging.reverse(record, by=admin_user)

    moved.refresh_from_db()
    later.refresh_from_db()
    assert moved.child_id == later.child_id == duplicate.pk
    assert not kept.episodes.exists() and not kept.notifications.exists()


# Reversing: most recent first -----------------------------------------------------------


def sent_about(child) -> Notification:
    notification = submitted_notification(Kind.EARLY_YEARS)
    Notification.objects.filter(pk=notification.pk).update(child=child)
    return notification


def test_merges_are_reversed_most_recent_first(officer, admin_user):
    a, b, c = ChildFactory(), ChildFactory(), ChildFactory()
    sent = {child: sent_about(child) for child in (a, b, c)}
    first = merging.merge(b, a, by=officer, reason="A is B")
    second = merging.merge(c, b, by=officer, reason="B is C")

    with pytest.raises(MergeNotAllowed) as refused:
        merging.reverse(first, by=admin_user)
    assert (
        str(refused.value) == f"Reverse the later merge of record {b.pk} into record {c.pk} first"
    )
    first.refresh_from_db()
    assert not first.is_reversed
    assert Notification.objects.filter(child=c).count() == 3

    merging.reverse(second, by=admin_user)
    merging.reverse(first, by=admin_user)

    for child, notification in sent.items():
        notification.refresh_from_db()
        child.refresh_from_db()
        assert notification.child_id == child.pk
        assert child.merged_into_id is None


def test_a_merge_made_again_after_a_reversal_blocks_an_earlier_one(officer, admin_user):
    a, b, c = ChildFactory(), ChildFactory(), ChildFactory()
    first = merging.merge(b, a, by=officer, reason="A is B")
    merging.reverse(merging.merge(c, b, by=officer, reason="B is C"), by=admin_user)
    again = merging.merge(c, b, by=officer, reason="B is C after all")

    assert merging.blocking_merge(first) == again
    with pytest.raises(MergeNotAllowed):
        merging.reverse(first, by=admin_user)


def test_a_merge_into_the_merged_record_is_reversed_after_it_moves_on(officer, admin_user):
    a, b, d = ChildFactory(), ChildFactory(), ChildFactory()
    notification = sent_about(d)
    into_a = merging.merge(a, d, by=officer, reason="D is A")
    into_b = merging.merge(b, a, by=officer, reason="A is B")

    with pytest.raises(MergeNotAllowed):
        merging.reverse(into_a, by=admin_user)  # A's things, D's among them, are on B
    merging.reverse(into_b, by=admin_user)
    merging.reverse(into_a, by=admin_user)

    notification.refresh_from_db()
    assert notification.child_id == d.pk


def test_another_merge_into_the_same_kept_record_does_not_block(officer, admin_user):
    a, b, d = ChildFactory(), ChildFactory(), ChildFactory()
    from_a = sent_about(a)
    from_d = sent_about(d)
    first = merging.merge(b, a, by=officer, reason="A is B")
    merging.merge(b, d, by=officer, reason="D is B")

    merging.reverse(first, by=admin_user)

    from_a.refresh_from_db()
    from_d.refresh_from_db()
    assert (from_a.child_id, from_d.child_id) == (a.pk, b.pk)


def test_a_later_merge_not_reversed_blocks_even_if_the_record_points_nowhere(officer, admin_user):
    a, b, c = ChildFactory(), ChildFactory(), ChildFactory()
    first = merging.merge(b, a, by=officer, reason="A is B")
    ChildMerge.objects.create(kept=c, merged=b, reason="B is C", merged_by=officer)

    with pytest.raises(MergeNotAllowed):
        merging.reverse(first, by=admin_user)


def test_the_merge_page_says_which_merge_to_reverse_first(
    client_for, officer, admin_user, merged, kept
):
    third = ChildFactory()
    later = merging.merge(third, kept, by=officer, reason="Same again")
    client = client_for(admin_user)
    message = f"Reverse the later merge of record {kept.pk} into record {third.pk} first"

    content = page_text(client.get(detail(merged)))
    assert message in content
    assert detail(later) in content
    assert 'name="confirm"' not in content

    response = client.post(detail(merged), {"confirm": "on"})
    assert response.status_code == 200
    assert message in page_text(response)
    merged.refresh_from_db()
    assert not merged.is_reversed
    assert not AuditEvent.objects.filter(action=Action.UNMERGE).exists()


# Reversing: flags ---------------------------------------------------------------------


def test_the_merge_page_says_flags_added_by_the_merge_stay(client_for, admin_user, merged, kept):
    content = page_text(client_for(admin_user).get(detail(merged)))
    assert "Flags added from the merged record" in content
    assert "Looked after child" in content
    assert (
        f"Flags added by the merge stay on Amelia Khan (record {kept.pk}); remove them "
        "from the child's details if they do not apply" in content
    )


def test_a_flag_set_again_since_the_merge_stays_after_reversing(officer, admin_user):
    kept = ChildFactory()
    duplicate = ChildFactory(looked_after=True)
    record = merging.merge(kept, duplicate, by=officer, reason="Same child")
    assert record.moved["flags"] == ["looked_after"]
    Child.objects.filter(pk=kept.pk).update(looked_after=True)  # set again elsewhere

    merging.reverse(record, by=admin_user)

    kept.refresh_from_db()
    duplicate.refresh_from_db()
    assert kept.looked_after is True and duplicate.looked_after is True


def test_reversing_keeps_a_later_notification_with_every_episode_it_touched(
    officer, admin_user, school_a
):
    """A second "no known destination" removal after the merge opens a removal
    on the kept record and updates the moved CME enquiry: reversing moves the
    notification and both episodes back together."""
    kept, other = ChildFactory(), ChildFactory()
    first = submitted_notification(
        Kind.REMOVAL_FROM_ROLL,
        establishment=school_a,
        details={"destination_known": DestinationKnown.NOT_KNOWN},
    )
    intake.link(first, other, by=officer)
    record = merging.merge(kept, other, by=officer, reason="Same child")
    later = submitted_notification(
        Kind.REMOVAL_FROM_ROLL,
        establishment=school_a,
        details={"destination_known": DestinationKnown.NOT_KNOWN},
    )
    touched = intake.link(later, kept, by=officer)
    assert {episode.kind for episode in touched} == {
        EpisodeKind.REMOVAL_FROM_ROLL,
        EpisodeKind.CME_ENQUIRY,
    }
    merging.reverse(record, by=admin_user)
    later.refresh_from_db()
    assert later.child == other
    for touched_episode in touched:
        touched_episode.refresh_from_db()
        assert touched_episode.child == other
    assert not kept.episodes.exists()


# Two merges at once ---------------------------------------------------------------------
#
# A merge (and a reversal) locks both records and checks them as they are in the
# database, not as the page loaded them; it locks them in one statement, the
# lower primary key first, so two merges of one pair never deadlock.


def test_a_merge_checks_the_records_as_they_are_now_not_as_they_were_loaded(officer):
    kept, duplicate, third = ChildFactory(), ChildFactory(), ChildFactory()
    # Both officers opened their pages; the other officer's merge was saved first.
    merging.merge(third, Child.objects.get(pk=duplicate.pk), by=officer, reason="First")
    assert duplicate.merged_into_id is None  # as this officer's page loaded it

    with pytest.raises(MergeNotAllowed, match="One of these records has already been merged"):
        merging.merge(kept, duplicate, by=officer, reason="Second")

    assert ChildMerge.objects.get().reason == "First"
    duplicate.refresh_from_db()
    assert duplicate.merged_into == third


def test_a_reversal_checks_the_merge_as_it_is_now_not_as_it_was_loaded(officer, admin_user):
    kept, duplicate = ChildFactory(), ChildFactory()
    record = merging.merge(kept, duplicate, by=officer, reason="Same child")
    merging.reverse(ChildMerge.objects.get(pk=record.pk), by=admin_user)
    assert not record.is_reversed  # as the second administrator's page loaded it

    with pytest.raises(MergeNotAllowed, match="This merge has already been reversed"):
        merging.reverse(record, by=admin_user)

    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def child_locks(queries) -> tuple[list[str], int]:
    """The statements run, and the index of the one that locked children's
    records (the test fails unless there is exactly one)."""
    statements = [query["sql"] for query in queries.captured_queries]
    table = f'"{Child._meta.db_table}"'
    [lock] = [i for i, sql in enumerate(statements) if "FOR UPDATE" in sql and table in sql]
    return statements, lock


def assert_locked_lower_first(statement: str, lower: Child, higher: Child) -> None:
    table = f'"{Child._meta.db_table}"'
    assert re.search(
        rf"{table}\.\"id\" IN \(({lower.pk}, {higher.pk}|{higher.pk}, {lower.pk})\)", statement
    )
    assert statement.rstrip().endswith(f'ORDER BY {table}."id" ASC FOR UPDATE')


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks")
@pytest.mark.parametrize("kept_is", ["lower", "higher"])
def test_a_merge_locks_both_records_lower_primary_key_first(officer, kept_is):
    lower, higher = sorted((ChildFactory(), ChildFactory()), key=lambda child: child.pk)
    kept, merged = (lower, higher) if kept_is == "lower" else (higher, lower)

    with CaptureQueriesContext(connection) as queries:
        merging.merge(kept, merged, by=officer, reason="Same child")

    statements, lock = child_locks(queries)
    assert_locked_lower_first(statements[lock], lower, higher)
    assert lock < min(i for i, sql in enumerate(statements) if sql.startswith("UPDATE"))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks")
@pytest.mark.parametrize("kept_is", ["lower", "higher"])
def test_a_reversal_locks_both_records_lower_primary_key_first(officer, admin_user, kept_is):
    lower, higher = sorted((ChildFactory(), ChildFactory()), key=lambda child: child.pk)
    kept, merged = (lower, higher) if kept_is == "lower" else (higher, lower)
    record = merging.merge(kept, merged, by=officer, reason="Same child")

    with CaptureQueriesContext(connection) as queries:
        merging.reverse(record, by=admin_user)

    statements, lock = child_locks(queries)
    assert_locked_lower_first(statements[lock], lower, higher)
    assert lock < min(i for i, sql in enumerate(statements) if sql.startswith("UPDATE"))
