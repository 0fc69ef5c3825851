from datetime import date, timedelta

import pytest
from django.utils import timezone
from pytest_django.asserts import assertInHTML

from inclusion_tracker.children.flags import FLAGS
from inclusion_tracker.children.forms import ChildForm
from inclusion_tracker.children.tests.factories import ChildFactory, make_temporary_upn
from inclusion_tracker.children.upn import MESSAGES as UPN_MESSAGES
from inclusion_tracker.core.tests.test_forms import classes, element, elements

pytestmark = pytest.mark.django_db

VALID = {
    "upn": "B801200005001",
    "legal_first_name": "Amelia",
    "legal_middle_names": "Rose",
    "legal_last_name": "Khan",
    "preferred_first_name": "Millie",
    "preferred_last_name": "",
    "date_of_birth_day": "12",
    "date_of_birth_month": "3",
    "date_of_birth_year": "2015",
    "sex": "F",
    "address_line_1": "1 High Street",
    "address_line_2": "",
    "town": "Leicester",
    "postcode": "LE1 2AB",
    "flags": ["has_ehcp", "young_carer"],
}


def form_with(**changes):
    data = {**VALID, **changes}
    return ChildForm(data={name: value for name, value in data.items() if value is not None})


def test_a_valid_form_saves_the_child():
    form = form_with(upn=" b801 2000 05001", postcode="le12ab")
    assert form.is_valid(), form.errors
    child = form.save()
    child.refresh_from_db()
    assert child.upn == "B801200005001"
    assert child.legal_name == "Amelia Rose Khan"
    assert child.full_name == "Millie Khan"
    assert child.date_of_birth == date(2015, 3, 12)
    assert child.sex == "F"
    assert child.postcode == "LE1 2AB"
    assert [flag.field for flag in child.flags] == ["has_ehcp", "young_carer"]


def test_the_upn_and_optional_fields_may_be_left_empty():
    form = form_with(
        upn="",
        legal_middle_names="",
        preferred_first_name="",
        address_line_1="",
        town="",
        postcode="",
        flags=None,
    )
    assert form.is_valid(), form.errors
    child = form.save()
    assert child.upn == ""
    assert child.flags == []


def test_a_temporary_upn_is_accepted():
    form = form_with(upn=make_temporary_upn(4))
    assert form.is_valid(), form.errors
    assert form.save().has_temporary_upn


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("legal_first_name", "", "Enter the child's first name"),
        ("legal_first_name", "   ", "Enter the child's first name"),
        ("legal_first_name", "x" * 101, "First name must be 100 characters or less"),
        ("legal_middle_names", "x" * 101, "Middle names must be 100 characters or less"),
        ("legal_last_name", "", "Enter the child's last name"),
        ("legal_last_name", "x" * 101, "Last name must be 100 characters or less"),
        ("preferred_first_name", "x" * 101, "Preferred first name must be 100 characters or less"),
        ("preferred_last_name", "x" * 101, "Preferred last name must be 100 characters or less"),
        ("sex", None, "Select the child's sex"),
        ("sex", "X", "Select the child's sex"),
        ("address_line_1", "x" * 201, "Address line 1 must be 200 characters or less"),
        ("address_line_2", "x" * 201, "Address line 2 must be 200 characters or less"),
        ("town", "x" * 101, "Town or city must be 100 characters or less"),
        ("postcode", "NOT A POSTCODE", "Enter a real postcode"),
        ("postcode", "LE1", "Enter a real postcode"),
        ("postcode", "12345", "Enter a real postcode"),
        ("upn", "A801200005001", UPN_MESSAGES["check_letter"]),
        ("upn", "B80120000500", UPN_MESSAGES["length"]),
        ("upn", "B80120A005001", UPN_MESSAGES["format"]),
        ("upn", "E000200005001", UPN_MESSAGES["la"]),
    ],
)
def test_each_bad_input_gets_its_message(field, value, message):
    form = form_with(**{field: value})
    assert not form.is_valid()
    assert form.errors == {field: [message]}


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter the child's date of birth"),
        ("12", "", "2015", "Date of birth must include a month"),
        ("", "3", "", "Date of birth must include a day and year"),
        ("12", "3", "15", "Year must include 4 numbers"),
        ("31", "2", "2015", "Date of birth must be a real date"),
        ("12", "13", "2015", "Date of birth must be a real date"),
    ],
)
def test_each_bad_date_of_birth_gets_its_message(day, month, year, message):
    form = form_with(date_of_birth_day=day, date_of_birth_month=month, date_of_birth_year=year)
    assert form.errors == {"date_of_birth": [message]}


def test_a_date_of_birth_in_the_future_is_refused():
    today = timezone.localdate()
    for day in (today, today + timedelta(days=1)):
        form = form_with(
            date_of_birth_day=str(day.day),
            date_of_birth_month=str(day.month),
            date_of_birth_year=str(day.year),
        )
        assert form.errors == {"date_of_birth": ["Date of birth must be in the past"]}


