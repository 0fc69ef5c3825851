"""The GOV.UK form renderer (FORM_RENDERER) and the GOV.UK date input."""

from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django import forms
from django.template import Context, Template
from django.utils import timezone
from pytest_django.asserts import assertInHTML

from inclusion_tracker.core.forms import GovukDateField, read_date_parts


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, {name: value or "" for name, value in attrs}))


def elements(html: str, tag: str | None = None, **attrs) -> list[dict]:
    """The attributes of each element of `tag` whose attributes include
    `attrs` (`class_` is matched against the class list; `_` for `-`)."""
    parser = _Elements()
    parser.feed(str(html))
    wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attrs.items()}
    matches = []
    for found_tag, found in parser.found:
        if tag and found_tag != tag:
            continue
        if "class" in wanted and wanted["class"] not in found.get("class", "").split():
            continue
        if all(found.get(name) == value for name, value in wanted.items() if name != "class"):
            matches.append(found)
    return matches


def element(html: str, tag: str | None = None, **attrs) -> dict:
    matches = elements(html, tag, **attrs)
    assert len(matches) == 1, f"{len(matches)} <{tag} {attrs}> in {html}"
    return matches[0]


def classes(attrs: dict) -> set[str]:
    return set(attrs.get("class", "").split())


class ExampleForm(forms.Form):
    full_name = forms.CharField(
        label="Full name",
        help_text="As it appears on your passport",
        error_messages={"required": "Enter your full name"},
    )
    colour = forms.ChoiceField(
        label="Favourite colour",
        choices=[("red", "Red"), ("blue", "Blue")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select your favourite colour"},
    )
    agree = forms.BooleanField(
        label="I agree to the terms",
        error_messages={"required": "Select if you agree to the terms"},
    )
    born = GovukDateField(
        label="Date of birth",
        help_text="For example, 27 3 2007",
        name_in_errors="date of birth",
        must_be_in_past=True,
    )


VALID = {
    "full_name": "Sam Jones",
    "colour": "red",
    "agree": "on",
    "born_day": "27",
    "born_month": "3",
    "born_year": "2007",
}


def bound(**changes):
    return ExampleForm(data={**VALID, **changes})


# Markup without errors


def test_a_text_input_has_a_label_hint_and_govuk_class():
    html = str(ExampleForm()["full_name"].as_field_group())
    assert classes(element(html, "div", class_="govuk-form-group")) == {"govuk-form-group"}
    assertInHTML('<label class="govuk-label" for="id_full_name">Full name</label>', html)
    assertInHTML(
        '<div id="id_full_name_helptext" class="govuk-hint">As it appears on your passport</div>',
        html,
    )
    field = element(html, "input", id="id_full_name")
    assert classes(field) == {"govuk-input"}
    assert field["aria-describedby"] == "id_full_name_helptext"
    assert "required" not in field  # GOV.UK services validate on the server
    assert "govuk-error-message" not in html


def test_radios_are_in_a_fieldset_with_a_legend():
    html = str(ExampleForm()["colour"].as_field_group())
    element(html, "fieldset", class_="govuk-fieldset")
    assertInHTML(
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Favourite colour</legend>',
        html,
    )
    element(html, "div", class_="govuk-radios")
    radios = elements(html, "input", type="radio")
    assert [radio["id"] for radio in radios] == ["id_colour_0", "id_colour_1"]
    assert all(classes(radio) == {"govuk-radios__input"} for radio in radios)
    assertInHTML(
        '<label class="govuk-label govuk-radios__label" for="id_colour_1">Blue</label>', html
    )


def test_a_checkbox_has_its_label_beside_it():
    html = str(ExampleForm()["agree"].as_field_group())
    element(html, "div", class_="govuk-checkboxes")
    box = element(html, "input", type="checkbox")
    assert box["id"] == "id_agree"
    assert classes(box) == {"govuk-checkboxes__input"}
    assertInHTML(
        '<label class="govuk-label govuk-checkboxes__label" for="id_agree">I agree to the terms</label>',
        html,
    )


def test_a_date_input_has_day_month_and_year_in_a_fieldset():
    html = str(ExampleForm()["born"].as_field_group())
    fieldset = element(html, "fieldset", class_="govuk-fieldset")
    assert fieldset["aria-describedby"] == "id_born_helptext"
    assertInHTML(
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Date of birth</legend>',
        html,
    )
    assert element(html, "div", class_="govuk-date-input")["id"] == "id_born"
    assert len(elements(html, "div", class_="govuk-date-input__item")) == 3
    inputs = elements(html, "input")
    assert [(i["id"], i["name"]) for i in inputs] == [
        ("id_born_0", "born_day"),
        ("id_born_1", "born_month"),
        ("id_born_2", "born_year"),
    ]
    widths = ["govuk-input--width-2", "govuk-input--width-2", "govuk-input--width-4"]
    for field, width in zip(inputs, widths, strict=True):
        assert classes(field) == {"govuk-input", "govuk-date-input__input", width}
        assert field["type"] == "text"
        assert field["inputmode"] == "numeric"
        assert "required" not in field and "aria-invalid" not in field
    for number, label in enumerate(["Day", "Month", "Year"]):
        assertInHTML(
            f'<label class="govuk-label govuk-date-input__label" for="id_born_{number}">{label}</label>',
            html,
        )


def test_a_date_input_shows_its_initial_date():
    html = str(ExampleForm(initial={"born": date(2007, 3, 27)})["born"])
    values = [field.get("value") for field in elements(html, "input")]
    assert values == ["27", "3", "2007"]


def test_printing_the_form_renders_every_field_in_govuk_markup():
    html = str(ExampleForm())
    assert len(elements(html, "div", class_="govuk-form-group")) == 4 + 3  # 3 inside the date
    assert len(elements(html, "fieldset")) == 2


# Markup with errors


def test_a_text_input_with_an_error():
    form = bound(full_name="")
    assert not form.is_valid()
    html = str(form["full_name"].as_field_group())
    assert "govuk-form-group--error" in classes(element(html, "div", class_="govuk-form-group"))
    assertInHTML(
        '<p id="id_full_name_error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> Enter your full name</p>',
        html,
    )
    field = element(html, "input", id="id_full_name")
    assert classes(field) == {"govuk-input", "govuk-input--error"}
    assert field["aria-describedby"] == "id_full_name_helptext id_full_name_error"
    assert field["aria-invalid"] == "true"


def test_radios_with_an_error_describe_the_fieldset_by_the_error():
    form = bound(colour="")
    assert not form.is_valid()
    html = str(form["colour"].as_field_group())
    assert "govuk-form-group--error" in classes(element(html, "div", class_="govuk-form-group"))
    assert element(html, "fieldset")["aria-describedby"] == "id_colour_error"
    assert element(html, "p", id="id_colour_error")["class"] == "govuk-error-message"
    assert "Select your favourite colour" in html


def test_a_checkbox_with_an_error():
    form = bound(agree="")
    assert not form.is_valid()
    html = str(form["agree"].as_field_group())
    assert "govuk-form-group--error" in classes(element(html, "div", class_="govuk-form-group"))
    assert element(html, "input", type="checkbox")["aria-describedby"] == "id_agree_error"
    assert "Select if you agree to the terms" in html


def test_a_date_input_with_an_error_describes_the_fieldset_by_hint_and_error():
    form = bound(born_day="", born_month="", born_year="")
    assert not form.is_valid()
    html = str(form["born"].as_field_group())
    outer = elements(html, "div", class_="govuk-form-group")[0]
    assert "govuk-form-group--error" in classes(outer)
    assert element(html, "fieldset")["aria-describedby"] == "id_born_helptext id_born_error"
    assertInHTML(
        '<p id="id_born_error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> Enter date of birth</p>',
        html,
    )


def render_summary(form) -> str:
    return Template("{% load govuk %}{% error_summary form %}").render(Context({"form": form}))


def test_the_error_summary_links_each_error_to_its_input():
    form = ExampleForm(data={})
    assert not form.is_valid()
    html = render_summary(form)
    element(html, "div", class_="govuk-error-summary")
    assertInHTML('<h2 class="govuk-error-summary__title">There is a problem</h2>', html)
    links = [(link["href"]) for link in elements(html, "a")]
    assert links == ["#id_full_name", "#id_colour_0", "#id_agree", "#id_born_0"]
    for text in (
        "Enter your full name",
        "Select your favourite colour",
        "Select if you agree to the terms",
        "Enter date of birth",
    ):
        assert text in html
    # Each link's target exists in the form.
    form_html = str(form)
    for link in links:
        element(form_html, id=link[1:])


def test_the_error_summary_is_empty_for_a_valid_or_unbound_form():
    assert render_summary(ExampleForm()).strip() == ""
    form = bound()
    assert form.is_valid(), form.errors
    assert render_summary(form).strip() == ""


def test_the_error_summary_shows_non_field_errors_without_a_link():
    class WithNonFieldError(forms.Form):
        def clean(self):
            raise forms.ValidationError("These details do not match our records")

    form = WithNonFieldError(data={})
    assert not form.is_valid()
    html = render_summary(form)
    assertInHTML("<li>These details do not match our records</li>", html)
    assert not elements(html, "a")


# The date input's errors, worded as the GOV.UK Design System says


def born_error(day, month, year, **field_options):
    field = GovukDateField(label="Date of birth", name_in_errors="date of birth", **field_options)
    with pytest.raises(forms.ValidationError) as raised:
        field.clean([day, month, year])
    return raised.value.messages


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter date of birth"),
        ("  ", " ", "", "Enter date of birth"),
        ("27", "", "2007", "Date of birth must include a month"),
        ("", "3", "2007", "Date of birth must include a day"),
        ("27", "3", "", "Date of birth must include a year"),
        ("", "3", "", "Date of birth must include a day and year"),
        ("", "", "2007", "Date of birth must include a day and month"),
        ("27", "", "", "Date of birth must include a month and year"),
        ("27", "3", "07", "Year must include 4 numbers"),
        ("27", "3", "20071", "Year must include 4 numbers"),
        ("32", "3", "2007", "Date of birth must be a real date"),
        ("0", "3", "2007", "Date of birth must be a real date"),
        ("27", "13", "2007", "Date of birth must be a real date"),
        ("27", "Marchember", "2007", "Date of birth must be a real date"),
        ("31", "4", "2007", "Date of birth must be a real date"),
        ("29", "2", "2007", "Date of birth must be a real date"),
        ("2x", "3", "2007", "Date of birth must be a real date"),
        ("27", "3", "20x7", "Date of birth must be a real date"),
        ("27", "3", "0000", "Date of birth must be a real date"),
        ("-1", "3", "2007", "Date of birth must be a real date"),
        ("²", "3", "2007", "Date of birth must be a real date"),
        ("27", "3", "２００７", "Date of birth must be a real date"),
        ("9" * 5000, "3", "2007", "Date of birth must be a real date"),
        ("27", "1" * 5000, "2007", "Date of birth must be a real date"),
        ("27", "3", "9" * 5000, "Year must include 4 numbers"),
    ],
)
def test_date_errors_follow_the_design_system(day, month, year, message):
    assert born_error(day, month, year) == [message]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["27", "3", "2007"], date(2007, 3, 27)),
        (["07", "03", "2007"], date(2007, 3, 7)),
        ([" 7 ", " 3", "20 07"], date(2007, 3, 7)),
        (["27", "March", "2007"], date(2007, 3, 27)),
        (["27", "mar", "2007"], date(2007, 3, 27)),
        (["1", "Sept", "2017"], date(2017, 9, 1)),
        (["29", "2", "2008"], date(2008, 2, 29)),
        (["0007", "003", "2007"], date(2007, 3, 7)),
    ],
)
def test_a_date_is_read_leniently(values, expected):
    field = GovukDateField(label="Date")
    assert field.clean(values) == expected


