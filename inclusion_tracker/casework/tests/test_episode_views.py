"""Episode pages: what they show per kind, changing details and status
without overwriting anyone, the CME enquiry log, a manager's approval, and
who may reach them."""

import uuid
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.casework.episode_kinds import EpisodeKind
from inclusion_tracker.casework.models import EnquiryAction, Episode, EpisodeEvent
from inclusion_tracker.casework.tests.factories import submitted_notification
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.tests.helpers import first_row, page_text
from inclusion_tracker.notifications.models import Kind, Notification
from inclusion_tracker.school_calendar.school_days import (
    add_school_days,
    calendar_for,
    is_school_day,
    last_school_day_on_or_before,
)

pytestmark = pytest.mark.django_db


def date_parts(name: str, value: date) -> dict:
    return {
        f"{name}_day": str(value.day),
        f"{name}_month": str(value.month),
        f"{name}_year": str(value.year),
    }


def make_episode(kind=EpisodeKind.CME_ENQUIRY, **fields) -> Episode:
    return Episode.objects.create(child=ChildFactory(), kind=kind, **fields)


def page_url(episode):
    return reverse("casework:episode", args=[episode.pk])


# The episode page -------------------------------------------------------------


def test_page_shows_kind_status_owner_and_reason(client_for, officer):
    episode = make_episode(
        EpisodeKind.OTHER_MISSING_EDUCATION, owner=officer, reason="Anxiety about school"
    )
    response = client_for(officer).get(page_url(episode))
    page = page_text(response)
    assert response.status_code == 200
    assert "Other missing out on education" in page
    assert "govuk-tag--blue" in page and ">Open<" in page
    assert str(officer) in page
    assert "Anxiety about school" in page
    assert episode.child.full_name in page
    assert "Change status" in page and "Edit details" in page
    assert "Record an enquiry" not in page


def test_page_is_audited(client_for, officer):
    episode = make_episode()
    client_for(officer).get(page_url(episode))
    event = AuditEvent.objects.get(action=Action.VIEW, object_type="episode")
    assert event.actor == officer
    assert event.object_id == str(episode.pk)
    assert event.child == episode.child


def test_part_time_timetable_shows_its_dates_and_an_overdue_review(client_for, officer):
    today = timezone.localdate()
    episode = make_episode(
        EpisodeKind.PART_TIME_TIMETABLE,
        start_date=date(2026, 1, 5),
        end_date=today + timedelta(days=30),
        # A school day has passed since (whatever day of the week today is).
        review_due=add_school_days(last_school_day_on_or_before(today), -1),
    )
    page = page_text(client_for(officer).get(page_url(episode)))
    assert "5 January 2026" in page
    assert "Next review due" in page
    assert ">Overdue<" in page


def test_part_time_timetable_review_due_later_this_school_week_is_tagged(client_for, officer):
    today = timezone.localdate()
    episode = make_episode(
        EpisodeKind.PART_TIME_TIMETABLE,
        review_due=calendar_for().next_school_day_on_or_after(today),
    )
    page = page_text(client_for(officer).get(page_url(episode)))
    assert ">Due this week<" in page
    assert ">Overdue<" not in page


def test_removal_shows_a_late_return_and_the_new_pupil_return_date(client_for, officer):
    episode = make_episode(EpisodeKind.REMOVAL_FROM_ROLL)
    notification = submitted_notification(
        kind=Kind.REMOVAL_FROM_ROLL,
        submitted_at=timezone.make_aware(datetime(2026, 3, 10, 9, 0)),
        details={"deletion_date": date(2026, 3, 6), "new_school_start_date": date(2026, 3, 9)},
    )
    episode.notifications.add(notification)
    page = page_text(client_for(officer).get(page_url(episode)))
    assert "Sent late: after the child's name was deleted" in page
    # The fifth day after Monday 9 March: calendar days (reg 13(1)).
    assert "14 March 2026" in page


def test_part_time_timetable_review_due_today_is_not_overdue(client_for, officer):
    today = timezone.localdate()
    episode = make_episode(EpisodeKind.PART_TIME_TIMETABLE, review_due=today)
    page = page_text(client_for(officer).get(page_url(episode)))
    assert "Next review due" in page and f"{today.day} {today:%B %Y}" in page
    assert ">Overdue<" not in page


