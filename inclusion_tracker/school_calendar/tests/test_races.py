"""Two managers adding the same term or non-school day at the same moment:
one is added, the other manager gets the ordinary form error with what they
typed, never a 500 (issue 12)."""

import pytest
from django.test import Client

from inclusion_tracker.accounts.roles import Role
from inclusion_tracker.accounts.tests.factories import UserFactory
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.core.tests.parallel import Rendezvous, at_once
from inclusion_tracker.school_calendar.forms import NonSchoolDayForm, TermForm
from inclusion_tracker.school_calendar.models import NonSchoolDay, Term
from inclusion_tracker.school_calendar.tests.test_pages import day_data, term_data


def managers(manager) -> tuple[Client, Client]:
    clients = (Client(), Client())
    clients[0].force_login(manager)
    clients[1].force_login(UserFactory(email="manager.two@example.com", role=Role.TEAM_MANAGER))
    return clients


def refused(responses):
    assert sorted(response.status_code for response in responses) == [200, 302]
    return next(response for response in responses if response.status_code == 200)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_managers_adding_the_same_term_at_once_add_it_once(manager, monkeypatch):
    first, second = managers(manager)
    # Both pages are read before either manager's save begins.
    meet = Rendezvous(2)
    monkeypatch.setattr(TermForm, "__init__", meet.wrap(TermForm.__init__))

    responses = at_once(
        lambda: first.post("/term-dates/terms/add/", term_data()),
        lambda: second.post("/term-dates/terms/add/", term_data()),
    )

    told = refused(responses)
    assert told.context["form"].errors == {
        "first_day": [
            "The term overlaps Autumn 2 2026/27 (26 October 2026 to 18 December 2026): "
            "change the dates or change Autumn 2 first"
        ],
        "name": ["There is already a term called Autumn 2 in 2026/27"],
    }
    assert 'value="Autumn 2"' in page_text(told)
    assert Term.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_managers_adding_the_same_non_school_day_at_once_add_it_once(manager, monkeypatch):
    first, second = managers(manager)
    # Neither saves before both have checked the day is free.
    meet = Rendezvous(2)
    monkeypatch.setattr(NonSchoolDayForm, "is_valid", meet.wrap(NonSchoolDayForm.is_valid))

    responses = at_once(
        lambda: first.post("/term-dates/non-school-days/add/", day_data()),
        lambda: second.post("/term-dates/non-school-days/add/", day_data()),
    )

    told = refused(responses)
    assert told.context["form"].errors == {
        "date": ["23 November 2026 is already a non-school day for the local authority"]
    }
    assert 'value="Training"' in page_text(told)
    assert NonSchoolDay.objects.count() == 1
