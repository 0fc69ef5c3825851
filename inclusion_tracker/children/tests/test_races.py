"""Two officers giving a child the same UPN at the same moment: one record
gets it, the other officer sees the ordinary form error linking to that
record, with everything they typed, never a 500 (issue 12)."""

import html
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.casework.forms.child import ChildEditForm
from inclusion_tracker.children.forms import ChildForm
from inclusion_tracker.children.models import Child
from inclusion_tracker.children.tests.factories import ChildFactory, make_upn
from inclusion_tracker.core.tests.helpers import page_text
from inclusion_tracker.core.tests.parallel import Rendezvous, at_once

ADD = reverse("children:add")
UPN = make_upn(77)
TAKEN = "A child with this UPN already exists"


def record_url(child) -> str:
    return reverse("casework:child", args=[child.pk])


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def new_child(first_name: str, token: str, **overrides) -> dict:
    return {
        "upn": UPN,
        "legal_first_name": first_name,
        "legal_last_name": "Nowak",
        "date_of_birth_day": "4",
        "date_of_birth_month": "5",
        "date_of_birth_year": "2014",
        "sex": "M",
        "form_token": f"5b6f3c7e-1111-4a2b-9c3d-00000000000{token}",
        **overrides,
    }


def edited(child, client, **changes) -> dict:
    """The child's details as their change page shows them, with `changes`."""
    form = client.get(reverse("casework:child-edit", args=[child.pk])).context["form"]
    data = {name: form[name].value() for name in ("legal_first_name", "legal_last_name", "sex")}
    born = child.date_of_birth
    return {
        **data,
        "date_of_birth_day": str(born.day),
        "date_of_birth_month": str(born.month),
        "date_of_birth_year": str(born.year),
        "loaded_state": form["loaded_state"].value(),
        **changes,
    }


def assert_refused_with_link(response, holder, typed_name: str) -> None:
    """The form again: the error on the UPN (the summary links to the field),
    a link to the record that has the UPN, and what the officer typed."""
    content = html.unescape(page_text(response))
    assert response.status_code == 200
    assert f'<a href="#id_upn">{TAKEN}</a>' in content
    assert f"Error:</span> {TAKEN}" in content
    assert f'href="{record_url(holder)}"' in content
    assert f'value="{typed_name}"' in content
    assert f'value="{UPN}"' in content


def both_pass_their_checks(monkeypatch) -> None:
    """Neither request saves until both have checked that the UPN is free,
    so both go on to save it: the race, every time."""
    meet = Rendezvous(2)
    monkeypatch.setattr(ChildForm, "is_valid", meet.wrap(ChildForm.is_valid))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_second_officer_adding_same_upn_gets_form_error(officer, manager, monkeypatch):
    both_pass_their_checks(monkeypatch)
    first, second = signed_in(officer), signed_in(manager)

    responses = at_once(
        lambda: first.post(ADD, new_child("Tomasz", "1")),
        lambda: second.post(ADD, new_child("Tymon", "2")),
    )

    assert sorted(response.status_code for response in responses) == [200, 302]
    holder = Child.objects.get(upn=UPN)
    added = next(response for response in responses if response.status_code == 302)
    refused = next(response for response in responses if response.status_code == 200)
    assert added.url == record_url(holder)
    other_name = "Tymon" if holder.legal_first_name == "Tomasz" else "Tomasz"
    assert_refused_with_link(refused, holder, other_name)
    assert Child.objects.count() == 1
    # Naming the record that has the UPN is a view of it.
    assert AuditEvent.objects.filter(action=Action.VIEW, child=holder).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_changing_a_upn_while_another_officer_adds_it_keeps_it_on_one_record(
    officer, manager, monkeypatch
):
    child = ChildFactory(legal_first_name="Amelia", legal_last_name="Khan", upn="")
    editor, adder = signed_in(officer), signed_in(manager)
    change = edited(child, editor, upn=UPN)
    both_pass_their_checks(monkeypatch)

    edit_response, add_response = at_once(
        lambda: editor.post(reverse("casework:child-edit", args=[child.pk]), change),
        lambda: adder.post(ADD, new_child("Tymon", "3")),
    )

    holder = Child.objects.get(upn=UPN)
    if holder.pk == child.pk:
        assert edit_response.status_code == 302
        assert Child.objects.count() == 1
        assert_refused_with_link(add_response, holder, "Tymon")
    else:
        assert add_response.status_code == 302
        assert Child.objects.get(pk=child.pk).upn == ""
        assert_refused_with_link(edit_response, holder, "Amelia")


def test_a_upn_taken_after_the_form_was_checked_is_refused_with_the_form_error(
    client_for, officer, monkeypatch
):
    """The same race without threads: the other record is saved just after
    this form was checked, so the database refuses the save."""
    is_valid = ChildForm.is_valid
    holder: list[Child] = []

    def checked_then_lose_the_race(form):
        valid = is_valid(form)
        if not holder:
            holder.append(ChildFactory(upn=UPN, date_of_birth=date(2014, 1, 2)))
        return valid

    monkeypatch.setattr(ChildForm, "is_valid", checked_then_lose_the_race)
    response = client_for(officer).post(ADD, new_child("Tomasz", "4"))

    assert_refused_with_link(response, holder[0], "Tomasz")
    assert "born 2 January 2014" in html.unescape(page_text(response))
    assert list(Child.objects.all()) == holder


def test_a_upn_taken_while_a_childs_details_were_saved_is_refused_with_the_form_error(
    client_for, officer, monkeypatch
):
    child = ChildFactory(legal_first_name="Amelia", legal_last_name="Khan", upn="")
    client = client_for(officer)
    change = edited(child, client, upn=UPN)
    is_valid = ChildEditForm.is_valid
    holder: list[Child] = []

    def checked_then_lose_the_race(form):
        valid = is_valid(form)
        if not holder:
            holder.append(ChildFactory(upn=UPN))
        return valid

    monkeypatch.setattr(ChildEditForm, "is_valid", checked_then_lose_the_race)
    response = client.post(reverse("casework:child-edit", args=[child.pk]), change)

    assert_refused_with_link(response, holder[0], "Amelia")
    child.refresh_from_db()
    assert (child.upn, child.version) == ("", 1)


def test_the_models_own_check_puts_a_taken_upn_on_the_upn_field(db):
    """A record saved between the form's check of the UPN and the model's
    check of its constraints: the error is still the UPN field's."""
    ChildFactory(upn=UPN)
    with pytest.raises(ValidationError) as refused:
        Child(upn=UPN, legal_first_name="Tomasz", legal_last_name="Nowak").validate_constraints()
    assert refused.value.message_dict == {"upn": [TAKEN]}


def test_the_upn_error_links_to_the_record_that_has_it(client_for, officer):
    holder = ChildFactory(upn=UPN, legal_first_name="Ola", legal_last_name="Nowak")
    response = client_for(officer).post(ADD, new_child("Tomasz", "5"))

    assert_refused_with_link(response, holder, "Tomasz")
    assert "Ola Nowak, born 12 March 2015</a>" in html.unescape(page_text(response))
    assert Child.objects.count() == 1