def test_health_needs_shows_the_15_day_date_and_the_duty_warning(client_for, officer):
    episode = make_episode(
        EpisodeKind.HEALTH_NEEDS, start_date=date(2026, 3, 2), expected_to_pass_15_days=True
    )
    page = page_text(client_for(officer).get(page_url(episode)))
    assert "Absent since" in page and "2 March 2026" in page
    assert "20 March 2026" in page
    assert "The local authority must arrange education" in page


def test_health_needs_without_the_duty_has_no_warning(client_for, officer):
    start = timezone.localdate()
    episode = make_episode(EpisodeKind.HEALTH_NEEDS, start_date=start)
    page = page_text(client_for(officer).get(page_url(episode)))
    assert "Absent since" in page and f"{start.day} {start:%B %Y}" in page
    assert "The local authority must arrange education" not in page


def test_cme_shows_school_days_open_against_the_threshold(client_for, officer, settings):
    settings.CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS = 20
    episode = make_episode(opened_on=timezone.localdate() - timedelta(days=70))
    page = page_text(client_for(officer).get(page_url(episode)))
    assert "(the threshold is 20)" in page
    assert "Over threshold" in page
    assert "Record an enquiry" in page
    assert "No enquiries have been recorded yet." in page


def test_cme_page_agrees_with_the_worklist_at_the_threshold(client_for, officer, settings):
    settings.CME_ENQUIRY_THRESHOLD_SCHOOL_DAYS = 20
    today = timezone.localdate()
    last_school_day = today if is_school_day(today) else add_school_days(today, -1)
    # Exactly 20 school days have passed: not over yet, on the page or the worklist.
    episode = make_episode(opened_on=add_school_days(last_school_day, -20))
    page = page_text(client_for(officer).get(page_url(episode)))
    assert "20 school days (the threshold is 20)" in page
    assert "Over threshold" not in page
    assert not Episode.objects.cme_overdue(today).filter(pk=episode.pk).exists()
    episode.opened_on = add_school_days(last_school_day, -21)
    episode.save()
    page = page_text(client_for(officer).get(page_url(episode)))
    assert "21 school days (the threshold is 20)" in page
    assert "Over threshold" in page
    assert Episode.objects.cme_overdue(today).filter(pk=episode.pk).exists()


def test_removal_links_to_its_cme_enquiry_and_back(client_for, officer):
    removal = make_episode(EpisodeKind.REMOVAL_FROM_ROLL)
    cme = Episode.objects.create(child=removal.child, kind=EpisodeKind.CME_ENQUIRY, parent=removal)
    client = client_for(officer)
    assert page_url(cme) in page_text(client.get(page_url(removal)))
    assert page_url(removal) in page_text(client.get(page_url(cme)))


def test_page_links_the_notifications_that_fed_it(client_for, officer, school_user_a, school_a):
    episode = make_episode(EpisodeKind.PART_TIME_TIMETABLE)
    notification = Notification.start(
        kind=Kind.PART_TIME_TIMETABLE, user=school_user_a, establishment=school_a
    )
    episode.notifications.add(notification)
    page = page_text(client_for(officer).get(page_url(episode)))
    assert reverse("notifications:detail", args=[notification.reference]) in page


def test_page_lists_events_newest_first_with_who(client_for, officer):
    episode = make_episode(EpisodeKind.EARLY_YEARS)
    episode.change_status("contact_made", by=officer)
    episode.change_status("closed", by=officer, outcome="attending")
    page = page_text(client_for(officer).get(page_url(episode)))
    assert page.index("Closed: Attending again") < page.index("Status changed to family contacted")
    assert f"by {officer}" in page
    assert "Attending again" in page  # the outcome


# Editing details ----------------------------------------------------------------


def edit_url(episode):
    return reverse("casework:episode-edit", args=[episode.pk])


def loaded_state(client, episode) -> str:
    response = client.get(edit_url(episode))
    return response.context["form"]["loaded_state"].value()