def test_the_wording_defaults_to_the_label():
    field = GovukDateField(label="Start date")
    with pytest.raises(forms.ValidationError) as raised:
        field.clean(["1", "", "2020"])
    assert raised.value.messages == ["Start date must include a month"]
    with pytest.raises(forms.ValidationError) as raised:
        field.clean(["", "", ""])
    assert raised.value.messages == ["Enter start date"]


def test_any_message_can_be_reworded():
    field = GovukDateField(
        label="Date of birth",
        name_in_errors="the child's date of birth",
        error_messages={"required": "Enter the child's date of birth"},
    )
    with pytest.raises(forms.ValidationError) as raised:
        field.clean(["", "", ""])
    assert raised.value.messages == ["Enter the child's date of birth"]
    with pytest.raises(forms.ValidationError) as raised:
        field.clean(["31", "2", "2015"])
    assert raised.value.messages == ["The child's date of birth must be a real date"]


def test_an_optional_date_may_be_left_empty():
    assert GovukDateField(label="Date", required=False).clean(["", "", ""]) is None


def test_an_optional_date_must_still_be_complete():
    field = GovukDateField(label="Date left", required=False)
    with pytest.raises(forms.ValidationError) as raised:
        field.clean(["1", "", ""])
    assert raised.value.messages == ["Date left must include a month and year"]