def test_a_upn_already_recorded_is_refused():
    ChildFactory(upn="B801200005001")
    form = form_with(upn="b801 2000 05001")
    assert form.errors == {"upn": ["A child with this UPN already exists"]}


def test_a_child_keeps_their_own_upn_when_their_record_is_changed():
    child = ChildFactory(upn="B801200005001")
    form = ChildForm(data=VALID, instance=child)
    assert form.is_valid(), form.errors
    assert form.save().upn == "B801200005001"


def test_a_changed_record_starts_with_the_childs_details():
    child = ChildFactory(sex="M", looked_after=True, eal=True, date_of_birth=date(2014, 9, 1))
    form = ChildForm(instance=child)
    assert form["flags"].value() == ["looked_after", "eal"]
    html = str(form)
    assert "checked" in element(html, "input", type="radio", value="M")
    assert "checked" in element(html, "input", type="checkbox", value="looked_after")
    assert "checked" not in element(html, "input", type="checkbox", value="has_ehcp")
    assert [
        field.get("value") for field in elements(html, "input", class_="govuk-date-input__input")
    ] == [
        "1",
        "9",
        "2014",
    ]


def test_unticking_a_flag_clears_it():
    child = ChildFactory(looked_after=True)
    form = ChildForm(data={**VALID, "flags": []}, instance=child)
    assert form.is_valid(), form.errors
    form.save()
    child.refresh_from_db()
    assert not child.looked_after


def test_a_new_record_has_no_sex_chosen():
    html = str(ChildForm())
    assert all("checked" not in radio for radio in elements(html, "input", type="radio"))


# Markup


def test_the_form_renders_govuk_markup():
    html = str(ChildForm())
    assert len(elements(html, "div", class_="govuk-form-group")) >= 12
    assertInHTML('<label class="govuk-label" for="id_legal_first_name">First name</label>', html)
    assertInHTML(
        '<div id="id_upn_helptext" class="govuk-hint">'
        "The unique pupil number: 13 characters, like B801200005001</div>",
        html,
    )
    upn = element(html, "input", id="id_upn")
    assert classes(upn) == {"govuk-input", "govuk-input--width-20"}
    assert upn["aria-describedby"] == "id_upn_helptext"
    assert classes(element(html, "input", id="id_postcode")) == {
        "govuk-input",
        "govuk-input--width-10",
    }
    assert "required" not in element(html, "input", id="id_legal_first_name")
    # Sex as radios, flags as checkboxes, date of birth as a date input: each in a fieldset.
    legends = ["Sex", "Which of these apply to the child?", "Date of birth"]
    assert len(elements(html, "fieldset")) == len(legends)
    for legend in legends:
        assert f">{legend}</legend>" in html
    assert [radio["value"] for radio in elements(html, "input", type="radio")] == ["F", "M", "U"]
    boxes = elements(html, "input", type="checkbox")
    assert [box["value"] for box in boxes] == [flag.field for flag in FLAGS]
    assert all(classes(box) == {"govuk-checkboxes__input"} for box in boxes)
    assertInHTML(
        '<label class="govuk-label govuk-checkboxes__label" for="id_flags_0">'
        "Education, health and care plan (EHCP)</label>",
        html,
    )
    element(html, "div", class_="govuk-date-input")


def test_an_error_is_shown_in_govuk_markup():
    form = form_with(legal_first_name="")
    assert not form.is_valid()
    html = str(form["legal_first_name"].as_field_group())
    assert "govuk-form-group--error" in classes(element(html, "div", class_="govuk-form-group"))
    assertInHTML(
        '<p id="id_legal_first_name_error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> Enter the child\'s first name</p>',
        html,
    )
    field = element(html, "input", id="id_legal_first_name")
    assert "govuk-input--error" in classes(field)
    assert field["aria-describedby"] == "id_legal_first_name_error"
    # What was typed elsewhere is kept.
    assert element(str(form), "input", id="id_legal_last_name")["value"] == "Khan"


def test_a_date_of_birth_error_highlights_the_missing_part_and_keeps_the_rest():
    form = form_with(date_of_birth_month="")
    assert not form.is_valid()
    html = str(form["date_of_birth"].as_field_group())
    assert "govuk-form-group--error" in classes(elements(html, "div", class_="govuk-form-group")[0])
    inputs = elements(html, "input")
    assert [field.get("value") for field in inputs] == ["12", None, "2015"]
    assert ["govuk-input--error" in classes(field) for field in inputs] == [False, True, False]


def test_a_radio_error_is_shown_on_the_fieldset():
    form = form_with(sex=None)
    assert not form.is_valid()
    html = str(form["sex"].as_field_group())
    assert element(html, "fieldset")["aria-describedby"] == "id_sex_error"
    assert "Select the child&#x27;s sex" in html