def test_edit_saves_owner_and_dates_with_an_event_and_audit(client_for, officer, manager):
    episode = make_episode(EpisodeKind.PART_TIME_TIMETABLE, start_date=date(2026, 1, 5))
    client = client_for(officer)
    response = client.post(
        edit_url(episode),
        {
            "loaded_state": loaded_state(client, episode),
            "owner": manager.pk,
            "reason": "",
            **date_parts("end_date", date(2026, 7, 17)),
        },
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.owner == manager
    assert episode.end_date == date(2026, 7, 17)
    assert episode.version == 2
    event = episode.events.get(what=EpisodeEvent.What.UPDATED)
    assert event.summary == "Details changed: owner, end date"
    assert AuditEvent.objects.filter(action=Action.UPDATE, object_id=str(episode.pk)).exists()


def test_edit_page_opens_for_an_episode_with_an_owner_who_has_left(client_for, officer, manager):
    owned = make_episode(EpisodeKind.PART_TIME_TIMETABLE, owner=officer)
    response = client_for(manager).get(edit_url(owned))
    assert response.status_code == 200
    assert officer in response.context["form"].fields["owner"].queryset
    officer.is_active = False
    officer.save()
    response = client_for(manager).get(edit_url(owned))
    assert response.status_code == 200
    owners = list(response.context["form"].fields["owner"].queryset)
    assert officer in owners and manager in owners
    assert len(owners) == len(set(owners))


def test_edit_asks_only_for_the_dates_of_the_kind(client_for, officer):
    client = client_for(officer)
    ptt = make_episode(EpisodeKind.PART_TIME_TIMETABLE)
    health = make_episode(EpisodeKind.HEALTH_NEEDS)
    other = make_episode(EpisodeKind.EARLY_YEARS)
    assert set(client.get(edit_url(ptt)).context["form"].fields) >= {"end_date", "review_due"}
    assert "start_date" not in client.get(edit_url(ptt)).context["form"].fields
    health_fields = client.get(edit_url(health)).context["form"].fields
    assert {"start_date", "expected_to_pass_15_days"} <= set(health_fields)
    assert "end_date" not in health_fields
    other_fields = client.get(edit_url(other)).context["form"].fields
    assert {"start_date", "end_date"} <= set(other_fields)
    assert "review_due" not in other_fields


def test_changing_a_health_absence_start_recomputes_the_15_day_date(client_for, officer):
    episode = make_episode(EpisodeKind.HEALTH_NEEDS, start_date=date(2026, 3, 2))
    client = client_for(officer)
    client.post(
        edit_url(episode),
        {
            "loaded_state": loaded_state(client, episode),
            **date_parts("start_date", date(2026, 3, 9)),
        },
    )
    episode.refresh_from_db()
    assert episode.start_date == date(2026, 3, 9)
    assert episode.duty_date == date(2026, 3, 27)


def test_edit_refuses_an_end_date_before_the_start(client_for, officer):
    episode = make_episode(EpisodeKind.OTHER_MISSING_EDUCATION)
    client = client_for(officer)
    response = client.post(
        edit_url(episode),
        {
            "loaded_state": loaded_state(client, episode),
            **date_parts("start_date", date(2026, 3, 9)),
            **date_parts("end_date", date(2026, 3, 2)),
        },
    )
    assert response.status_code == 200
    assert "End date must be the same as or after the start date, 9 March 2026" in page_text(
        response
    )


def test_concurrent_edit_is_refused_showing_what_changed_and_keeping_what_was_typed(
    client_for, officer, manager
):
    episode = make_episode(EpisodeKind.PART_TIME_TIMETABLE, reason="Medical")
    client = client_for(officer)
    state = loaded_state(client, episode)
    # Someone else saves first.
    other = Episode.objects.get(pk=episode.pk)
    other.reason = "Managed move"
    other.version += 1
    other.save()

    response = client.post(
        edit_url(episode),
        {"loaded_state": state, "reason": "Anxiety", **date_parts("end_date", date(2026, 7, 17))},
    )

    assert response.status_code == 200
    page = page_text(response)
    assert "What they changed" in page
    assert "Managed move" in page  # their change
    assert "Anxiety" in page  # what this user typed
    assert 'value="17"' in page
    episode.refresh_from_db()
    assert episode.reason == "Managed move"
    assert episode.end_date is None
    assert not episode.events.filter(what=EpisodeEvent.What.UPDATED).exists()

    # Saving again is a deliberate choice over the latest version.
    again = response.context["form"]["loaded_state"].value()
    response = client.post(
        edit_url(episode),
        {"loaded_state": again, "reason": "Anxiety", **date_parts("end_date", date(2026, 7, 17))},
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.reason == "Anxiety"
    assert episode.end_date == date(2026, 7, 17)


def test_a_status_change_alone_shows_in_what_they_changed(client_for, officer, manager):
    episode = make_episode(EpisodeKind.PART_TIME_TIMETABLE, reason="Medical")
    client = client_for(officer)
    state = loaded_state(client, episode)
    # Someone else only changes the status (on the status page).
    Episode.objects.get(pk=episode.pk).change_status("extended", by=manager)

    response = client.post(edit_url(episode), {"loaded_state": state, "reason": "Anxiety"})

    assert response.status_code == 200
    conflicts = response.context["form"].conflicts
    assert [(c.label, c.was, c.now) for c in conflicts] == [("Status", "Active", "Extended")]
    page = page_text(response)
    assert "What they changed" in page
    assert '<th scope="row" class="govuk-table__header">Status</th>' in page
    episode.refresh_from_db()
    assert episode.reason == "Medical"


# Changing status ------------------------------------------------------------------


def status_url(episode):
    return reverse("casework:episode-status", args=[episode.pk])


def test_status_choices_are_the_allowed_ones(client_for, officer):
    episode = make_episode(EpisodeKind.HEALTH_NEEDS)
    form = client_for(officer).get(status_url(episode)).context["form"]
    assert [value for value, _ in form.fields["status"].choices] == [
        "la_arranging",
        "education_arranged",
        "closed",
    ]


def test_status_change_through_the_view(client_for, officer):
    episode = make_episode(EpisodeKind.HEALTH_NEEDS)
    response = client_for(officer).post(
        status_url(episode), {"status": "la_arranging", "version": 1, "loaded_status": "open"}
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.status == "la_arranging"
    assert episode.events.get().to_status == "la_arranging"
    audit = AuditEvent.objects.get(action=Action.UPDATE, object_id=str(episode.pk))
    assert audit.summary == (
        "Changed status from Absent for health reasons to Local authority arranging education"
    )


def test_closing_through_the_view_needs_an_outcome(client_for, officer):
    episode = make_episode(EpisodeKind.EARLY_YEARS)
    response = client_for(officer).post(
        status_url(episode), {"status": "closed", "version": 1, "loaded_status": "open"}
    )
    assert response.status_code == 200
    assert "Select how it ended" in page_text(response)
    episode.refresh_from_db()
    assert episode.status == "open"


def test_status_is_required(client_for, officer):
    episode = make_episode(EpisodeKind.EARLY_YEARS)
    response = client_for(officer).post(status_url(episode), {"version": 1})
    assert "Select the new status" in page_text(response)


def test_closing_through_the_view(client_for, officer):
    episode = make_episode(EpisodeKind.EARLY_YEARS)
    response = client_for(officer).post(
        status_url(episode),
        {"status": "closed", "outcome": "left_area", "notes": "Moved", "version": 1},
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.is_closed and episode.outcome == "left_area"
    assert episode.outcome_notes == "Moved"


def test_a_status_no_longer_allowed_is_refused_with_its_message(client_for, officer):
    # A stale page posting a status that is no longer among the choices.
    episode = make_episode(EpisodeKind.EARLY_YEARS, status="contact_made")
    response = client_for(officer).post(
        status_url(episode), {"status": "contact_made", "version": 1}
    )
    assert response.status_code == 200
    assert "Select one of the statuses shown" in page_text(response)
    episode.refresh_from_db()
    assert episode.status == "contact_made"


def test_transition_refused_by_the_model_shows_its_message(client_for, officer, monkeypatch):
    """A stale page whose choices are no longer allowed gets the workflow's message."""
    from inclusion_tracker.casework.forms import episode as forms_module

    episode = make_episode(EpisodeKind.EARLY_YEARS, status="contact_made")
    original = forms_module.StatusForm.__init__

    def stale_choices(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.fields["status"].choices = [("open", "Open"), ("closed", "Closed")]

    monkeypatch.setattr(forms_module.StatusForm, "__init__", stale_choices)
    response = client_for(officer).post(status_url(episode), {"status": "open", "version": 1})
    assert "The status cannot change from ‘Family contacted’ to ‘Open’" in page_text(response)
    episode.refresh_from_db()
    assert episode.status == "contact_made"


def test_concurrent_status_change_is_refused_keeping_the_choice(client_for, officer, manager):
    episode = make_episode(EpisodeKind.HEALTH_NEEDS)
    client = client_for(officer)
    form = client.get(status_url(episode)).context["form"]
    version = form["version"].value()
    Episode.objects.get(pk=episode.pk).change_status("la_arranging", by=manager)

    response = client.post(
        status_url(episode),
        {
            "status": "education_arranged",
            "notes": "Tutor found",
            "version": version,
            "loaded_status": "open",
        },
    )

    assert response.status_code == 200
    page = page_text(response)
    assert (
        "Someone else changed the status of this episode after you opened this page, "
        "from ‘Absent for health reasons’ to ‘Local authority arranging education’"
    ) in page
    assert "Tutor found" in page
    episode.refresh_from_db()
    assert episode.status == "la_arranging"
    # Saving again goes ahead.
    assert response.context["form"]["version"].value() == "2"
    response = client.post(
        status_url(episode),
        {"status": "education_arranged", "version": 2, "loaded_status": "la_arranging"},
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.status == "education_arranged"


def test_officer_closing_cme_with_whereabouts_unknown_asks_for_approval(client_for, officer):
    episode = make_episode()
    client = client_for(officer)
    response = client.post(
        status_url(episode),
        {"status": "closed", "outcome": "whereabouts_unknown", "notes": "All done", "version": 1},
        follow=True,
    )
    episode.refresh_from_db()
    assert episode.status == "awaiting_approval"
    assert episode.closure_requested_by == officer
    page = page_text(response)
    assert "The closure is waiting for a team manager to approve it" in page
    assert "Waiting for a team manager to approve" in page
    assert "Approve closure" not in page
    # The status cannot be changed until a manager decides.
    response = client.post(status_url(episode), {"status": "open", "version": episode.version})
    assert "A team manager must approve the closure" in page_text(response)
    episode.refresh_from_db()
    assert episode.status == "awaiting_approval"


def test_manager_closing_cme_with_whereabouts_unknown_closes_it(client_for, manager):
    episode = make_episode()
    client_for(manager).post(
        status_url(episode),
        {"status": "closed", "outcome": "whereabouts_unknown", "notes": "All tried", "version": 1},
    )
    episode.refresh_from_db()
    assert episode.is_closed
    assert episode.closure_approved_by == manager


# Approval ---------------------------------------------------------------------------


def approval_url(episode):
    return reverse("casework:episode-approval", args=[episode.pk])


def awaiting(officer) -> Episode:
    episode = make_episode()
    episode.change_status(
        "awaiting_approval", by=officer, outcome="whereabouts_unknown", notes="All tried"
    )
    return episode


def test_manager_sees_the_approval_form_on_the_page(client_for, officer, manager):
    episode = awaiting(officer)
    page = page_text(client_for(manager).get(page_url(episode)))
    assert "Approve closure" in page and "More enquiries needed" in page
    assert "Waiting for a team manager to approve" not in page
    assert "Change status" not in page


def test_manager_approves_a_closure_through_the_view(client_for, officer, manager):
    episode = awaiting(officer)
    response = client_for(manager).post(
        approval_url(episode), {"decision": "approve", "version": episode.version}, follow=True
    )
    episode.refresh_from_db()
    assert episode.is_closed
    assert episode.closure_approved_by == manager
    page = page_text(response)
    assert "Closure approved: Whereabouts unknown after enquiries" in page
    assert f"By {manager} on {timezone.localdate():%-d %B %Y}" in page
    assert AuditEvent.objects.filter(action=Action.UPDATE, summary="Approved closure").exists()


def test_manager_sends_back_with_a_reason(client_for, officer, manager):
    episode = awaiting(officer)
    client = client_for(manager)
    response = client.post(
        approval_url(episode), {"decision": "send_back", "version": episode.version}
    )
    assert "Enter what further enquiries are needed" in page_text(response)
    response = client.post(
        approval_url(episode),
        {"decision": "send_back", "reason": "Ask the GP", "version": episode.version},
    )
    assert response.status_code == 302
    episode.refresh_from_db()
    assert episode.status == "open"
    assert first_row(episode.events).details == "Ask the GP"


def test_approval_decision_is_required(client_for, officer, manager):
    episode = awaiting(officer)
    response = client_for(manager).post(approval_url(episode), {"version": episode.version})
    assert "Select whether to approve the closure" in page_text(response)


def test_stale_approval_is_refused(client_for, officer, manager):
    episode = awaiting(officer)
    version = episode.version
    Episode.objects.get(pk=episode.pk).change_status("closed", by=manager)
    response = client_for(manager).post(
        approval_url(episode), {"decision": "send_back", "reason": "x", "version": version}
    )
    # No longer awaiting approval: nothing to decide.
    assert response.status_code == 404


def test_officers_get_403_on_approval(client_for, officer):
    episode = awaiting(officer)
    client = client_for(officer)
    assert client.get(approval_url(episode)).status_code == 403
    assert client.post(approval_url(episode), {"decision": "approve"}).status_code == 403
    episode.refresh_from_db()
    assert episode.is_awaiting_approval


def test_approval_is_404_when_not_awaiting(client_for, manager):
    assert client_for(manager).get(approval_url(make_episode())).status_code == 404


# Enquiries --------------------------------------------------------------------------


def enquiry_url(episode):
    return reverse("casework:enquiry-add", args=[episode.pk])


def enquiry_data(**overrides) -> dict:
    data = {
        **date_parts("taken_on", timezone.localdate()),
        "method": "home_visit",
        "contacted": "Neighbour",
        "result": "lead",
        "outcome": "Family moved to Leeds",
        "form_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


def test_enquiry_is_recorded_with_an_event_and_audit(client_for, officer):
    episode = make_episode(opened_on=timezone.localdate() - timedelta(days=3))
    client = client_for(officer)
    response = client.post(enquiry_url(episode), enquiry_data(), follow=True)
    action = EnquiryAction.objects.get()
    assert action.episode == episode
    assert action.method == "home_visit" and action.result == "lead"
    assert action.recorded_by == officer
    assert episode.events.get().what == EpisodeEvent.What.ENQUIRY
    assert AuditEvent.objects.filter(action=Action.CREATE, object_id=str(episode.pk)).exists()
    page = page_text(response)
    assert "The enquiry has been recorded" in page
    assert "Family moved to Leeds" in page and "Home visit" in page and "Neighbour" in page


def test_double_submit_records_one_enquiry(client_for, officer):
    episode = make_episode()
    client = client_for(officer)
    data = enquiry_data()
    client.post(enquiry_url(episode), data)
    response = client.post(enquiry_url(episode), data)
    assert response.status_code == 302
    assert EnquiryAction.objects.count() == 1
    assert episode.events.count() == 1


def test_an_enquiry_is_not_recorded_on_an_episode_closed_meanwhile(
    client_for, officer, monkeypatch
):
    from inclusion_tracker.casework.views import episode as views

    episode = make_episode()
    # This request loaded the episode open; someone closed it before it saved.
    stale = Episode.objects.get(pk=episode.pk)
    episode.change_status("closed", by=officer, outcome="home_educated", notes="EHE")
    monkeypatch.setattr(views, "get_episode_for", lambda user, pk: stale)
    response = client_for(officer).post(enquiry_url(episode), enquiry_data())
    assert response.status_code == 404
    assert not EnquiryAction.objects.exists()
    assert not episode.events.filter(what=EpisodeEvent.What.ENQUIRY).exists()


@pytest.mark.parametrize(
    "url_of, summary",
    [
        (edit_url, "Opened a Children missing education (CME) enquiry episode to edit"),
        (status_url, "Opened a Children missing education (CME) enquiry episode's status"),
        (enquiry_url, "Opened the form to record a CME enquiry"),
    ],
)
def test_opening_a_page_with_the_childs_details_is_audited(client_for, officer, url_of, summary):
    episode = make_episode()
    response = client_for(officer).get(url_of(episode))
    assert response.status_code == 200
    event = AuditEvent.objects.get(action=Action.VIEW)
    assert (event.actor, event.object_type, event.object_id) == (
        officer,
        "episode",
        str(episode.pk),
    )
    assert event.child == episode.child
    assert event.summary == summary
    assert episode.child.legal_last_name not in event.summary


def test_opening_a_closure_for_approval_is_audited(client_for, officer, manager):
    episode = awaiting(officer)
    assert client_for(manager).get(approval_url(episode)).status_code == 200
    event = AuditEvent.objects.get(action=Action.VIEW)
    assert (event.actor, event.object_id, event.child) == (
        manager,
        str(episode.pk),
        episode.child,
    )
    assert event.summary == "Opened a CME closure for approval"


def test_enquiry_date_cannot_be_in_the_future(client_for, officer):
    episode = make_episode()
    response = client_for(officer).post(
        enquiry_url(episode),
        enquiry_data(**date_parts("taken_on", timezone.localdate() + timedelta(days=1))),
    )
    assert "Date of the enquiry must be today or in the past" in page_text(response)
    assert not EnquiryAction.objects.exists()


def test_enquiry_date_cannot_be_before_the_episode_opened(client_for, officer):
    episode = make_episode(opened_on=date(2026, 1, 12))
    response = client_for(officer).post(
        enquiry_url(episode), enquiry_data(**date_parts("taken_on", date(2026, 1, 9)))
    )
    assert (
        "Date of the enquiry must be the same as or after the day the enquiry opened, "
        "12 January 2026"
    ) in page_text(response)


def test_enquiry_missing_fields_name_what_to_fix(client_for, officer):
    episode = make_episode()
    response = client_for(officer).post(enquiry_url(episode), {"form_token": str(uuid.uuid4())})
    page = page_text(response)
    for message in (
        "Enter the date of the enquiry",
        "Select how the enquiry was made",
        "Select the result of the enquiry",
        "Enter what was found out",
    ):
        assert message in page
    assert not EnquiryAction.objects.exists()


def test_enquiries_only_on_open_cme_enquiries(client_for, officer, manager):
    client = client_for(officer)
    assert client.get(enquiry_url(make_episode(EpisodeKind.HEALTH_NEEDS))).status_code == 404
    closed = make_episode()
    closed.change_status("closed", by=manager, outcome="left_england", notes="Gone abroad")
    assert client.get(enquiry_url(closed)).status_code == 404
    assert client.post(enquiry_url(closed), enquiry_data()).status_code == 404


# Scope ----------------------------------------------------------------------------------

VIEWS = [
    "casework:episode",
    "casework:episode-edit",
    "casework:episode-status",
    "casework:enquiry-add",
]


@pytest.mark.parametrize("name", VIEWS + ["casework:episode-approval"])
def test_anonymous_visitors_are_sent_to_sign_in(client_for, name):
    episode = make_episode()
    response = client_for(None).get(reverse(name, args=[episode.pk]))
    assert response.status_code == 302
    assert reverse("accounts:sign-in") in response["Location"]


@pytest.mark.parametrize("name", VIEWS + ["casework:episode-approval"])
@pytest.mark.parametrize("who", ["school_user_a", "main_contact_a", "outsider"])
def test_school_users_and_outsiders_get_404(client_for, cast, name, who):
    episode = make_episode()
    episode.change_status(
        "awaiting_approval", by=cast["officer"], outcome="whereabouts_unknown", notes="All tried"
    )
    assert client_for(cast[who]).get(reverse(name, args=[episode.pk])).status_code == 404
    assert client_for(cast[who]).post(reverse(name, args=[episode.pk]), {}).status_code == 404


@pytest.mark.parametrize("name", VIEWS)
@pytest.mark.parametrize("who", ["officer", "manager", "admin"])
def test_la_staff_reach_every_episode_page(client_for, cast, name, who):
    episode = make_episode()
    assert client_for(cast[who]).get(reverse(name, args=[episode.pk])).status_code == 200


def test_missing_episode_is_404(client_for, officer):
    assert client_for(officer).get(reverse("casework:episode", args=[999999])).status_code == 404


@pytest.mark.parametrize(("who", "status"), [("manager", 200), ("officer", 403), ("admin", 403)])
def test_only_team_managers_reach_the_approval_page(client_for, cast, who, status):
    episode = awaiting(cast["officer"])
    response = client_for(cast[who]).get(approval_url(episode))
    assert response.status_code == status
    if status == 200:
        assert "Whereabouts unknown after enquiries" in page_text(response)


def test_a_refused_post_that_shows_the_child_again_is_audited_as_a_view(client_for, officer):
    episode = make_episode()
    url = reverse("casework:enquiry-add", args=[episode.pk])
    response = client_for(officer).post(url, {})
    assert response.status_code == 200  # the form again, with its errors
    views = AuditEvent.objects.filter(action=Action.VIEW, child=episode.child, actor=officer)
    assert views.count() == 1
    assert not EnquiryAction.objects.exists()


def open_answers(**overrides):
    return {
        "kind": EpisodeKind.CME_ENQUIRY,
        "reason": "Reported missing from education by the school nurse",
        "owner": "",
        "form_token": str(uuid.uuid4()),
        **overrides,
    }


@pytest.mark.parametrize(
    ("who", "status"),
    [("school_user_a", 404), ("main_contact_a", 404), ("outsider", 404), ("officer", 200)],
)
def test_only_la_staff_open_an_episode_by_hand(client_for, cast, who, status):
    child = ChildFactory()
    url = reverse("casework:episode-open", args=[child.pk])
    assert client_for(cast[who]).get(url).status_code == status
    client_for(cast[who]).post(url, open_answers())
    assert Episode.objects.exists() == (status == 200)


def test_an_officer_opens_a_cme_enquiry_by_hand_once(client_for, officer):
    child = ChildFactory()
    url = reverse("casework:episode-open", args=[child.pk])
    answers = open_answers(owner=str(officer.pk))
    client = client_for(officer)
    first = client.post(url, answers)
    second = client.post(url, answers)
    episode = Episode.objects.get()
    assert first["Location"] == second["Location"] == f"/episodes/{episode.pk}/"
    assert (episode.child, episode.kind, episode.status) == (child, EpisodeKind.CME_ENQUIRY, "open")
    assert episode.owner == officer
    assert episode.events.get().what == EpisodeEvent.What.OPENED
    assert AuditEvent.objects.filter(action=Action.CREATE, child=child).count() == 1


def test_opening_an_episode_needs_its_kind_and_reason(client_for, officer):
    child = ChildFactory()
    url = reverse("casework:episode-open", args=[child.pk])
    response = client_for(officer).post(url, open_answers(kind="", reason=""))
    content = page_text(response)
    assert "Select the kind of episode" in content
    assert "Enter the reason for the episode" in content
    assert not Episode.objects.exists()


def test_a_health_needs_absence_opened_by_hand_counts_its_15_school_days(client_for, officer):
    child = ChildFactory()
    url = reverse("casework:episode-open", args=[child.pk])
    since = add_school_days(timezone.localdate(), -20)
    client_for(officer).post(
        url,
        open_answers(
            kind=EpisodeKind.HEALTH_NEEDS,
            start_date_day=since.day,
            start_date_month=since.month,
            start_date_year=since.year,
        ),
    )
    episode = Episode.objects.get()
    assert episode.duty_date is not None and episode.la_duty_applies
