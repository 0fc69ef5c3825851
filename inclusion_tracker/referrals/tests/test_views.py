"""Referrals' pages for LA staff: recording one (preselected episode and
service, exact errors, double submit, retired services), its page and
history, changing its status, editing it, the lists on the episode and child
pages, the timeline, and the open referrals worklist; who may reach each."""

import html
import re
import uuid
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.casework.episode_kinds import CLOSED, EpisodeKind
from inclusion_tracker.casework.timeline import timeline_for
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.formatting import govuk_date
from inclusion_tracker.core.tests.helpers import heading, page_text
from inclusion_tracker.referrals.models import NO_CONSENT_MESSAGE, Referral, ReferralEvent
from inclusion_tracker.referrals.receivers import timeline_entries as referral_entries
from inclusion_tracker.referrals.statuses import ReferralStatus
from inclusion_tracker.referrals.tests.helpers import (
    date_parts,
    make_referral,
    open_episode,
)
from inclusion_tracker.school_calendar.school_days import add_school_days, is_school_day
from inclusion_tracker.support.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def add_url(child, **query) -> str:
    url = reverse("referrals:add", args=[child.pk])
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def answers(episode, service, /, **changes) -> dict:
    made_on = TODAY() - timedelta(days=2)
    data = {
        "form_token": str(uuid.uuid4()),
        "episode": str(episode.pk),
        "service": str(service.pk),
        **date_parts("made_on", made_on),
        "made_by": "school",
        "parent_consented": "yes",
        **date_parts("consent_date", made_on),
        "safeguarding_reason": "",
        "notes": "Spoke to the SENCo",
    }
    data.update(changes)
    return data


def episode_choices(page: str) -> set[str]:
    return set(re.findall(r'name="episode" id="[^"]+" value="(\d+)"', page))


def error_summary(response) -> str:
    page = page_text(response)
    start = page.index("govuk-error-summary")
    return html.unescape(page[start : page.index("</ul>", start)])


# Recording a referral -------------------------------------------------------------


def test_the_form_offers_the_childs_open_episodes_and_active_services_only(client_for, officer):
    child = ChildFactory()
    timetable = open_episode(child, reason="Phased return")
    other = open_episode(child, kind=EpisodeKind.HEALTH_NEEDS)
    closed = open_episode(child, kind=EpisodeKind.EARLY_YEARS)
    closed.change_status(CLOSED, by=officer, outcome="attending")
    someone_elses = open_episode()
    ServiceFactory(name="Offered service")
    retired = ServiceFactory(name="Retired service")
    retired.retire()
    page = page_text(client_for(officer).get(add_url(child)))
    offered = episode_choices(page)
    assert {str(timetable.pk), str(other.pk)} == offered
    assert str(closed.pk) not in offered and str(someone_elses.pk) not in offered
    assert "Offered service" in page
    assert "Retired service" not in page


def test_a_referral_is_recorded_with_everything_asked(client_for, officer):
    episode = open_episode()
    service = ServiceFactory()
    response = client_for(officer).post(add_url(episode.child), answers(episode, service))
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("referrals:detail", args=[referral.pk])
    assert referral.episode == episode
    assert referral.service == service
    assert referral.made_by == "school"
    assert referral.parent_consented is True
    assert referral.consent_date == TODAY() - timedelta(days=2)
    assert referral.recorded_by == officer
    assert referral.notes == "Spoke to the SENCo"
    assert referral.status == ReferralStatus.MADE
    assert referral.events.get().what == ReferralEvent.What.MADE


def test_recording_a_referral_is_audited_in_the_same_transaction(client_for, officer):
    episode = open_episode()
    client_for(officer).post(add_url(episode.child), answers(episode, ServiceFactory()))
    referral = Referral.objects.get()
    event = AuditEvent.objects.get(action=Action.CREATE, object_type="referral")
    assert (event.actor, event.object_id, event.child) == (
        officer,
        str(referral.pk),
        episode.child,
    )
    assert episode.child.full_name not in event.summary


