"""Team managers list, add, change and turn suggestion rules off and on; every
change is audited without anyone's personal data. Nobody else may."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.tests.helpers import first_row, heading, page_text
from inclusion_tracker.support.conditions import Condition
from inclusion_tracker.support.models import Service, SuggestionRule
from inclusion_tracker.support.tests.factories import ServiceFactory
from inclusion_tracker.support.tests.helpers import child_with, suggested

# As for the services' own pages (test_manage.py): team managers only.
MANAGE_LADDER = {
    "school_user_a": 403,
    "school_user_b": 403,
    "main_contact_a": 403,
    "officer": 403,
    "manager": 200,
    "admin": 403,
    "outsider": 403,
}

LIST_URL = "/support/suggestion-rules/"
ADD_URL = "/support/suggestion-rules/add/"


def virtual_school_rule():
    return SuggestionRule.objects.get(flag="looked_after")


def good(**changes):
    data = {
        "service": str(Service.objects.get(name="ADHD Solutions").pk),
        "condition": "flag",
        "flag": "young_carer",
        "episode_kind": "",
        "notification_reason": "",
        "age_from": "",
        "age_to": "",
        "reason": "Young carer: caring can affect attention and attendance",
        "position": "",
    }
    data.update(changes)
    return data


def errors_of(response):
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def events(action):
    return list(
        AuditEvent.objects.filter(action=action, object_type="suggestionrule").values_list(
            "summary", flat=True
        )
    )


def manage_urls():
    rule = virtual_school_rule()
    off = SuggestionRule.objects.get(flag="gypsy_roma_traveller")
    off.turn_off()
    return [
        LIST_URL,
        ADD_URL,
        f"{LIST_URL}{rule.pk}/change/",
        f"{LIST_URL}{rule.pk}/turn-off/",
        f"{LIST_URL}{off.pk}/turn-on/",
    ]


# Permission ladder ------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_from_every_rules_page(client_for, db):
    for url in manage_urls():
        response = client_for(None).get(url)
        assert response.status_code == 302, url
        assert response.url == f"/sign-in/?next={url}"


def test_only_team_managers_may_open_the_rules_pages(client_for, cast):
    for url in manage_urls():
        seen = {who: client_for(user).get(url).status_code for who, user in cast.items()}
        assert seen == MANAGE_LADDER, url


def test_officers_cannot_post_to_the_rules_pages(client_for, officer):
    rule = virtual_school_rule()
    client = client_for(officer)
    assert client.post(ADD_URL, good()).status_code == 403
    assert client.post(f"{LIST_URL}{rule.pk}/turn-off/").status_code == 403
    rule.refresh_from_db()
    assert rule.active
    assert not SuggestionRule.objects.filter(flag="young_carer").exists()


def test_a_rule_that_does_not_exist_is_not_found(client_for, manager):
    assert client_for(manager).get(f"{LIST_URL}999999/change/").status_code == 404


def test_the_directory_links_to_the_rules_for_managers_only(client_for, manager, officer):
    assert LIST_URL in page_text(client_for(manager).get("/support/"))
    officers_directory = page_text(client_for(officer).get("/support/"))
    assert heading(officers_directory) == "Support services"
    assert LIST_URL not in officers_directory


# The list ---------------------------------------------------------------------------


def test_the_list_shows_each_rule_with_its_service_condition_and_reason(client_for, manager):
    virtual_school_rule().turn_off()
    text = page_text(client_for(manager).get(LIST_URL))
    assert "Leicestershire Virtual School" in text
    assert "Flag: Looked after child" in text
    assert "Open episode: Health-needs absence" in text
    assert "Notification reason: Removal from roll, ground O: Permanently excluded" in text
    assert "Looked after child: the Virtual School oversees" in text
    assert "Off</strong>" in text
    assert "20 rules" in text


def test_the_list_query_count_does_not_grow_with_rules(client_for, manager):
    SuggestionRule.objects.all().delete()
    client = client_for(manager)

    def add_rules(count):
        for n in range(count):
            SuggestionRule.objects.create(
                service=ServiceFactory(), condition="flag", flag="eal", reason=f"Reason {n}"
            )

    add_rules(3)
    client.get(LIST_URL)  # warm up: session and permission caches
    with CaptureQueriesContext(connection) as three:
        client.get(LIST_URL)
    add_rules(27)
    with CaptureQueriesContext(connection) as thirty:
        response = client.get(LIST_URL)
    assert len(response.context["rules"]) == 30
    assert len(thirty) == len(three)


# Adding -----------------------------------------------------------------------------


def test_a_manager_adds_a_rule_and_it_suggests_the_service(client_for, manager):
    response = client_for(manager).post(ADD_URL, good())
    assert response.status_code == 302
    assert response.url == LIST_URL
    rule = SuggestionRule.objects.get(flag="young_carer")
    assert (rule.service.name, rule.condition, rule.position, rule.active) == (
        "ADHD Solutions",
        "flag",
        100,
        True,
    )
    assert suggested(child_with(young_carer=True)) == {
        "ADHD Solutions": ["Young carer: caring can affect attention and attendance"]
    }


def test_sending_the_add_form_twice_adds_one_rule(client_for, manager):
    client = client_for(manager)
    token = str(uuid.uuid4())
    first = client.post(ADD_URL, {**good(), "form_token": token})
    second = client.post(ADD_URL, {**good(), "form_token": token})
    assert first.url == second.url == LIST_URL
    assert SuggestionRule.objects.filter(flag="young_carer").count() == 1
    assert len(events(Action.CREATE)) == 1


def test_adding_a_rule_is_audited_without_personal_data(client_for, manager):
    client_for(manager).post(ADD_URL, good())
    assert events(Action.CREATE) == [
        "Added suggestion rule: ADHD Solutions; Flag: Young carer; ages Any age"
    ]


def test_only_the_conditions_own_field_is_kept(client_for, manager):
    client_for(manager).post(
        ADD_URL,
        good(
            condition="episode_kind",
            flag="eal",
            episode_kind="health_needs",
            notification_reason="part_time_timetable:health",
            age_from="5",
            age_to="16",
            position="7",
        ),
    )
    rule = SuggestionRule.objects.get(episode_kind="health_needs", service__name="ADHD Solutions")
    assert (rule.flag, rule.notification_reason, rule.age_from, rule.age_to, rule.position) == (
        "",
        "",
        5,
        16,
        7,
    )


def test_an_age_rule_needs_both_ages(client_for, manager):
    response = client_for(manager).post(ADD_URL, good(condition="age", flag=""))
    assert errors_of(response) == {
        "age_from": ["Enter the lowest age"],
        "age_to": ["Enter the highest age"],
    }


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"service": "", "condition": "", "reason": " "},
            {
                "service": ["Choose the service"],
                "condition": ["Choose when the service is suggested"],
                "reason": ["Enter the reason the service is suggested"],
            },
        ),
        ({"flag": ""}, {"flag": ["Choose the flag"]}),
        ({"flag": "wizard"}, {"flag": ["Choose a flag from the list"]}),
        ({"condition": "episode_kind"}, {"episode_kind": ["Choose the kind of episode"]}),
        ({"condition": "notification_reason"}, {"notification_reason": ["Choose the reason"]}),
        ({"age_from": "26"}, {"age_from": ["Lowest age must be 25 or lower"]}),
        ({"age_to": "30"}, {"age_to": ["Highest age must be 25 or lower"]}),
        ({"age_from": "-1"}, {"age_from": ["Lowest age must be 0 or higher"]}),
        (
            {"age_from": "five"},
            {"age_from": ["Lowest age must be a whole number of years, like 5"]},
        ),
        (
            {"age_from": "12", "age_to": "5"},
            {"age_from": ["Lowest age must be the same as or lower than highest age"]},
        ),
        ({"reason": "x" * 301}, {"reason": ["The reason must be 300 characters or fewer"]}),
        ({"position": "first"}, {"position": ["Order must be a whole number, like 10"]}),
    ],
)
def test_the_form_says_what_to_fix(client_for, manager, changes, expected):
    response = client_for(manager).post(ADD_URL, good(**changes))
    assert response.status_code == 200
    assert errors_of(response) == expected
    assert not SuggestionRule.objects.filter(flag="young_carer").exists()


def test_what_was_typed_is_kept_when_the_form_has_errors(client_for, manager):
    response = client_for(manager).post(ADD_URL, good(flag="", reason="Caring for a parent"))
    text = page_text(response)
    assert "Caring for a parent" in text
    assert 'value="flag" checked' in text


def test_a_retired_service_cannot_be_chosen_for_a_new_rule(client_for, manager):
    adhd = Service.objects.get(name="ADHD Solutions")
    adhd.retire()
    response = client_for(manager).post(ADD_URL, good())
    assert errors_of(response) == {"service": ["Choose a service from the list"]}


# Changing ---------------------------------------------------------------------------


def edit_url(rule):
    return f"{LIST_URL}{rule.pk}/change/"


def opened(rule):
    """What the change page's form posts back for `rule`, as it was opened."""
    return {
        "service": str(rule.service_id),
        "condition": rule.condition,
        "flag": rule.flag,
        "episode_kind": rule.episode_kind,
        "notification_reason": rule.notification_reason,
        "age_from": "" if rule.age_from is None else str(rule.age_from),
        "age_to": "" if rule.age_to is None else str(rule.age_to),
        "reason": rule.reason,
        "position": str(rule.position),
        "last_updated": rule.updated_at.isoformat(),
    }