def test_must_be_in_the_past():
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    field = GovukDateField(label="Date of birth", must_be_in_past=True)
    assert field.clean([yesterday.day, yesterday.month, yesterday.year]) == yesterday
    assert born_error(today.day, today.month, today.year, must_be_in_past=True) == [
        "Date of birth must be in the past"
    ]


def test_must_be_today_or_in_the_past():
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    field = GovukDateField(label="Date of birth", must_be_today_or_in_past=True)
    assert field.clean([today.day, today.month, today.year]) == today
    assert born_error(
        tomorrow.day, tomorrow.month, tomorrow.year, must_be_today_or_in_past=True
    ) == ["Date of birth must be today or in the past"]


def test_must_be_in_the_future():
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    field = GovukDateField(label="Date", must_be_in_future=True)
    assert field.clean([tomorrow.day, tomorrow.month, tomorrow.year]) == tomorrow
    assert born_error(today.day, today.month, today.year, must_be_in_future=True) == [
        "Date of birth must be in the future"
    ]


def test_must_be_today_or_in_the_future():
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    field = GovukDateField(label="Date", must_be_today_or_in_future=True)
    assert field.clean([today.day, today.month, today.year]) == today
    assert born_error(
        yesterday.day, yesterday.month, yesterday.year, must_be_today_or_in_future=True
    ) == ["Date of birth must be today or in the future"]