def test_sending_the_form_twice_records_one_referral(client_for, officer):
    episode = open_episode()
    data = answers(episode, ServiceFactory())
    client = client_for(officer)
    first = client.post(add_url(episode.child), data)
    second = client.post(add_url(episode.child), data)
    referral = Referral.objects.get()
    assert first.url == second.url == reverse("referrals:detail", args=[referral.pk])
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="referral").count() == 1


def test_without_consent_the_safeguarding_reason_is_asked_for(client_for, officer):
    episode = open_episode()
    data = answers(
        episode, ServiceFactory(), parent_consented="no", **date_parts("consent_date", None)
    )
    response = client_for(officer).post(add_url(episode.child), data)
    assert response.status_code == 200
    assert NO_CONSENT_MESSAGE in error_summary(response)
    assert not Referral.objects.exists()
    # Nothing typed is lost.
    assert "Spoke to the SENCo" in page_text(response)
    data["safeguarding_reason"] = "Risk of harm at home"
    client_for(officer).post(add_url(episode.child), data)
    assert Referral.objects.get().safeguarding_reason == "Risk of harm at home"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"episode": ""}, "Select the episode the referral is part of"),
        ({"service": ""}, "Select the service the child was referred to"),
        (date_parts("made_on", None), "Enter date the referral was made"),
        ({"made_by": ""}, "Select who made the referral"),
        ({"parent_consented": ""}, "Select whether the parent consented to the referral"),
        (date_parts("consent_date", None), "Enter the date the parent consented"),
        (
            date_parts("made_on", date(2099, 1, 1)),
            "Date the referral was made must be today or in the past",
        ),
    ],
)
def test_each_mistake_gets_its_message(client_for, officer, changes, message):
    episode = open_episode()
    response = client_for(officer).post(
        add_url(episode.child), answers(episode, ServiceFactory(), **changes)
    )
    assert response.status_code == 200
    assert message in error_summary(response)
    assert page_text(response).count('class="govuk-error-message"') >= 1
    assert not Referral.objects.exists()


def test_consent_after_the_referral_is_refused(client_for, officer):
    episode = open_episode()
    data = answers(
        episode,
        ServiceFactory(),
        **date_parts("made_on", date(2026, 3, 2)),
        **date_parts("consent_date", date(2026, 3, 3)),
    )
    response = client_for(officer).post(add_url(episode.child), data)
    assert (
        "Date the parent consented must be the same as or before the date the referral was "
        "made, 2 March 2026" in error_summary(response)
    )


def test_a_retired_service_cannot_be_chosen(client_for, officer):
    episode = open_episode()
    service = ServiceFactory()
    service.retire()
    response = client_for(officer).post(add_url(episode.child), answers(episode, service))
    assert "Select a service that is still offered" in error_summary(response)
    assert not Referral.objects.exists()


def test_an_episode_of_another_child_cannot_be_chosen(client_for, officer):
    child = ChildFactory()
    open_episode(child)
    other = open_episode()
    response = client_for(officer).post(add_url(child), answers(other, ServiceFactory()))
    assert "Select one of the child's open episodes" in error_summary(response)
    assert not Referral.objects.exists()


def test_the_episode_and_service_can_be_chosen_in_advance(client_for, officer):
    child = ChildFactory()
    open_episode(child)
    episode = open_episode(child, kind=EpisodeKind.HEALTH_NEEDS)
    service = ServiceFactory()
    page = page_text(
        client_for(officer).get(add_url(child, episode=episode.pk, service=service.pk))
    )
    assert re.search(rf'name="episode" id="[^"]+" value="{episode.pk}" checked', page)
    assert f'value="{service.pk}" selected' in page


def test_a_retired_service_in_the_link_is_not_chosen(client_for, officer):
    episode = open_episode()
    service = ServiceFactory()
    service.retire()
    response = client_for(officer).get(add_url(episode.child, service=service.pk))
    assert response.status_code == 200
    assert f'value="{service.pk}"' not in page_text(response)


