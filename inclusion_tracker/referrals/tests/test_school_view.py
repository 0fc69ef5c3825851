"""What school users see of referrals: for their own pupils only, which
services are involved and the status, on "Support for your pupils" and on
a notification's page. Never LA notes, consent, safeguarding reasons or
outcomes; another school's pupils are not there at all."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.casework.tests.factories import submitted_notification
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.tests.helpers import heading, page_text
from inclusion_tracker.referrals.tests.helpers import make_referral, open_episode
from inclusion_tracker.support.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

SCHOOL_LIST = reverse("referrals:school-list")
SECRET_NOTES = "Mother disclosed domestic abuse"
SECRET_REASON = "Child at risk of significant harm"
SECRET_OUTCOME = "Declined: threshold not met after panel"


@pytest.fixture
def own_pupil(school_a):
    return ChildFactory(legal_first_name="Ownpupil", current_establishment=school_a)


@pytest.fixture
def other_pupil(school_b):
    return ChildFactory(legal_first_name="Otherpupil", current_establishment=school_b)


def referral_for(child, officer, establishment=None, **fields):
    return make_referral(
        officer,
        episode=open_episode(child, establishment=establishment or child.current_establishment),
        **fields,
    )


def secret_referral(child, officer):
    """A referral with everything a school must not see."""
    referral = referral_for(
        child,
        officer,
        service=ServiceFactory(name="Family Help (test)"),
        parent_consented=False,
        consent_date=None,
        safeguarding_reason=SECRET_REASON,
        notes=SECRET_NOTES,
    )
    referral.change_status("declined", by=officer, outcome=SECRET_OUTCOME)
    return referral


def test_a_school_user_sees_their_pupils_services_and_statuses(
    client_for, school_user_a, officer, own_pupil
):
    referral = referral_for(own_pupil, officer, service=ServiceFactory(name="Virtual School (t)"))
    referral.change_status("accepted", by=officer)
    page = page_text(client_for(school_user_a).get(SCHOOL_LIST))
    assert own_pupil.full_name in page
    assert "Virtual School (t)" in page
    assert "Accepted" in page
    assert referral.made_on.strftime("%B %Y") in page
    assert "1 referral" in page


def test_a_school_user_never_sees_notes_consent_reasons_or_outcomes(
    client_for, school_user_a, officer, own_pupil
):
    secret_referral(own_pupil, officer)
    page = page_text(client_for(school_user_a).get(SCHOOL_LIST))
    assert "Family Help (test)" in page and "Declined" in page
    for secret in (SECRET_NOTES, SECRET_REASON, SECRET_OUTCOME):
        assert secret not in page
    # Nor a link to the LA's referral page.
    assert "/referrals/1/" not in page


def test_another_schools_pupils_are_not_listed(
    client_for, school_user_a, school_user_b, officer, own_pupil, other_pupil
):
    referral_for(own_pupil, officer, service=ServiceFactory(name="Service for A"))
    referral_for(other_pupil, officer, service=ServiceFactory(name="Service for B"))
    page = page_text(client_for(school_user_a).get(SCHOOL_LIST))
    assert "Service for A" in page and own_pupil.full_name in page
    assert "Service for B" not in page and other_pupil.full_name not in page
    page = page_text(client_for(school_user_b).get(SCHOOL_LIST))
    assert "Service for B" in page and "Service for A" not in page


def test_a_pupil_whose_episode_was_at_the_school_is_listed_after_moving(
    client_for, school_user_a, officer, school_a, other_pupil
):
    referral_for(other_pupil, officer, establishment=school_a, service=ServiceFactory(name="Old"))
    assert "Old" in page_text(client_for(school_user_a).get(SCHOOL_LIST))


def test_no_referrals_says_so(client_for, school_user_a):
    page = page_text(client_for(school_user_a).get(SCHOOL_LIST))
    assert "None of your pupils has been referred" in page


def test_the_list_is_audited_without_a_child(client_for, school_user_a, officer, own_pupil):
    referral_for(own_pupil, officer)
    client_for(school_user_a).get(SCHOOL_LIST)
    event = AuditEvent.objects.get(action=Action.VIEW)
    assert event.actor == school_user_a
    assert event.summary == "Listed referrals for own pupils, page 1"


def test_the_list_runs_the_same_queries_for_3_or_30_referrals(
    client_for, school_user_a, officer, school_a
):
    client = client_for(school_user_a)
    for _ in range(3):
        referral_for(ChildFactory(current_establishment=school_a), officer)
    client.get(SCHOOL_LIST)
    with CaptureQueriesContext(connection) as three:
        client.get(SCHOOL_LIST)
    for _ in range(27):
        referral_for(ChildFactory(current_establishment=school_a), officer)
    with CaptureQueriesContext(connection) as thirty:
        response = client.get(SCHOOL_LIST)
    assert "30 referrals" in page_text(response)
    assert len(three) == len(thirty)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(SCHOOL_LIST)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:sign-in"))


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("school_user_a", 200),
        ("main_contact_a", 200),
        ("school_user_b", 200),
        ("officer", 403),
        ("manager", 403),
        ("admin", 403),
        ("outsider", 403),
    ],
)
def test_only_school_users_reach_the_list(client_for, cast, who, status):
    assert client_for(cast[who]).get(SCHOOL_LIST).status_code == status


# On a notification's page ------------------------------------------------------------


def notification_for(child, school, user):
    notification = submitted_notification(establishment=school, user=user)
    notification.child = child
    notification.save(update_fields=["child"])
    return notification


def detail(client, notification):
    return page_text(client.get(reverse("notifications:detail", args=[notification.reference])))


def test_the_notification_page_shows_the_school_the_services_involved(
    client_for, school_user_a, officer, school_a, own_pupil
):
    notification = notification_for(own_pupil, school_a, school_user_a)
    secret_referral(own_pupil, officer)
    page = detail(client_for(school_user_a), notification)
    assert "Support services involved" in page
    assert "Family Help (test)" in page and "Declined" in page
    for secret in (SECRET_NOTES, SECRET_REASON, SECRET_OUTCOME):
        assert secret not in page


def test_the_notification_page_leaves_out_another_schools_referrals(
    client_for, school_user_a, officer, school_a, school_b, own_pupil
):
    # The pupil moved on to school B: B's new episode's referral is not A's to see.
    notification = notification_for(own_pupil, school_a, school_user_a)
    own_pupil.current_establishment = school_b
    own_pupil.save()
    referral_for(own_pupil, officer, establishment=school_b, service=ServiceFactory(name="At B"))
    page = detail(client_for(school_user_a), notification)
    assert "Support services involved" in page
    assert "At B" not in page
    assert "has not recorded a referral" in page


def test_an_untriaged_notification_has_no_services_section(client_for, school_user_a, school_a):
    notification = submitted_notification(establishment=school_a, user=school_user_a)
    page = detail(client_for(school_user_a), notification)
    assert heading(page).startswith(notification.reference)
    assert "Support services involved" not in page


def test_la_staff_do_not_get_the_schools_section(
    client_for, school_user_a, officer, school_a, own_pupil
):
    notification = notification_for(own_pupil, school_a, school_user_a)
    referral_for(own_pupil, officer)
    page = detail(client_for(officer), notification)
    assert heading(page).startswith(notification.reference)
    assert "Support services involved" not in page


def test_the_nav_has_support_for_your_pupils_for_school_users(client_for, school_user_a, officer):
    assert SCHOOL_LIST in page_text(client_for(school_user_a).get("/"))
    officers_home = page_text(client_for(officer).get("/"))
    assert "Your work" in officers_home
    assert SCHOOL_LIST not in officers_home
