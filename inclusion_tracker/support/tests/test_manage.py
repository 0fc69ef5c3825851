"""Team managers add, change, retire and reinstate services and keep the
outreach schools' list; every change is audited. Nobody else may."""

import pytest

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.establishments.models import Establishment
from inclusion_tracker.establishments.tests.factories import EstablishmentFactory
from inclusion_tracker.support.models import DirectReferral, Service
from inclusion_tracker.support.tests.factories import ServiceFactory

# Only team managers hold accounts.manage_team (accounts/roles.py): the
# directory is the team's reference data. Administrators manage users and
# settings, not the team's services, so they browse like officers.
MANAGE_LADDER = {
    "school_user_a": 403,
    "school_user_b": 403,
    "main_contact_a": 403,
    "officer": 403,
    "manager": 200,
    "admin": 403,
    "outsider": 403,
}

GOOD = {
    "name": "Sleep clinic",
    "offers": "Advice on sleep for children who miss school through tiredness",
    "who_for": "Children who find it hard to sleep, and their parents",
    "needs": ["health", "attendance"],
    "age_from": "5",
    "age_to": "16",
    "how_to_refer": "Email sleep@example.org with the child's name and school",
    "web_address": "https://example.org/sleep",
    "direct_referral": "yes",
}


def outreach_service():
    return Service.objects.get(is_school_outreach=True)


def manage_urls():
    service = Service.objects.get(name="ADHD Solutions")
    retired = ServiceFactory(name="Old service")
    retired.retire()
    return [
        "/support/add/",
        f"/support/{service.pk}/change/",
        f"/support/{service.pk}/retire/",
        f"/support/{retired.pk}/reinstate/",
        f"/support/{outreach_service().pk}/outreach-schools/",
    ]


def errors_of(response):
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def events(action):
    return list(
        AuditEvent.objects.filter(action=action, object_type="service").values_list(
            "summary", flat=True
        )
    )


# Permission ladder ------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in_from_every_managers_page(client_for, db):
    for url in manage_urls():
        response = client_for(None).get(url)
        assert response.status_code == 302, url
        assert response.url == f"/sign-in/?next={url}"


def test_only_team_managers_may_open_the_managers_pages(client_for, cast):
    for url in manage_urls():
        seen = {who: client_for(user).get(url).status_code for who, user in cast.items()}
        assert seen == MANAGE_LADDER, url


def test_nobody_but_a_team_manager_can_change_a_service_by_posting(client_for, cast):
    service = Service.objects.get(name="ADHD Solutions")
    special = EstablishmentFactory(is_special_school=True)
    posts = [
        ("/support/add/", GOOD),
        (f"/support/{service.pk}/change/", {**GOOD, "name": "Renamed"}),
        (f"/support/{service.pk}/retire/", {}),
        (f"/support/{outreach_service().pk}/outreach-schools/", {"schools": [special.pk]}),
    ]
    for who, user in cast.items():
        if who == "manager":
            continue
        for url, data in posts:
            assert client_for(user).post(url, data).status_code == 403, (who, url)
    service.refresh_from_db()
    assert service.name == "ADHD Solutions" and service.active
    assert not Service.objects.filter(name__in=["Sleep clinic", "Renamed"]).exists()
    assert not outreach_service().outreach_schools.exists()
    assert not AuditEvent.objects.filter(object_type="service").exists()


# Adding -----------------------------------------------------------------------------


def test_a_manager_adds_a_service_and_it_is_audited(client_for, manager):
    response = client_for(manager).post("/support/add/", GOOD)
    service = Service.objects.get(name="Sleep clinic")
    assert response.status_code == 302
    assert response.url == f"/support/{service.pk}/"
    assert service.need_codes == ["health", "attendance"]
    assert (service.age_from, service.age_to) == (5, 16)
    assert service.direct_referral == DirectReferral.YES
    assert service.active
    event = AuditEvent.objects.get(action=Action.CREATE, object_type="service")
    assert event.actor == manager
    assert event.object_id == str(service.pk)
    assert event.summary == "Added service Sleep clinic"


def test_sending_the_add_form_twice_adds_one_service_without_an_error(client_for, manager):
    client = client_for(manager)
    data = {**GOOD, "form_token": "9b0e7c2e-5d3c-4a57-9f2b-3f6f0a1d2c4e"}
    first = client.post("/support/add/", data)
    second = client.post("/support/add/", data)
    service = Service.objects.get(name="Sleep clinic")
    assert first.url == second.url == f"/support/{service.pk}/"
    assert service.need_codes == ["health", "attendance"]
    assert AuditEvent.objects.filter(action=Action.CREATE, object_type="service").count() == 1


def test_a_new_service_appears_in_the_directory(client_for, manager, school_user_a):
    client_for(manager).post("/support/add/", GOOD)
    response = client_for(school_user_a).get("/support/", {"need": "health", "age": "9"})
    assert "Sleep clinic" in [s.name for s in response.context["services"]]