def test_must_be_the_same_as_or_after_a_date():
    field = GovukDateField(label="Course end date", min_date=date(2017, 9, 1))
    assert field.clean(["1", "9", "2017"]) == date(2017, 9, 1)
    with pytest.raises(forms.ValidationError) as raised:
        field.clean(["31", "8", "2017"])
    assert raised.value.messages == [
        "Course end date must be the same as or after 1 September 2017"
    ]


def test_must_be_the_same_as_or_before_a_date_given_by_a_callable():
    field = GovukDateField(label="Date", max_date=lambda: date(2020, 3, 5))
    assert field.clean(["5", "3", "2020"]) == date(2020, 3, 5)
    with pytest.raises(forms.ValidationError) as raised:
        field.clean(["6", "3", "2020"])
    assert raised.value.messages == ["Date must be the same as or before 5 March 2020"]


def test_must_be_between_two_dates():
    field = GovukDateField(label="Date", min_date=date(2020, 1, 1), max_date=date(2020, 12, 31))
    for day, month, year in (("31", "12", "2019"), ("1", "1", "2021")):
        with pytest.raises(forms.ValidationError) as raised:
            field.clean([day, month, year])
        assert raised.value.messages == ["Date must be between 1 January 2020 and 31 December 2020"]


def test_missing_parts_are_reported_before_a_date_that_cannot_be_real():
    assert born_error("45", "", "2007") == ["Date of birth must include a month"]