@pytest.mark.parametrize("episode", ["other-child", "closed", "not-a-number"])
def test_a_link_with_an_episode_not_open_for_this_child_is_not_found(client_for, officer, episode):
    child = ChildFactory()
    open_episode(child)
    chosen = {
        "other-child": lambda: open_episode().pk,
        "closed": lambda: _closed_episode(child, officer).pk,
        "not-a-number": lambda: "abc",
    }[episode]()
    assert client_for(officer).get(add_url(child, episode=chosen)).status_code == 404


def _closed_episode(child, by):
    episode = open_episode(child, kind=EpisodeKind.EARLY_YEARS)
    episode.change_status(CLOSED, by=by, outcome="attending")
    return episode


def test_a_child_with_no_open_episode_is_asked_to_open_one(client_for, officer):
    child = ChildFactory()
    page = page_text(client_for(officer).get(add_url(child)))
    assert "has none" in page
    assert reverse("casework:episode-open", args=[child.pk]) in page


def test_opening_the_form_is_audited(client_for, officer):
    episode = open_episode()
    client_for(officer).get(add_url(episode.child))
    event = AuditEvent.objects.get(action=Action.VIEW)
    assert event.child == episode.child


# The referral's page ---------------------------------------------------------------


def test_the_page_shows_the_referral_and_its_history(client_for, officer, manager):
    referral = make_referral(
        officer,
        made_on=date(2026, 3, 2),
        parent_consented=False,
        consent_date=None,
        safeguarding_reason="Risk of harm",
        notes="LA only note",
    )
    referral.change_status(ReferralStatus.ACCEPTED, by=manager, on=date(2026, 3, 9))
    page = page_text(client_for(officer).get(referral.get_absolute_url()))
    assert referral.service.name in page
    assert "2 March 2026" in page and "9 March 2026" in page
    assert "Risk of harm" in page and "LA only note" in page
    assert "Status changed to accepted" in page and "Referral made" in page
    assert str(manager) in page
    assert reverse("referrals:status", args=[referral.pk]) in page


def test_the_page_is_audited(client_for, officer):
    referral = make_referral(officer)
    client_for(officer).get(referral.get_absolute_url())
    event = AuditEvent.objects.get(action=Action.VIEW, object_type="referral")
    assert (event.object_id, event.child) == (str(referral.pk), referral.child)


def test_a_retired_service_still_shows_on_its_referral(client_for, officer):
    referral = make_referral(officer)
    referral.service.retire()
    page = page_text(client_for(officer).get(referral.get_absolute_url()))
    assert referral.service.name in page
    assert "This service is no longer offered" in page


def test_an_open_referral_past_the_threshold_says_so(client_for, officer, settings):
    settings.REFERRAL_OPEN_THRESHOLD_SCHOOL_DAYS = 2
    made_on = add_school_days(TODAY(), -5)
    referral = make_referral(officer, made_on=made_on, consent_date=made_on)
    assert "Open more than 2 school days" in page_text(
        client_for(officer).get(referral.get_absolute_url())
    )


# Changing the status ------------------------------------------------------------------


def status_url(referral):
    return reverse("referrals:status", args=[referral.pk])


def status_answers(referral, status, on=None, outcome=""):
    return {
        "status": status,
        **date_parts("on", on or TODAY()),
        "outcome": outcome,
        "version": str(referral.version),
    }


def test_the_status_page_offers_only_the_allowed_statuses(client_for, officer):
    referral = make_referral(officer)
    page = page_text(client_for(officer).get(status_url(referral)))
    for offered in ("accepted", "declined", "withdrawn"):
        assert f'value="{offered}"' in page
    assert 'value="completed"' not in page


