"""Two managers saving services at the same moment: one save wins and the
other is told why, with their answers kept, never a 500 (issue 12)."""

import pytest
from django.test import Client

from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.accounts.tests.factories import UserFactory
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.core.tests.parallel import Rendezvous, at_once
from inclusion_tracker.support import views
from inclusion_tracker.support.forms import ServiceForm
from inclusion_tracker.support.models import Service
from inclusion_tracker.support.tests.test_manage import GOOD

NAME_TAKEN = "There is already a service with this name"
CHANGED = "Someone else changed this service after you opened this page."


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def second_manager():
    return UserFactory(email="manager.two@example.com", role=Role.TEAM_MANAGER)


def both_pass_their_checks(monkeypatch) -> None:
    """Neither request saves until both have checked the name is free."""
    meet = Rendezvous(2)
    monkeypatch.setattr(ServiceForm, "is_valid", meet.wrap(ServiceForm.is_valid))


def refused(responses):
    assert sorted(response.status_code for response in responses) == [200, 302]
    return next(response for response in responses if response.status_code == 200)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_managers_adding_a_service_of_the_same_name_add_one(manager, monkeypatch):
    first, second = signed_in(manager), signed_in(second_manager())
    both_pass_their_checks(monkeypatch)

    responses = at_once(
        lambda: first.post("/support/add/", {**GOOD, "form_token": "a" * 32}),
        lambda: second.post("/support/add/", {**GOOD, "form_token": "b" * 32}),
    )

    told = refused(responses)
    assert told.context["form"].errors == {"name": [NAME_TAKEN]}
    assert 'value="Sleep clinic"' in page_text(told)
    assert Service.objects.filter(name="Sleep clinic").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_managers_changing_one_service_at_once_do_not_overwrite_each_other(
    manager, monkeypatch
):
    service = Service.objects.get(name="ADHD Solutions")
    first, second = signed_in(manager), signed_in(second_manager())
    url = f"/support/{service.pk}/change/"
    opened = first.get(url).context["form"]["last_updated"].value()
    answers = {**GOOD, "last_updated": opened}
    # Both have found the service before either saves.
    meet = Rendezvous(2)
    monkeypatch.setattr(views, "get_service_for", meet.wrap(views.get_service_for))

    responses = at_once(
        lambda: first.post(url, {**answers, "name": "ADHD Solutions (first)"}),
        lambda: second.post(url, {**answers, "name": "ADHD Solutions (second)"}),
    )

    told = refused(responses)
    assert CHANGED in page_text(told)
    service.refresh_from_db()
    kept = told.context["form"]["name"].value()
    assert service.name != kept
    assert {service.name, kept} == {"ADHD Solutions (first)", "ADHD Solutions (second)"}