def test_a_manager_changes_a_rule_and_the_change_is_audited(client_for, manager):
    rule = virtual_school_rule()
    data = {**opened(rule), "reason": "In care: ask the Virtual School", "age_to": "16"}
    response = client_for(manager).post(edit_url(rule), data)
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.reason, rule.age_to) == ("In care: ask the Virtual School", 16)
    assert events(Action.UPDATE) == [
        "Changed suggestion rule (age_to, reason): Leicestershire Virtual School; "
        "Flag: Looked after child; ages 16 or younger"
    ]


def test_a_change_someone_else_saved_first_is_not_silently_overwritten(client_for, manager):
    rule = virtual_school_rule()
    data = {**opened(rule), "reason": "Mine"}
    SuggestionRule.objects.filter(pk=rule.pk).update(reason="Theirs")
    rule.refresh_from_db()
    rule.save()  # a colleague's save moves updated_at on
    response = client_for(manager).post(edit_url(rule), data)
    assert errors_of(response) == {
        "__all__": [
            "Someone else changed this rule after you opened this page. Save again to "
            "replace their changes with yours, or go back to see them."
        ]
    }
    rule.refresh_from_db()
    assert rule.reason == "Theirs"
    again = client_for(manager).post(edit_url(rule), response.context["form"].data)
    assert again.status_code == 302
    rule.refresh_from_db()
    assert rule.reason == "Mine"