def test_the_add_form_empty_says_what_to_enter(client_for, manager):
    response = client_for(manager).post("/support/add/", {})
    assert errors_of(response) == {
        "name": ["Enter the service's name"],
        "offers": ["Enter what the service offers"],
        "who_for": ["Enter who the service is for"],
        "needs": ["Select the needs the service is for"],
        "age_from": ["Enter the lowest age"],
        "age_to": ["Enter the highest age"],
        "how_to_refer": ["Enter how to refer to the service"],
        "direct_referral": ["Select whether schools can refer directly"],
    }
    assert "There is a problem" in page_text(response)
    assert not AuditEvent.objects.filter(object_type="service").exists()


def test_the_lowest_age_cannot_be_above_the_highest(client_for, manager):
    response = client_for(manager).post("/support/add/", {**GOOD, "age_from": "12", "age_to": "8"})
    assert errors_of(response) == {
        "age_from": ["The lowest age must be the same as or less than the highest age"]
    }


def test_the_same_lowest_and_highest_age_is_allowed(client_for, manager):
    client_for(manager).post("/support/add/", {**GOOD, "age_from": "4", "age_to": "4"})
    assert Service.objects.get(name="Sleep clinic").age_range == "4 to 4"


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("age_from", "five", "The lowest age must be a whole number of years, like 5"),
        ("age_from", "-1", "The lowest age must be 0 or more"),
        ("age_to", "26", "The highest age must be 25 or less"),
        ("age_to", "2.5", "The highest age must be a whole number of years, like 5"),
        ("needs", ["astrology"], "Select needs from the list"),
        ("name", "x" * 201, "Name must be 200 characters or fewer"),
        ("name", " ADHD   solutions ", "There is already a service with this name"),
        ("web_address", "x" * 301, "Web address must be 300 characters or fewer"),
    ],
)
def test_bad_answers_get_a_message_that_says_what_to_fix(
    client_for, manager, field, value, message
):
    response = client_for(manager).post("/support/add/", {**GOOD, field: value})
    assert errors_of(response) == {field: [message]}


def test_a_name_is_saved_without_extra_spaces(client_for, manager):
    client_for(manager).post("/support/add/", {**GOOD, "name": "  Sleep   clinic "})
    assert Service.objects.filter(name="Sleep clinic").exists()


# Changing ---------------------------------------------------------------------------


def test_a_manager_changes_a_service_and_the_changes_are_audited(client_for, manager):
    service = Service.objects.get(name="ADHD Solutions")
    client = client_for(manager)
    form = client.get(f"/support/{service.pk}/change/").context["form"]
    data = {**GOOD, "name": "ADHD Solutions", "last_updated": form["last_updated"].value()}
    response = client.post(f"/support/{service.pk}/change/", data)
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.need_codes == ["health", "attendance"]
    assert service.age_range == "5 to 16"
    assert events(Action.UPDATE) == [
        "Changed offers, who_for, needs, age_from, age_to, how_to_refer, web_address, "
        "direct_referral"
    ]


def test_the_change_form_starts_with_the_services_details(client_for, manager):
    service = Service.objects.get(name="Leicestershire Virtual School")
    content = page_text(client_for(manager).get(f"/support/{service.pk}/change/"))
    assert 'value="Leicestershire Virtual School"' in content
    assert 'value="looked_after" checked' in content
    assert 'value="early_years" checked' in content
    assert 'value="autism" checked' not in content


def test_a_colleagues_change_is_not_silently_overwritten(client_for, manager):
    service = Service.objects.get(name="ADHD Solutions")
    client = client_for(manager)
    opened = client.get(f"/support/{service.pk}/change/").context["form"]["last_updated"].value()
    service.offers = "A colleague's words"
    service.save()
    data = {**GOOD, "name": "ADHD Solutions", "last_updated": opened}
    response = client.post(f"/support/{service.pk}/change/", data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Someone else changed this service after you opened this page. Save again to replace "
        "their changes with yours, or go back to see them."
    ]
    service.refresh_from_db()
    assert service.offers == "A colleague's words"
    # Saving again means it.
    again = {**data, "last_updated": response.context["form"]["last_updated"].value()}
    assert client.post(f"/support/{service.pk}/change/", again).status_code == 302
    service.refresh_from_db()
    assert service.offers == GOOD["offers"]


# Retiring and reinstating ---------------------------------------------------------------


def test_retiring_asks_first(client_for, manager):
    service = Service.objects.get(name="Family Help Service")
    content = page_text(client_for(manager).get(f"/support/{service.pk}/retire/"))
    assert "Retire this service?" in content
    service.refresh_from_db()
    assert service.active


def test_a_retired_service_leaves_the_directory_keeps_its_page_and_is_audited(client_for, manager):
    service = Service.objects.get(name="Family Help Service")
    client = client_for(manager)
    response = client.post(f"/support/{service.pk}/retire/")
    assert response.url == f"/support/{service.pk}/"
    service.refresh_from_db()
    assert not service.active
    assert service.retired_on is not None
    assert events(Action.DEACTIVATE) == ["Retired service"]
    directory = client.get("/support/")
    assert directory.status_code == 200
    listed = [s.name for s in directory.context["services"]]
    assert "ADHD Solutions" in listed
    assert "Family Help Service" not in listed
    assert client.get(f"/support/{service.pk}/").status_code == 200