def test_an_officer_marks_a_referral_accepted_on_a_date(client_for, officer):
    referral = make_referral(officer, made_on=TODAY() - timedelta(days=5))
    on = TODAY() - timedelta(days=1)
    response = client_for(officer).post(
        status_url(referral), status_answers(referral, "accepted", on)
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "accepted"
    event = referral.events.get(what=ReferralEvent.What.STATUS)
    assert (event.on, event.by) == (on, officer)
    audit = AuditEvent.objects.get(action=Action.UPDATE, object_type="referral")
    assert audit.child == referral.child


def test_declining_without_a_reason_is_refused_with_its_message(client_for, officer):
    referral = make_referral(officer)
    response = client_for(officer).post(status_url(referral), status_answers(referral, "declined"))
    assert "Enter why the service declined the referral" in error_summary(response)
    referral.refresh_from_db()
    assert referral.status == "made"


def test_a_status_not_allowed_is_refused(client_for, officer):
    referral = make_referral(officer)
    response = client_for(officer).post(
        status_url(referral), status_answers(referral, "completed", outcome="x")
    )
    assert "Select one of the statuses shown" in error_summary(response)


def test_a_change_dated_before_the_referral_is_refused(client_for, officer):
    referral = make_referral(officer, made_on=date(2026, 3, 2), consent_date=date(2026, 3, 2))
    response = client_for(officer).post(
        status_url(referral), status_answers(referral, "accepted", date(2026, 3, 1))
    )
    assert (
        "Date of the change must be the same as or after the date the referral was made, "
        "2 March 2026" in error_summary(response)
    )


def test_a_change_someone_else_made_first_is_not_overwritten(client_for, officer, manager):
    referral = make_referral(officer)
    stale = status_answers(referral, "declined", outcome="No capacity")
    referral.change_status("accepted", by=manager)
    response = client_for(officer).post(status_url(referral), stale)
    assert "Someone else changed this referral after you opened this page" in page_text(response)
    referral.refresh_from_db()
    assert referral.status == "accepted"


def test_a_final_status_page_says_it_does_not_change(client_for, officer):
    referral = make_referral(officer)
    referral.change_status("withdrawn", by=officer)
    page = page_text(client_for(officer).get(status_url(referral)))
    assert "is final" in page
    assert "<form" not in page.split("govuk-main-wrapper")[1].split("Change status")[1]


# Editing details -------------------------------------------------------------------------


def edit_url(referral):
    return reverse("referrals:edit", args=[referral.pk])


def edit_answers(client, referral, **changes):
    page = page_text(client.get(edit_url(referral)))
    marker = 'name="loaded_state" value="'
    state = page[page.index(marker) + len(marker) :].split('"')[0]
    data = {
        "loaded_state": state,
        **date_parts("made_on", referral.made_on),
        "made_by": referral.made_by,
        "parent_consented": "yes" if referral.parent_consented else "no",
        **date_parts("consent_date", referral.consent_date),
        "safeguarding_reason": referral.safeguarding_reason,
        "notes": referral.notes,
    }
    data.update(changes)
    return data


def test_an_officer_edits_the_details(client_for, officer):
    referral = make_referral(officer)
    client = client_for(officer)
    response = client.post(edit_url(referral), edit_answers(client, referral, notes="New note"))
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.notes == "New note"
    assert referral.version == 2
    event = referral.events.get(what=ReferralEvent.What.UPDATED)
    assert event.notes == "Details changed: notes (optional)"
    assert AuditEvent.objects.filter(action=Action.UPDATE, object_type="referral").exists()


def test_editing_keeps_the_consent_rule(client_for, officer):
    referral = make_referral(officer)
    client = client_for(officer)
    response = client.post(
        edit_url(referral),
        edit_answers(client, referral, parent_consented="no", safeguarding_reason=""),
    )
    assert NO_CONSENT_MESSAGE in error_summary(response)
    referral.refresh_from_db()
    assert referral.parent_consented is True


def test_the_date_made_cannot_be_moved_after_a_status_change(client_for, officer):
    today = timezone.localdate()
    referral = make_referral(officer, made_on=today - timedelta(days=10))
    referral.change_status("accepted", by=officer, on=today - timedelta(days=8))
    client = client_for(officer)
    response = client.post(
        edit_url(referral),
        edit_answers(client, referral, **date_parts("made_on", today - timedelta(days=5))),
    )
    assert response.status_code == 200
    assert (
        "Date the referral was made must be the same as or before its first change of status, "
        f"{govuk_date(today - timedelta(days=8))}" in error_summary(response)
    )
    referral.refresh_from_db()
    assert referral.made_on == today - timedelta(days=10)


def test_an_edit_over_someone_elses_is_refused_and_shown(client_for, officer, manager):
    referral = make_referral(officer, notes="First")
    client = client_for(officer)
    stale = edit_answers(client, referral, notes="Mine")
    Referral.objects.filter(pk=referral.pk).update(notes="Theirs", version=2)
    response = client.post(edit_url(referral), stale)
    assert response.status_code == 200
    assert "Someone else changed this record" in page_text(response)
    referral.refresh_from_db()
    assert referral.notes == "Theirs"


# Lists on the episode and child pages, and the timeline -----------------------------------


def test_the_episode_page_lists_its_referrals_and_links_to_record_one(client_for, officer):
    referral = make_referral(officer)
    page = page_text(client_for(officer).get(referral.episode.get_absolute_url()))
    assert referral.get_absolute_url() in page
    assert referral.service.name in page
    assert "govuk-tag--blue" in page
    assert add_url(referral.child, episode=referral.episode.pk) in page


def test_a_closed_episode_does_not_offer_to_record_a_referral(client_for, officer):
    episode = open_episode()
    episode.change_status(CLOSED, by=officer, outcome="returned_full_time")
    page = page_text(client_for(officer).get(episode.get_absolute_url()))
    assert heading(page) == "Part-time timetable"
    assert episode.child.full_name in page
    assert reverse("referrals:add", args=[episode.child.pk]) not in page


def test_the_child_page_lists_the_childs_referrals(client_for, officer):
    child = ChildFactory()
    first = make_referral(officer, episode=open_episode(child))
    second = make_referral(officer, episode=open_episode(child, kind=EpisodeKind.HEALTH_NEEDS))
    make_referral(officer)  # another child's
    page = page_text(client_for(officer).get(reverse("casework:child", args=[child.pk])))
    start = page.index('id="referrals"')
    section = page[start : page.index("<h2", start)]
    assert first.get_absolute_url() in section and second.get_absolute_url() in section
    assert section.count("referrals/") == 2 + 1  # two referrals and "Record a referral"


def test_the_timeline_has_the_referral_and_each_status_change(officer, manager):
    child = ChildFactory()
    referral = make_referral(
        officer, episode=open_episode(child), made_on=date(2026, 3, 2), made_by="school"
    )
    referral.change_status("accepted", by=manager, on=date(2026, 3, 9))
    referral.change_status("completed", by=manager, on=date(2026, 4, 1), outcome="Plan agreed")
    entries = referral_entries(child)
    titles = {entry.title for entry in entries}
    name = referral.service.name
    assert titles == {
        f"Referral to {name} made",
        f"Referral to {name}: accepted",
        f"Referral to {name}: completed",
    }
    made = next(entry for entry in entries if entry.title.endswith("made"))
    assert made.text == "Made by the school on 2 March 2026."
    assert made.who == str(officer)
    completed = next(entry for entry in entries if entry.title.endswith("completed"))
    assert completed.text == "On 1 April 2026. Plan agreed"
    assert all(entry.link == referral.get_absolute_url() for entry in entries)
    assert {entry.title for entry in timeline_for(child)} >= titles


def test_the_timeline_source_is_one_query_however_many_referrals(officer):
    child = ChildFactory()
    episode = open_episode(child)
    for _ in range(2):
        make_referral(officer, episode=episode).change_status("accepted", by=officer)
    with CaptureQueriesContext(connection) as few:
        referral_entries(child)
    for _ in range(10):
        make_referral(officer, episode=episode).change_status("accepted", by=officer)
    with CaptureQueriesContext(connection) as many:
        entries = referral_entries(child)
    assert len(entries) == 24
    assert len(few) == len(many) == 1


# The open referrals worklist -------------------------------------------------------------

WORKLIST = reverse("referrals:open-worklist")


def overdue_referral(by, days=25, **fields):
    """A referral made `days` school days ago (counted from today, or from
    the last school day before it at a weekend)."""
    today = TODAY()
    last_school_day = today if is_school_day(today) else add_school_days(today, -1)
    made_on = add_school_days(last_school_day, -days)
    return make_referral(by, made_on=made_on, consent_date=made_on, **fields)


def test_the_worklist_lists_open_referrals_past_the_threshold(client_for, officer, settings):
    settings.REFERRAL_OPEN_THRESHOLD_SCHOOL_DAYS = 20
    old = overdue_referral(officer, 21)
    at = overdue_referral(officer, 20)
    done = overdue_referral(officer, 30)
    done.change_status("withdrawn", by=officer)
    page = page_text(client_for(officer).get(WORKLIST))
    assert old.get_absolute_url() in page
    assert at.get_absolute_url() not in page
    assert done.get_absolute_url() not in page
    assert '<p class="govuk-body" id="count">1 referral</p>' in page


def test_the_worklists_index_counts_open_referrals(client_for, officer, settings):
    settings.REFERRAL_OPEN_THRESHOLD_SCHOOL_DAYS = 20
    overdue_referral(officer, 21)
    overdue_referral(officer, 22)
    overdue_referral(officer, 3)
    page = page_text(client_for(officer).get(reverse("casework:worklists")))
    assert WORKLIST in page
    assert 'id="count-open-referrals">2<' in page


def test_the_worklist_is_audited_without_a_child(client_for, officer):
    client_for(officer).get(WORKLIST)
    event = AuditEvent.objects.get(action=Action.VIEW)
    assert event.child is None
    assert event.summary == "Listed worklist Open referrals, page 1"


def test_the_worklist_runs_the_same_queries_for_3_or_30_rows(client_for, officer, school_a):
    client = client_for(officer)
    for _ in range(3):
        overdue_referral(officer, episode=open_episode(establishment=school_a))
    client.get(WORKLIST)
    with CaptureQueriesContext(connection) as three:
        assert page_text(client.get(WORKLIST)).count("/referrals/") >= 3
    for _ in range(27):
        overdue_referral(officer, episode=open_episode(establishment=school_a))
    with CaptureQueriesContext(connection) as thirty:
        response = client.get(WORKLIST)
    assert "30 referrals" in page_text(response)
    assert len(three) == len(thirty)


def test_the_child_and_episode_pages_run_the_same_queries_for_3_or_30_referrals(
    client_for, officer
):
    child = ChildFactory()
    episode = open_episode(child)
    client = client_for(officer)
    urls = [reverse("casework:child", args=[child.pk]), episode.get_absolute_url()]
    for _ in range(3):
        make_referral(officer, episode=episode)
    for url in urls:
        client.get(url)
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts.append(len(queries))
    for _ in range(27):
        make_referral(officer, episode=episode)
    for url, before in zip(urls, counts, strict=True):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert len(queries) == before, url


# Who may reach each page ------------------------------------------------------------------

PAGES = ["add", "detail", "status", "edit", "open-worklist"]


def url_for(name, referral):
    if name == "add":
        return reverse("referrals:add", args=[referral.child.pk])
    if name == "open-worklist":
        return WORKLIST
    return reverse(f"referrals:{name}", args=[referral.pk])


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, officer, name):
    response = client.get(url_for(name, make_referral(officer)))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("who", ["school_user_a", "main_contact_a", "outsider"])
def test_school_users_and_outsiders_get_404(client_for, cast, school_a, name, who):
    # Even for a referral about the school's own pupil.
    referral = make_referral(cast["officer"], episode=open_episode(establishment=school_a))
    assert client_for(cast[who]).get(url_for(name, referral)).status_code == 404
    assert client_for(cast[who]).post(url_for(name, referral), {}).status_code == 404
    assert Referral.objects.get().status == "made"


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("who", ["officer", "manager", "admin"])
def test_la_staff_reach_every_page(client_for, cast, name, who):
    referral = make_referral(cast["officer"])
    assert client_for(cast[who]).get(url_for(name, referral)).status_code == 200


@pytest.mark.parametrize("name", ["detail", "status", "edit"])
def test_a_referral_that_does_not_exist_is_not_found(client_for, officer, name):
    assert client_for(officer).get(reverse(f"referrals:{name}", args=[999])).status_code == 404


def test_a_child_that_does_not_exist_is_not_found(client_for, officer):
    assert client_for(officer).get(reverse("referrals:add", args=[999])).status_code == 404
