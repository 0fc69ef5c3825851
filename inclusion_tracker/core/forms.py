"""GOV.UK Design System markup for every Django form field.

`GovukFormRenderer` is the project's FORM_RENDERER: a page prints `{{ form }}`
and gets labels, hints, error messages and the right input classes. The error
summary is printed above the page heading by `base.html`. Templates live in
`templates/govuk/forms/` and `templates/django/forms/widgets/`.
"""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils import timezone

from inclusion_tracker.core.formatting import (
    INTERNATIONAL_PHONE,
    POSTCODE,
    UK_PHONE,
    govuk_date,
    normalise_phone,
    normalise_postcode,
)

# Widget class -> GOV.UK CSS class for the input element.
_INPUT_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.FileInput: "govuk-file-upload",
}
_ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


def posted(request):
    """The form data when the request is a POST, even an empty one (every box
    unticked is still an answer); None to show an unbound form on GET."""
    return request.POST if request.method == "POST" else None


def govuk_class_for(widget: forms.Widget) -> str:
    for widget_class, css_class in _INPUT_CLASSES.items():
        if isinstance(widget, widget_class):
            return css_class
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return ""
    return "govuk-input"


class GovukBoundField(forms.BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        # GOV.UK services validate on the server only (forms carry `novalidate`).
        attrs.pop("required", None)
        css_class = govuk_class_for(widget)
        if css_class:
            classes = [css_class, widget.attrs.get("class", ""), attrs.get("class", "")]
            if self.errors and css_class in _ERROR_CLASSES:
                classes.append(_ERROR_CLASSES[css_class])
            attrs["class"] = " ".join(c for c in classes if c)
        return attrs

    @property
    def error_target_id(self) -> str:
        """The id the error summary links to: the first input of the field."""
        widget = self.field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.MultiWidget):
            return f"{self.auto_id}_0"
        return self.id_for_label or self.auto_id

    @property
    def is_checkbox(self) -> bool:
        return isinstance(self.field.widget, forms.CheckboxInput)

    @property
    def is_heading(self) -> bool:
        return getattr(self.form, "heading_field", None) == self.name


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"
    bound_field_class = GovukBoundField


# GOV.UK date input: https://design-system.service.gov.uk/components/date-input/
# Three text inputs (day, month, year) in a fieldset, read leniently and
# checked in the Design System's order: nothing entered, then incomplete, then
# not a real date, then the field's own rules (in the past, after a date...).

DATE_PARTS = ("day", "month", "year")
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# Month names written out in full or abbreviated ("jan", "sept"), as the
# Design System asks services to accept.
_MONTH_NUMBERS = {
    **{name: number for number, name in enumerate(_MONTHS, 1)},
    **{name[:3]: number for number, name in enumerate(_MONTHS, 1)},
    "sept": 9,
}


@dataclass(frozen=True)
class DateReading:
    """What the user typed in a date input, read: the date as `value`, or the error's
    code ("required", "incomplete", "year_length", "invalid") and the parts to
    highlight."""

    value: date | None = None
    error: str = ""
    parts: tuple[str, ...] = DATE_PARTS


def _is_digits(text: str) -> bool:
    return text.isascii() and text.isdigit()  # not "²" or other Unicode digits


def _number(text: str, lowest: int, highest: int) -> int | None:
    if not _is_digits(text):
        return None
    # Leading zeros are fine; too many digits is simply wrong (and int()
    # refuses a string of over 4,300 of them).
    significant = text.lstrip("0") or "0"
    if len(significant) > len(str(highest)):
        return None
    number = int(significant)
    return number if lowest <= number <= highest else None