def test_a_manager_reinstates_a_retired_service_and_it_is_audited(client_for, manager):
    service = Service.objects.get(name="Family Help Service")
    service.retire()
    client = client_for(manager)
    assert "Reinstate this service?" in page_text(client.get(f"/support/{service.pk}/reinstate/"))
    client.post(f"/support/{service.pk}/reinstate/")
    service.refresh_from_db()
    assert service.active and service.retired_on is None
    assert events(Action.REACTIVATE) == ["Reinstated service"]


def test_retiring_twice_changes_nothing(client_for, manager):
    service = Service.objects.get(name="Family Help Service")
    client = client_for(manager)
    client.post(f"/support/{service.pk}/retire/")
    client.post(f"/support/{service.pk}/retire/")
    assert events(Action.DEACTIVATE) == ["Retired service"]


def test_services_are_never_deleted_through_the_application(client_for, manager):
    service = Service.objects.get(name="Family Help Service")
    client_for(manager).post(f"/support/{service.pk}/retire/")
    assert Service.objects.filter(pk=service.pk).exists()


# Outreach schools -------------------------------------------------------------------


@pytest.fixture
def special_schools(db):
    return {
        "willow": EstablishmentFactory(name="Willow Bank Special School", is_special_school=True),
        "ash": EstablishmentFactory(name="Ash Field Academy", is_special_school=True),
        "closed": EstablishmentFactory(
            name="Old Special School",
            is_special_school=True,
            status=Establishment.Status.CLOSED,
        ),
        "elsewhere": EstablishmentFactory(
            name="Elsewhere Special School", is_special_school=True, la_code="856"
        ),
        "mainstream": EstablishmentFactory(name="Brookfield Primary School"),
    }


def test_the_outreach_page_offers_only_this_authoritys_open_special_schools(
    client_for, manager, special_schools
):
    url = f"/support/{outreach_service().pk}/outreach-schools/"
    form = client_for(manager).get(url).context["form"]
    assert [e.name for e in form.fields["schools"].queryset] == [
        "Ash Field Academy",
        "Willow Bank Special School",
    ]


def test_a_manager_records_outreach_schools_and_it_is_audited(
    client_for, manager, school_user_a, special_schools
):
    service = outreach_service()
    willow, ash = special_schools["willow"], special_schools["ash"]
    client = client_for(manager)
    client.post(f"/support/{service.pk}/outreach-schools/", {"schools": [willow.pk, ash.pk]})
    assert set(service.outreach_schools.all()) == {willow, ash}
    client.post(f"/support/{service.pk}/outreach-schools/", {"schools": [ash.pk]})
    assert list(service.outreach_schools.all()) == [ash]
    assert events(Action.UPDATE) == [
        f"Outreach schools: removed {willow.urn}",
        f"Outreach schools: added {', '.join(sorted([willow.urn, ash.urn]))}",
    ]
    content = page_text(client_for(school_user_a).get(f"/support/{service.pk}/"))
    assert "Ash Field Academy" in content
    assert "No outreach schools have been recorded yet." not in content


def test_a_school_that_is_not_a_special_school_cannot_be_an_outreach_school(
    client_for, manager, special_schools
):
    service = outreach_service()
    response = client_for(manager).post(
        f"/support/{service.pk}/outreach-schools/",
        {"schools": [special_schools["mainstream"].pk]},
    )
    assert errors_of(response) == {"schools": ["Select special schools from the list"]}
    assert not service.outreach_schools.exists()


def test_a_listed_school_that_has_closed_is_still_offered_so_it_can_be_removed(
    client_for, manager, special_schools
):
    service = outreach_service()
    service.outreach_schools.add(special_schools["closed"])
    form = client_for(manager).get(f"/support/{service.pk}/outreach-schools/").context["form"]
    assert "Old Special School" in [e.name for e in form.fields["schools"].queryset]


def test_with_no_special_schools_the_outreach_page_says_so(client_for, manager):
    Establishment.objects.filter(is_special_school=True).delete()
    content = page_text(
        client_for(manager).get(f"/support/{outreach_service().pk}/outreach-schools/")
    )
    assert "There are no special schools in the establishments list yet." in content


def test_saving_the_same_outreach_schools_writes_no_event(client_for, manager, special_schools):
    url = f"/support/{outreach_service().pk}/outreach-schools/"
    assert client_for(manager).post(url, {}).status_code == 302
    assert events(Action.UPDATE) == []


def test_unticking_every_outreach_school_empties_the_list(client_for, manager, special_schools):
    service = outreach_service()
    service.outreach_schools.add(special_schools["willow"])
    client_for(manager).post(f"/support/{service.pk}/outreach-schools/", {})
    assert not service.outreach_schools.exists()
    assert events(Action.UPDATE) == [f"Outreach schools: removed {special_schools['willow'].urn}"]


def test_other_services_have_no_outreach_schools_page(client_for, manager):
    service = Service.objects.get(name="ADHD Solutions")
    assert client_for(manager).get(f"/support/{service.pk}/outreach-schools/").status_code == 404
