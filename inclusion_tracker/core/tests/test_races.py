"""Many requests saving at the same moment all succeed: on SQLite (the demo)
they wait their turn instead of failing with "database is locked"
(settings.py, docs/decisions/0002-postgresql-and-sqlite.md). The same test
runs on PostgreSQL."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.children.models import Child
from inclusion_tracker.children.tests.factories import ChildFactory
from inclusion_tracker.core.tests.parallel import at_once

AT_ONCE = 8


def change_town(client, child, town):
    """Open the child's change page, then save it with a new town: a read
    and then a write in one transaction, the kind SQLite refuses at once
    when another request is writing, unless it took the write lock first."""
    url = reverse("casework:child-edit", args=[child.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields if name != "flags"}
    born = data.pop("date_of_birth")
    assert isinstance(born, date)
    data.update(date_of_birth_day=born.day, date_of_birth_month=born.month)
    data.update(date_of_birth_year=born.year)
    return lambda: client.post(url, {**data, "town": town})


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_officers_saving_many_records_at_once_all_succeed(officer, manager):
    children = ChildFactory.create_batch(AT_ONCE, town="Leicester")
    posts = []
    for number, child in enumerate(children):
        client = Client()
        client.force_login(officer if number % 2 else manager)
        posts.append(change_town(client, child, f"Town {number}"))

    responses = at_once(*posts)

    assert [response.status_code for response in responses] == [302] * AT_ONCE
    towns = dict(Child.objects.values_list("pk", "town"))
    assert [towns[child.pk] for child in children] == [f"Town {n}" for n in range(AT_ONCE)]
    assert AuditEvent.objects.filter(action=Action.UPDATE).count() == AT_ONCE
