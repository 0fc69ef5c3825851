import re

import pytest

from inclusion_tracker.core.tests.helpers import page_text

NAV = {
    "school_user_a": [
        "Home",
        "Notify",
        "Your notifications",
        "Support services",
        "Support for your pupils",
        "Your account",
    ],
    "school_user_b": [
        "Home",
        "Notify",
        "Your notifications",
        "Support services",
        "Support for your pupils",
        "Your account",
    ],
    "main_contact_a": [
        "Home",
        "Notify",
        "Your notifications",
        "Support services",
        "Support for your pupils",
        "Your team",
        "Your account",
    ],
    "officer": [
        "Home",
        "Triage",
        "Worklists",
        "Received",
        "Children",
        "Establishments",
        "Support services",
        "Your account",
    ],
    "manager": [
        "Home",
        "Triage",
        "Worklists",
        "Received",
        "Children",
        "Establishments",
        "Support services",
        "Term dates",
        "Your account",
    ],
    "admin": [
        "Home",
        "Triage",
        "Worklists",
        "Received",
        "Children",
        "Establishments",
        "Support services",
        "Users",
        "Audit log",
        "Your account",
    ],
    "outsider": ["Home", "Your account"],
}


def nav_labels(content: str) -> list[str]:
    items = re.findall(
        r'class="govuk-service-navigation__link" href="[^"]+"[^>]*>(.*?)</a>', content, re.S
    )
    return [re.sub(r"<[^>]+>", "", item).strip() for item in items]


@pytest.mark.parametrize("who", NAV)
def test_each_role_sees_only_the_navigation_it_may_use(client_for, cast, who):
    content = page_text(client_for(cast[who]).get("/"))
    assert nav_labels(content) == NAV[who]


def test_a_school_user_sees_their_own_establishments_on_home(client_for, school_user_a, school_b):
    content = page_text(client_for(school_user_a).get("/"))
    assert "Alpha Primary School" in content
    assert "Beta Academy" not in content


def test_the_page_has_the_service_name_skip_link_and_phase_banner(client, db):
    content = page_text(client.get("/sign-in/"))
    assert "Inclusion Tracker" in content
    assert 'href="#main-content"' in content
    assert "govuk-phase-banner" in content
    assert "0116 305 2071" in content


def test_forms_are_not_validated_by_the_browser(client, db):
    content = page_text(client.get("/sign-in/"))
    assert '<form method="post" novalidate>' in content
    assert 'name="username"' in content and 'name="password"' in content
    assert " required" not in content


def test_la_staff_see_their_work_on_home(client_for, officer, manager, school_a):
    from inclusion_tracker.casework.episode_kinds import EpisodeKind
    from inclusion_tracker.casework.models import Episode
    from inclusion_tracker.casework.tests.factories import submitted_notification
    from inclusion_tracker.children.tests.factories import ChildFactory

    submitted_notification(establishment=school_a)
    Episode.objects.create(child=ChildFactory(), kind=EpisodeKind.EARLY_YEARS, owner=officer)
    waiting = Episode.objects.create(child=ChildFactory(), kind=EpisodeKind.CME_ENQUIRY)
    waiting.change_status(
        "awaiting_approval", by=officer, outcome="whereabouts_unknown", notes="All tried"
    )

    content = page_text(client_for(officer).get("/"))
    assert "1 notification to triage" in content
    assert "1 open episode in your caseload" in content
    assert "awaiting your approval" not in content
    content = page_text(client_for(manager).get("/"))
    assert "1 CME enquiry awaiting your approval" in content
    assert "0 open episodes in your caseload" in content
