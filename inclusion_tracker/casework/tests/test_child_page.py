"""The child's page, adding notes and changing a child's details."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.casework.models import Note
from inclusion_tracker.casework.tests.test_timeline import at, episode, event, note, received
from inclusion_tracker.children.models import Child
from inclusion_tracker.children.tests.factories import ChildFactory, make_upn
from inclusion_tracker.core.tests.helpers import first_group, heading, page_text


def page(child):
    return reverse("casework:child", args=[child.pk])


def edit(child):
    return reverse("casework:child-edit", args=[child.pk])


def add_note(child):
    return reverse("casework:note-add", args=[child.pk])


@pytest.fixture
def child(school_a):
    return ChildFactory(
        current_establishment=school_a,
        legal_first_name="Amelia",
        legal_middle_names="Rose",
        legal_last_name="Khan",
        upn=make_upn(1),
        date_of_birth=date(2015, 3, 12),
        address_line_1="1 High Street",
        town="Leicester",
        has_ehcp=True,
        looked_after=True,
    )


# Who may see what ---------------------------------------------------------------


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
def test_who_may_open_a_childs_page_and_change_their_details(client_for, cast, child, who, status):
    client = client_for(cast[who])
    assert client.get(page(child)).status_code == status
    assert client.get(edit(child)).status_code == status


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
def test_who_may_add_a_note(client_for, cast, child, who, status):
    response = client_for(cast[who]).post(add_note(child), {"text": "Called the family"})
    assert response.status_code == status
    assert Note.objects.count() == (1 if status == 302 else 0)


def test_anonymous_users_are_sent_to_sign_in(client, child):
    for response in (
        client.get(page(child)),
        client.get(edit(child)),
        client.post(edit(child), {}),
        client.post(add_note(child), {"text": "A note"}),
    ):
        assert response.status_code == 302
        assert response.url.startswith("/sign-in/?next=")
    assert not Note.objects.exists()


def test_a_child_that_does_not_exist_is_not_found(client_for, officer):
    assert client_for(officer).get(reverse("casework:child", args=[999999])).status_code == 404


def test_a_refused_view_is_not_recorded_as_a_view(client_for, school_user_a, child):
    assert client_for(school_user_a).get(page(child)).status_code == 404
    assert not AuditEvent.objects.filter(action=Action.VIEW).exists()


# What the page shows ----------------------------------------------------------------


def test_the_page_shows_who_the_child_is(client_for, officer, child):
    content = page_text(client_for(officer).get(page(child)))
    assert "moj-identity-bar" in content
    assert '<h1 class="govuk-heading-l">Amelia Khan</h1>' in content
    assert "Amelia Rose Khan" in content
    assert "12 March 2015" in content
    assert child.upn in content
    assert "Alpha Primary School" in content
    assert "1 High Street, Leicester, LE1 2AB" in content
    age = child.compulsory_school_age
    assert f"{age.start.day} {age.start:%B %Y} to {age.end.day} {age.end:%B %Y}" in content
    assert f'href="{edit(child)}"' in content
    assert "Merge with another record" in content


def test_flags_are_badges(client_for, officer, child):
    content = page_text(client_for(officer).get(page(child)))
    assert '<strong class="govuk-tag govuk-tag--purple">EHCP</strong>' in content
    assert '<strong class="govuk-tag govuk-tag--red">Looked after</strong>' in content
    assert "Child in need" not in content


def test_a_temporary_upn_is_tagged(client_for, officer):
    from inclusion_tracker.children.tests.factories import make_temporary_upn

    child = ChildFactory(upn=make_temporary_upn())
    content = page_text(client_for(officer).get(page(child)))
    assert '<strong class="govuk-tag govuk-tag--yellow">Temporary</strong>' in content


def test_open_and_closed_episodes_are_listed_apart(client_for, officer, manager, child):
    review_due = timezone.localdate() + timedelta(days=5)
    timetable = episode(child, owner=manager, review_due=review_due, status="extended")
    ended = episode(
        child,
        kind=EpisodeKind.REMOVAL_FROM_ROLL,
        status="closed",
        outcome="on_roll_elsewhere",
        closed_on=date(2026, 2, 2),
    )
    content = page_text(client_for(officer).get(page(child)))
    open_table = content.split("Open episodes")[1].split("</table>")[0]
    closed_table = content.split("Closed episodes")[1].split("</table>")[0]
    assert reverse("casework:episode", args=[timetable.pk]) in open_table
    assert '<strong class="govuk-tag govuk-tag--orange">Extended</strong>' in open_table
    assert str(manager) in open_table
    assert f"Review due: {review_due.day} {review_due:%B %Y}" in open_table
    assert reverse("casework:episode", args=[ended.pk]) in closed_table
    assert "2 February 2026" in closed_table
    assert reverse("casework:episode", args=[ended.pk]) not in open_table
    assert ended.outcome_label in closed_table


def test_the_timeline_is_newest_first_with_who_and_when(
    client_for, officer, manager, school_user_a, school_a, child
):
    notification = received(child, establishment=school_a, by=school_user_a, when=at(2))
    event(episode(child), by=manager, when=at(3), summary="Status changed to extended")
    note(child, by=officer, when=at(4), text="Spoke to mum")
    content = page_text(client_for(officer).get(page(child)))
    timeline = content.split('<div class="moj-timeline">')[1]
    titles = re.findall(r'<h3 class="moj-timeline__title">(.*?)</h3>', timeline)
    assert [re.sub(r"<[^>]+>", "", title) for title in titles] == [
        "Note",
        "Part-time timetable: Status changed to extended",
        f"Notification {notification.reference} received from Alpha Primary School",
    ]
    assert re.findall(r'<p class="moj-timeline__byline">by (.*?)</p>', timeline) == [
        str(officer),
        str(manager),
        str(school_user_a),
    ]
    assert "4 March 2026 at 10:00am" in timeline
    assert "2 March 2026 at 10:00am" in timeline
    assert "Spoke to mum" in timeline


def test_only_administrators_see_links_to_merges(client_for, officer, admin_user, child):
    from inclusion_tracker.casework.models import ChildMerge

    record = ChildMerge.objects.create(
        kept=child, merged=ChildFactory(), reason="Same child", merged_by=officer
    )
    detail = reverse("casework:merge-detail", args=[record.pk])
    officer_view = page_text(client_for(officer).get(page(child)))
    assert "Another record of this child merged into this one" in officer_view
    assert detail not in officer_view
    assert reverse("casework:merges") not in officer_view
    admin_view = page_text(client_for(admin_user).get(page(child)))
    assert detail in admin_view
    assert reverse("casework:merges") in admin_view


def test_viewing_a_childs_page_is_audited(client_for, officer, child):
    client_for(officer).get(page(child), REMOTE_ADDR="203.0.113.9")
    event = AuditEvent.objects.get(action=Action.VIEW)
    assert (event.child, event.actor, event.ip_address) == (child, officer, "203.0.113.9")
    assert (event.object_type, event.object_id) == ("child", str(child.pk))
    assert "Amelia" not in event.summary and "Khan" not in event.summary


def test_every_view_of_a_childs_page_is_audited(client_for, officer, child):
    client = client_for(officer)
    client.get(page(child))
    client.get(page(child))
    assert AuditEvent.objects.filter(action=Action.VIEW, child=child, actor=officer).count() == 2


def test_a_merged_record_only_points_at_the_record_it_was_merged_into(
    client_for, officer, child, school_a
):
    merged = ChildFactory(legal_first_name="Amy", merged_into=child)
    note(merged, by=officer, when=at(2), text="Secret note")
    response = client_for(officer).get(page(merged))
    content = page_text(response)
    assert response.status_code == 200
    assert "This record was merged into" in content
    assert f'href="{page(child)}"' in content
    assert "Secret note" not in content
    assert "Add a note" not in content
    assert AuditEvent.objects.filter(action=Action.VIEW, child=merged).count() == 1


# No N+1 ----------------------------------------------------------------------------


def fill(child, school, school_user, officer, n):
    for i in range(n):
        when = timezone.now() - timedelta(hours=i)
        received(child, establishment=school, by=school_user, when=when)
        timetable = episode(child, owner=officer)
        event(timetable, by=officer, when=when)
        episode(child, kind=EpisodeKind.CME_ENQUIRY, status="closed", outcome="found_on_roll")
        note(child, by=officer, when=when, about=timetable)


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_runs_the_same_queries_for_3_and_30_of_everything(
    client_for, officer, child, school_a, school_user_a
):
    client = client_for(officer)
    fill(child, school_a, school_user_a, officer, 3)
    client.get(page(child))
    few = queries_for(client, page(child))
    fill(child, school_a, school_user_a, officer, 27)
    many = queries_for(client, page(child))
    assert few == many
    assert page_text(client.get(page(child))).count('class="moj-timeline__item"') == 30 * 3


# Notes -------------------------------------------------------------------------------


def token_on(response) -> str:
    return first_group(r'name="form_token" value="([^"]+)"', page_text(response))


def test_an_officer_adds_a_note_about_an_episode(client_for, officer, child):
    timetable = episode(child)
    client = client_for(officer)
    token = token_on(client.get(page(child)))
    response = client.post(
        add_note(child),
        {"text": "Mum says the plan is working", "episode": timetable.pk, "form_token": token},
    )
    assert response.status_code == 302
    assert response.url == page(child)
    note = Note.objects.get()
    assert (note.child, note.episode, note.author) == (child, timetable, officer)
    assert note.text == "Mum says the plan is working"
    content = page_text(client.get(page(child)))
    assert "Note added" in content
    assert "Mum says the plan is working" in content
    assert "Note about the part-time timetable" in content


def test_adding_a_note_is_audited_without_its_text(client_for, officer, child):
    client_for(officer).post(add_note(child), {"text": "Mum says hello"})
    event = AuditEvent.objects.get(action=Action.CREATE)
    assert (event.child, event.actor, event.object_type) == (child, officer, "note")
    assert "Mum" not in event.summary


def test_a_note_is_not_kept_when_its_audit_event_cannot_be_written(
    client_for, officer, child, monkeypatch
):
    def fail(*args, **kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(AuditEvent.objects, "record", fail)
    with pytest.raises(RuntimeError):
        client_for(officer).post(add_note(child), {"text": "Unaudited"})
    assert not Note.objects.exists()


def test_a_note_needs_text(client_for, officer, child):
    response = client_for(officer).post(add_note(child), {"text": "   "})
    content = page_text(response)
    assert response.status_code == 200
    assert "There is a problem" in content
    assert 'href="#id_text">Enter the note</a>' in content
    assert "<title>Error: " in content
    assert not Note.objects.exists()


def test_a_note_with_a_wrong_episode_keeps_the_text(client_for, officer, child):
    other_childs = episode(ChildFactory())
    response = client_for(officer).post(
        add_note(child), {"text": "Keep these words", "episode": other_childs.pk}
    )
    content = page_text(response)
    assert "Select an episode from the list" in content
    assert "Keep these words</textarea>" in content
    assert not Note.objects.exists()


def test_posting_the_same_note_twice_adds_one_note(client_for, officer, child):
    client = client_for(officer)
    token = token_on(client.get(page(child)))
    for _ in range(2):
        response = client.post(add_note(child), {"text": "Once", "form_token": token})
        assert response.status_code == 302
    assert Note.objects.count() == 1
    assert AuditEvent.objects.filter(action=Action.CREATE).count() == 1


def test_a_note_cannot_be_added_to_a_merged_record(client_for, officer, child):
    merged = ChildFactory(merged_into=child)
    response = client_for(officer).post(add_note(merged), {"text": "Lost"})
    assert response.status_code == 302
    assert response.url == page(merged)
    assert not Note.objects.exists()


# Changing a child's details ----------------------------------------------------------


def details(child, **changes) -> dict:
    data = {
        "upn": child.upn,
        "legal_first_name": child.legal_first_name,
        "legal_middle_names": child.legal_middle_names,
        "legal_last_name": child.legal_last_name,
        "preferred_first_name": child.preferred_first_name,
        "preferred_last_name": child.preferred_last_name,
        "date_of_birth_day": str(child.date_of_birth.day),
        "date_of_birth_month": str(child.date_of_birth.month),
        "date_of_birth_year": str(child.date_of_birth.year),
        "sex": child.sex,
        "address_line_1": child.address_line_1,
        "address_line_2": child.address_line_2,
        "town": child.town,
        "postcode": child.postcode,
        "flags": [flag.field for flag in child.flags],
    }
    return {**data, **changes}


def loaded_state(response) -> str:
    return response.context["form"]["loaded_state"].value()


def test_an_officer_changes_a_childs_details(client_for, officer, child):
    client = client_for(officer)
    state = loaded_state(client.get(edit(child)))
    response = client.post(
        edit(child),
        details(child, preferred_first_name="Amy", postcode="le3 9zz", loaded_state=state),
    )
    assert response.status_code == 302
    assert response.url == page(child)
    child.refresh_from_db()
    assert (child.preferred_first_name, child.postcode, child.version) == ("Amy", "LE3 9ZZ", 2)
    event = AuditEvent.objects.get(action=Action.UPDATE)
    assert event.child == child
    assert event.summary == "Changed the child's details: preferred_first_name, postcode"
    assert "The child's details have been saved" in page_text(client.get(page(child)))


def test_a_changed_flag_is_saved(client_for, officer, child):
    client = client_for(officer)
    state = loaded_state(client.get(edit(child)))
    client.post(edit(child), details(child, flags=["young_carer"], loaded_state=state))
    child.refresh_from_db()
    assert [flag.field for flag in child.flags] == ["young_carer"]


def test_bad_details_explain_what_to_fix(client_for, officer, child):
    client = client_for(officer)
    state = loaded_state(client.get(edit(child)))
    response = client.post(
        edit(child), details(child, legal_first_name="", postcode="nonsense", loaded_state=state)
    )
    content = page_text(response)
    assert "Enter the child's first name" in content
    assert "Enter a real postcode" in content
    child.refresh_from_db()
    assert child.legal_first_name == "Amelia"


def test_a_later_save_over_someone_elses_change_is_refused_then_accepted(
    client_for, officer, manager, child
):
    client = client_for(officer)
    state = loaded_state(client.get(edit(child)))
    # Meanwhile the manager changes the last name.
    other = client_for(manager)
    other_state = loaded_state(other.get(edit(child)))
    assert (
        other.post(
            edit(child), details(child, legal_last_name="Khan-Smith", loaded_state=other_state)
        ).status_code
        == 302
    )
    client = client_for(officer)
    typed = details(child, town="Loughborough", loaded_state=state)
    response = client.post(edit(child), typed)
    content = page_text(response)
    assert response.status_code == 200
    assert "Someone else changed this record after you opened this page" in content
    conflicts = response.context["form"].conflicts
    assert [(c.label, c.was, c.now) for c in conflicts] == [("Last name", "Khan", "Khan-Smith")]
    assert "What they changed" in content
    assert 'value="Loughborough"' in content
    child.refresh_from_db()
    assert (child.legal_last_name, child.town, child.version) == ("Khan-Smith", "Leicester", 2)
    assert AuditEvent.objects.filter(action=Action.UPDATE).count() == 1
    # Saving again puts the officer's answers over the manager's, on purpose.
    response = client.post(edit(child), {**typed, "loaded_state": loaded_state(response)})
    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.legal_last_name, child.town, child.version) == ("Khan", "Loughborough", 3)


def test_a_form_without_its_loaded_state_is_refused(client_for, officer, child):
    response = client_for(officer).post(edit(child), details(child, town="Hinckley"))
    assert response.status_code == 200
    assert Child.objects.get(pk=child.pk).town == "Leicester"


def test_the_upn_of_another_child_is_refused(client_for, officer, child):
    other = ChildFactory(upn=make_upn(2))
    client = client_for(officer)
    state = loaded_state(client.get(edit(child)))
    response = client.post(edit(child), details(child, upn=other.upn, loaded_state=state))
    assert "A child with this UPN already exists" in page_text(response)


def test_only_administrators_get_a_link_to_the_records_audit_log(client_for, officer, admin_user):
    from inclusion_tracker.children.tests.factories import ChildFactory

    child = ChildFactory()
    url = f"/children/{child.pk}/"
    link = f"/audit/?child={child.pk}"
    assert link in page_text(client_for(admin_user).get(url))
    officers_page = page_text(client_for(officer).get(url))
    assert heading(officers_page) == child.full_name
    assert link not in officers_page
    assert client_for(admin_user).get(link).status_code == 200


def test_a_timetable_past_its_end_date_shows_the_end_date_overdue_before_a_later_review(child):
    from inclusion_tracker.casework.models import Episode
    from inclusion_tracker.casework.views.child import key_date

    # Wednesday 11 June 2025: the plan ended on Monday 2 June and its next
    # review is not until July; the page must not hide that it has run on.
    plan = Episode.objects.create(
        child=child,
        kind=EpisodeKind.PART_TIME_TIMETABLE,
        end_date=date(2025, 6, 2),
        review_due=date(2025, 7, 14),
    )
    assert key_date(plan, date(2025, 6, 11)) == ("Ends", date(2025, 6, 2), "overdue")
    # Before the end date has passed, the review stays the key date.
    assert key_date(plan, date(2025, 6, 2)) == ("Review due", date(2025, 7, 14), "")