def test_a_rule_for_a_retired_service_can_still_be_changed(client_for, manager):
    rule = virtual_school_rule()
    rule.service.retire()
    response = client_for(manager).post(edit_url(rule), {**opened(rule), "reason": "Kept"})
    assert response.status_code == 302


# Turning off and on -----------------------------------------------------------------


def test_turning_a_rule_off_asks_first_then_stops_the_suggestion(client_for, manager):
    rule = virtual_school_rule()
    client = client_for(manager)
    url = f"{LIST_URL}{rule.pk}/turn-off/"
    assert "Turn off this rule?" in page_text(client.get(url))
    rule.refresh_from_db()
    assert rule.active
    assert client.post(url).url == LIST_URL
    rule.refresh_from_db()
    assert not rule.active
    assert suggested(child_with(looked_after=True)) == {}
    assert events(Action.DEACTIVATE) == [
        "Turned off suggestion rule: Leicestershire Virtual School; Flag: Looked after child; "
        "ages Any age"
    ]


def test_turning_a_rule_on_again_brings_the_suggestion_back(client_for, manager):
    rule = virtual_school_rule()
    rule.turn_off()
    client_for(manager).post(f"{LIST_URL}{rule.pk}/turn-on/")
    rule.refresh_from_db()
    assert rule.active
    assert list(suggested(child_with(looked_after=True))) == ["Leicestershire Virtual School"]
    assert len(events(Action.REACTIVATE)) == 1


def test_turning_off_a_rule_that_is_already_off_changes_nothing(client_for, manager):
    rule = virtual_school_rule()
    rule.turn_off()
    response = client_for(manager).post(f"{LIST_URL}{rule.pk}/turn-off/")
    assert response.url == LIST_URL
    assert events(Action.DEACTIVATE) == []


def test_a_service_with_rules_cannot_be_deleted_from_under_them(db):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        Service.objects.get(name="Leicestershire Virtual School").delete()


def test_the_database_refuses_a_rule_missing_its_conditions_value(db):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        SuggestionRule.objects.create(
            service=first_row(Service.objects), condition=Condition.FLAG, reason="No flag"
        )