def read_date_parts(values) -> DateReading:
    """Read [day, month, year] as typed: spaces ignored, leading zeros and
    month names allowed, the year in 4 digits."""
    values = list(values or ()) + [None, None, None]
    day, month, year = ("".join(str(v).split()) if v is not None else "" for v in values[:3])
    missing = tuple(
        part for part, text in zip(DATE_PARTS, (day, month, year), strict=True) if not text
    )
    if len(missing) == len(DATE_PARTS):
        return DateReading(error="required")
    if missing:
        return DateReading(error="incomplete", parts=missing)
    if _is_digits(year) and len(year) != 4:
        return DateReading(error="year_length", parts=("year",))
    numbers = {
        "day": _number(day, 1, 31),
        "month": _number(month, 1, 12) or _MONTH_NUMBERS.get(month.lower()),
        "year": _number(year, 1, 9999) if len(year) == 4 else None,
    }
    valid = {part: number for part, number in numbers.items() if number is not None}
    wrong = tuple(part for part in numbers if part not in valid)
    if wrong:
        # One wrong part is highlighted alone; more than one, the whole date.
        return DateReading(error="invalid", parts=wrong if len(wrong) == 1 else DATE_PARTS)
    try:
        return DateReading(value=date(valid["year"], valid["month"], valid["day"]), parts=())
    except ValueError:  # 31 April, 29 February in a common year: the day is wrong
        return DateReading(error="invalid", parts=("day",))


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK date input: Day, Month and Year text inputs with numeric
    keyboards. Re-renders what the user typed; with an error, marks only the
    parts that are wrong (or all three when the date as a whole is)."""

    template_name = "govuk/forms/date_input.html"
    use_fieldset = True
    PARTS = (
        ("day", "Day", "govuk-input--width-2"),
        ("month", "Month", "govuk-input--width-2"),
        ("year", "Year", "govuk-input--width-4"),
    )

    def __init__(self, attrs=None):
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            part: forms.TextInput(attrs={"inputmode": "numeric"}) for part, _, _ in self.PARTS
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if value:
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        in_error = widget_attrs.get("aria-invalid") == "true" or "govuk-input--error" in str(
            widget_attrs.get("class", "")
        )
        error_parts: tuple[str, ...] = ()
        if in_error:
            values = value if isinstance(value, list | tuple) else self.decompress(value)
            error_parts = read_date_parts(values).parts or DATE_PARTS
        for subwidget, (part, label, width) in zip(
            context["widget"]["subwidgets"], self.PARTS, strict=True
        ):
            classes = ["govuk-input", "govuk-date-input__input", width]
            sub_attrs = subwidget["attrs"]
            if part in error_parts:
                classes.append("govuk-input--error")
            else:
                sub_attrs.pop("aria-invalid", None)
            sub_attrs["class"] = " ".join(classes)
            subwidget["label"] = label
        return context


class GovukDateField(forms.MultiValueField):
    """A date asked for with the GOV.UK date input, and its errors worded as
    the Design System says, naming the date as `name_in_errors`:

        GovukDateField(label="Date of birth", name_in_errors="date of birth",
                       must_be_in_past=True)

    gives "Enter date of birth", "Date of birth must include a month",
    "Date of birth must be a real date", "Date of birth must be in the past".
    `min_date`/`max_date` (dates, or callables returning one) give "... must
    be the same as or after 1 September 2017" and so on. Any message can be
    replaced through `error_messages`, with %(name)s, %(Name)s, %(missing)s,
    %(min)s and %(max)s to fill in.
    """

    widget = GovukDateInput
    default_error_messages = {
        "required": "Enter %(name)s",
        "incomplete": "%(Name)s must include a %(missing)s",
        "year_length": "Year must include 4 numbers",
        "invalid": "%(Name)s must be a real date",
        "past": "%(Name)s must be in the past",
        "today_or_past": "%(Name)s must be today or in the past",
        "future": "%(Name)s must be in the future",
        "today_or_future": "%(Name)s must be today or in the future",
        "min": "%(Name)s must be the same as or after %(min)s",
        "max": "%(Name)s must be the same as or before %(max)s",
        "between": "%(Name)s must be between %(min)s and %(max)s",
    }

    def __init__(
        self,
        *,
        name_in_errors: str = "",
        must_be_in_past: bool = False,
        must_be_today_or_in_past: bool = False,
        must_be_in_future: bool = False,
        must_be_today_or_in_future: bool = False,
        min_date=None,
        max_date=None,
        **kwargs,
    ):
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields, **kwargs)
        label = str(self.label or "the date")
        self.name_in_errors = name_in_errors or label[:1].lower() + label[1:]
        self.must_be_in_past = must_be_in_past
        self.must_be_today_or_in_past = must_be_today_or_in_past
        self.must_be_in_future = must_be_in_future
        self.must_be_today_or_in_future = must_be_today_or_in_future
        self.min_date = min_date
        self.max_date = max_date

    def _error(self, code: str, **params) -> ValidationError:
        name = self.name_in_errors
        return ValidationError(
            self.error_messages[code],
            code=code,
            params={"name": name, "Name": name[:1].upper() + name[1:], **params},
        )

    def compress(self, data_list):
        return read_date_parts(data_list).value

    def clean(self, value):
        if self.disabled and not isinstance(value, list):
            assert isinstance(self.widget, forms.MultiWidget)
            value = self.widget.decompress(value)
        reading = read_date_parts(value)
        if reading.error == "required":
            if self.required:
                raise self._error("required")
            return None
        if reading.error == "incomplete":
            raise self._error("incomplete", missing=" and ".join(reading.parts))
        if reading.error:
            raise self._error(reading.error)
        assert reading.value is not None  # a reading without an error has a date
        self.check_rules(reading.value)
        self.run_validators(reading.value)
        return reading.value

    def check_rules(self, value: date) -> None:
        today = timezone.localdate()
        if self.must_be_in_past and value >= today:
            raise self._error("past")
        if self.must_be_today_or_in_past and value > today:
            raise self._error("today_or_past")
        if self.must_be_in_future and value <= today:
            raise self._error("future")
        if self.must_be_today_or_in_future and value < today:
            raise self._error("today_or_future")
        earliest = self.min_date() if callable(self.min_date) else self.min_date
        latest = self.max_date() if callable(self.max_date) else self.max_date
        too_early = earliest is not None and value < earliest
        too_late = latest is not None and value > latest
        if too_early or too_late:
            bounds = {
                "min": govuk_date(earliest) if earliest else "",
                "max": govuk_date(latest) if latest else "",
            }
            code = "between" if earliest and latest else "min" if too_early else "max"
            raise self._error(code, **bounds)


class _TidiedTextField(forms.CharField):
    """A text input whose value is tidied, then checked, by `tidy`; `what`
    names the value in the error message."""

    default_max_length = 10
    input_attrs: dict[str, str] = {}

    def __init__(self, *, what: str, **kwargs):
        kwargs.setdefault("max_length", self.default_max_length)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={**self.input_attrs, "autocomplete": "off"})
        )
        super().__init__(**kwargs)
        self.what = what

    def clean(self, value):
        value = super().clean(value)
        return self.tidy(value) if value else value

    def tidy(self, value: str) -> str:
        raise NotImplementedError


class PostcodeField(_TidiedTextField):
    input_attrs = {"class": "govuk-input--width-10"}

    def __init__(self, *, what: str = "postcode", **kwargs):
        super().__init__(what=what, **kwargs)

    def tidy(self, value: str) -> str:
        value = normalise_postcode(value)
        if not POSTCODE.match(value):
            raise forms.ValidationError(f"Enter a real {self.what}, like LE1 2AB")
        return value


class PhoneField(_TidiedTextField):
    """A UK phone number, or one outside the UK written with its country code
    (+48 22 123 4567; 00 48 ... is read as +48 ...). Spaces, brackets, dots
    and dashes are ignored."""

    default_max_length = 20
    input_attrs = {"type": "tel", "class": "govuk-input--width-20"}

    def __init__(self, *, what: str = "phone number", **kwargs):
        super().__init__(what=what, **kwargs)

    def tidy(self, value: str) -> str:
        compact = normalise_phone(value)
        if compact.startswith("00"):
            compact = "+" + compact[2:]
        if not (UK_PHONE.match(compact) or INTERNATIONAL_PHONE.match(compact)):
            raise forms.ValidationError(
                f"Enter a {self.what} in the correct format, like 01632 960 001 or 07700 900 982, "
                "or for a number outside the UK, its country code and number, like +48 22 123 4567"
            )
        return compact


class HintedRadioSelect(forms.RadioSelect):
    """GOV.UK radios with a hint under each option's label: `hints` maps a
    choice's value to its hint."""

    template_name = "django/forms/widgets/radio_with_hints.html"

    def __init__(self, attrs=None, choices=(), hints=None):
        super().__init__(attrs, choices)
        self.hints = dict(hints or {})

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["hint"] = self.hints.get(str(value), "")
        return option