def test_a_real_date_is_checked_before_the_rules():
    assert born_error("31", "2", "2999", must_be_in_past=True) == [
        "Date of birth must be a real date"
    ]


# Highlighting and what the user typed


def date_inputs(form) -> list[dict]:
    return elements(str(form["born"]), "input")


def in_error(form) -> list[bool]:
    return ["govuk-input--error" in classes(field) for field in date_inputs(form)]


def test_only_the_missing_part_is_highlighted():
    form = bound(born_month="")
    assert not form.is_valid()
    assert in_error(form) == [False, True, False]
    assert [field.get("aria-invalid") for field in date_inputs(form)] == [None, "true", None]


def test_each_missing_part_is_highlighted():
    form = bound(born_day="", born_year="")
    assert not form.is_valid()
    assert in_error(form) == [True, False, True]


def test_the_whole_date_is_highlighted_when_nothing_is_entered():
    form = bound(born_day="", born_month="", born_year="")
    assert not form.is_valid()
    assert in_error(form) == [True, True, True]


def test_the_wrong_part_of_a_date_that_cannot_be_real_is_highlighted():
    form = bound(born_month="13")
    assert not form.is_valid()
    assert in_error(form) == [False, True, False]
    form = bound(born_day="31", born_month="2")
    assert not form.is_valid()
    assert in_error(form) == [True, False, False]


def test_the_whole_date_is_highlighted_when_several_parts_are_wrong():
    form = bound(born_day="40", born_month="13")
    assert not form.is_valid()
    assert in_error(form) == [True, True, True]


def test_the_whole_date_is_highlighted_when_a_rule_fails():
    tomorrow = timezone.localdate() + timedelta(days=1)
    form = bound(
        born_day=str(tomorrow.day), born_month=str(tomorrow.month), born_year=str(tomorrow.year)
    )
    assert form.errors["born"] == ["Date of birth must be in the past"]
    assert in_error(form) == [True, True, True]


def test_the_whole_date_is_highlighted_for_an_error_added_by_the_form():
    form = bound()
    assert form.is_valid()
    form.add_error("born", "Date of birth must be before the start date")
    assert in_error(form) == [True, True, True]


def test_no_part_is_highlighted_without_an_error():
    form = bound()
    assert form.is_valid()
    assert in_error(form) == [False, False, False]


def test_what_the_user_typed_is_shown_again():
    form = bound(born_day="2x", born_month="Marchember", born_year="07")
    assert not form.is_valid()
    assert [field.get("value") for field in date_inputs(form)] == ["2x", "Marchember", "07"]


def test_a_valid_date_becomes_a_date():
    form = bound()
    assert form.is_valid()
    assert form.cleaned_data["born"] == date(2007, 3, 27)


def test_a_disabled_date_keeps_its_initial_value():
    class Disabled(forms.Form):
        born = GovukDateField(label="Date of birth", disabled=True)

    form = Disabled(data={}, initial={"born": date(2007, 3, 27)})
    assert form.is_valid()
    assert form.cleaned_data["born"] == date(2007, 3, 27)


def test_reading_the_parts():
    assert read_date_parts(["27", "3", "2007"]).value == date(2007, 3, 27)
    assert read_date_parts(None).error == "required"
    assert read_date_parts(["", "3", ""]).parts == ("day", "year")
