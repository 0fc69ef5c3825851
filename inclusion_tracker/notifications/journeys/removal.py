"""Removal from roll: the deletion return. When a school deletes a pupil's
name from its admission register under one of the grounds A to O
(regulation 9(1) of the School Attendance (Pupil Registration) (England)
Regulations 2024), regulation 13 says it must send the LA the child's name and
address, the name and address of each parent the child normally lives with
with at least one emergency phone number, what it knows of the child's future
address and new school, and the ground (shared/reference/statutory.md §1.2 to
§1.4). It is due as soon as the ground is met, and no later than the deletion.

When the school does not know where the child is going, the Inclusion service
must make enquiries to find them: the notification is marked as needing a
children-missing-education (CME) enquiry. Grounds H and I need the school and
the LA to have made joint reasonable enquiries first, and ground I at least 20
school days of continuous absence (statutory.md §3.3).
"""

from datetime import date

from django import forms
from django.conf import settings
from django.utils import timezone

from inclusion_tracker.core.forms import GovukDateField, PhoneField, PostcodeField, govuk_date
from inclusion_tracker.core.school_days import count_school_days
from inclusion_tracker.establishments.models import Establishment
from inclusion_tracker.notifications import deletion_grounds
from inclusion_tracker.notifications.journeys.base import (
    CollectionPage,
    Journey,
    Page,
    QuestionForm,
)
from inclusion_tracker.notifications.journeys.common import (
    CHILD_PAGES,
    ESTABLISHMENT_PAGE,
    FLAGS_PAGE,
    yes_no_field,
)
from inclusion_tracker.notifications.models import (
    DestinationKnown,
    Kind,
    RemovalFromRoll,
    RemovalParent,
)

_NO_AUTOFILL = {"spellcheck": "false", "autocomplete": "off"}
NEW_SCHOOL_GROUND = "A"
HOME_EDUCATION_GROUND = "F"
MOVED_AWAY_GROUND = "G"
CONTINUOUS_ABSENCE_GROUND = "I"
DIED_GROUND = "K"
# Grounds whose answer says where the child is going: the new school (A) or
# the new address (G). For these the school is not asked whether it knows.
DESTINATION_GIVEN_BY_GROUND = frozenset({NEW_SCHOOL_GROUND, MOVED_AWAY_GROUND})
# Grounds H and I are used only when joint enquiries have failed to find the
# child: reg 9(1)(h) and (i). Their destination is unknown by definition.
DESTINATION_UNKNOWN_BY_GROUND = deletion_grounds.JOINT_ENQUIRY_GROUNDS
# Pages whose questions depend on the ground: asked again when it changes.
GROUND_SPECIFIC_PAGES = ("new-school", "new-school-start", "parent-notice", "absence")
FORWARDING_PAGES = ("destination", "future-address", "future-school")
SEARCH_RESULTS_SHOWN = 20


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


def ground_i_absence_error(first_day: date, ground_met_on: date) -> str:
    """Why ground I cannot be used yet, or "" when the child has been absent long enough."""
    minimum = deletion_grounds.GROUND_I_MINIMUM_SCHOOL_DAYS
    days = count_school_days(first_day, ground_met_on)
    if days >= minimum:
        return ""
    return (
        f"The child must have been absent for at least {minimum} school days before the school "
        f"can use ground I. From {govuk_date(first_day)} to {govuk_date(ground_met_on)} is "
        f"{days} school day{'' if days == 1 else 's'}"
    )


def _address(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


# Parents ---------------------------------------------------------------------


class ParentForm(QuestionForm):
    lives_at_child_address = yes_no_field(
        "Do they live at the child's address?",
        "Select yes if the parent lives at the child's address",
    )
    postcode = PostcodeField(label="Postcode", required=False)
    emergency_phone = PhoneField(
        label="Emergency phone number",
        what="phone number for emergencies",
        help_text="For example, 07700 900 982 or 0116 496 0123",
        error_messages={"required": "Enter an emergency phone number for the parent"},
    )
    other_phone = PhoneField(label="Other phone number (optional)", required=False)

    class Meta:
        model = RemovalParent
        fields = [
            "full_name",
            "relationship",
            "lives_at_child_address",
            "address_line_1",
            "address_line_2",
            "town",
            "postcode",
            "emergency_phone",
            "other_phone",
        ]
        labels = {
            "full_name": "Full name",
            "relationship": "Relationship to the child",
            "address_line_1": "Address line 1",
            "address_line_2": "Address line 2 (optional)",
            "town": "Town or city",
        }
        help_texts = {
            "relationship": "For example, mother, father, grandparent or foster carer",
            "address_line_1": "Only if they do not live at the child's address",
        }
        error_messages = {
            "full_name": {
                "required": "Enter the parent's full name",
                "max_length": "Full name must be 150 characters or less",
            },
            "relationship": {
                "required": "Enter the parent's relationship to the child",
                "max_length": "Relationship to the child must be 50 characters or less",
            },
        }
        widgets = {
            "full_name": forms.TextInput(attrs=_NO_AUTOFILL),
            "address_line_1": forms.TextInput(attrs=_NO_AUTOFILL),
            "address_line_2": forms.TextInput(attrs=_NO_AUTOFILL),
        }

    def __init__(self, *args, **kwargs):
        kwargs.pop("instance", None)
        super().__init__(*args, **kwargs)
        self.fields["relationship"].required = True
        # GOV.UK radios start with nothing selected.
        self.initial["lives_at_child_address"] = None
        if self.notification.address:
            self.fields[
                "lives_at_child_address"
            ].help_text = f"The child's address is {self.notification.address}"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("lives_at_child_address") is False:
            for name, message in (
                ("address_line_1", "Enter address line 1, typically the building and street"),
                ("town", "Enter the town or city"),
                ("postcode", "Enter the postcode"),
            ):
                if not cleaned.get(name, "").strip() and name not in self.errors:
                    self.add_error(name, message)
        elif cleaned.get("lives_at_child_address"):
            for name in ("address_line_1", "address_line_2", "town", "postcode"):
                cleaned[name] = ""
        return cleaned

    def save(self, commit=True):
        self.instance.removal = self.notification.details
        return super().save(commit)


def describe_parent(parent: RemovalParent) -> str:
    name = (
        f"{parent.full_name} ({parent.relationship})" if parent.relationship else parent.full_name
    )
    if parent.lives_at_child_address:
        where = "lives at the child's address"
    else:
        parts = (parent.address_line_1, parent.address_line_2, parent.town, parent.postcode)
        where = ", ".join(part for part in parts if part)
    phones = f"emergency phone {parent.emergency_phone}"
    if parent.other_phone:
        phones += f", other phone {parent.other_phone}"
    return f"{name}, {where}, {phones}"


# The ground and its dates ------------------------------------------------------


class GroundForm(QuestionForm):
    ground = forms.ChoiceField(
        label="Why is the child being removed from the admission register?",
        help_text="Choose the ground from regulation 9(1) of the School Attendance (Pupil Registration) (England) Regulations 2024",
        choices=deletion_grounds.CHOICES,
        widget=HintedRadioSelect(
            hints={ground.letter: ground.explanation for ground in deletion_grounds.GROUNDS}
        ),
        error_messages={
            "required": "Select why the child is being removed from the admission register",
            "invalid_choice": "Select one of the grounds A to O",
        },
    )
    heading_field = "ground"

    class Meta:
        model = RemovalFromRoll
        fields = ["ground"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ground"].summary_label = "Ground"

    def save(self, commit=True):
        removal = self.instance
        previous = self.initial.get("ground") or ""
        if removal.ground != previous:
            self._forget_answers_for(previous, removal)
        return super().save(commit)

    def _forget_answers_for(self, previous: str, removal: RemovalFromRoll) -> None:
        """A new ground asks its own questions again; answers that only made
        sense for the old ground are cleared."""
        ground = removal.ground
        if ground != NEW_SCHOOL_GROUND:
            removal.new_school = None
        if ground != HOME_EDUCATION_GROUND:
            removal.parent_notice_date = None
        if ground not in deletion_grounds.JOINT_ENQUIRY_GROUNDS:
            removal.first_day_of_absence = None
            removal.joint_enquiries_confirmed = False
        forget = set(GROUND_SPECIFIC_PAGES)
        if _destination_rule(previous) != _destination_rule(ground):
            forget |= set(FORWARDING_PAGES)
            removal.destination_known = {
                "given": DestinationKnown.KNOWN,
                "unknown": DestinationKnown.NOT_KNOWN,
            }.get(_destination_rule(ground), "")
        notification = self.notification
        notification.completed_pages = [
            slug for slug in notification.completed_pages if slug not in forget
        ]
        notification.save(update_fields=["completed_pages", "updated_at"])


def _destination_rule(ground: str) -> str:
    if ground in DESTINATION_GIVEN_BY_GROUND:
        return "given"
    if ground in DESTINATION_UNKNOWN_BY_GROUND:
        return "unknown"
    if ground == DIED_GROUND:
        return "none"
    return "asked"


class RemovalDatesForm(QuestionForm):
    ground_met_on = GovukDateField(
        label="Date the ground for removal was met",
        help_text="For example, 27 3 2026",
        name_in_errors="date the ground was met",
        error_messages={"required": "Enter the date the ground for removal was met"},
    )
    deletion_date = GovukDateField(
        label="Date the child's name is, or will be, deleted from the admission register",
        help_text="The deletion date. It must be the same as or after the date the ground was met. For example, 30 3 2026",
        name_in_errors="deletion date",
        error_messages={"required": "Enter the deletion date"},
    )

    class Meta:
        model = RemovalFromRoll
        fields = ["ground_met_on", "deletion_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ground_met_on"].summary_label = "Date the ground was met"
        self.fields["deletion_date"].summary_label = "Deletion date"

    def clean(self):
        cleaned = super().clean()
        met, deletion = cleaned.get("ground_met_on"), cleaned.get("deletion_date")
        if met and deletion and deletion < met:
            self.add_error(
                "deletion_date",
                f"The deletion date must be the same as or after the date the ground was met, {govuk_date(met)}",
            )
        return cleaned


# Ground A: the new school ------------------------------------------------------


def describe_establishment(establishment: Establishment) -> str:
    parts = [f"URN {establishment.urn}", establishment.la_name, establishment.postcode]
    return ", ".join(part for part in parts if part)


class NewSchoolForm(QuestionForm):
    """Pick the new school from a search of establishments (the search is a
    GET form on the same page, so it works without JavaScript), or enter one
    that is not in the list with its local authority."""

    new_school = forms.ModelChoiceField(
        label="Select the new school",
        queryset=Establishment.objects.none(),
        required=False,
        widget=HintedRadioSelect,
        error_messages={"invalid_choice": "Select a school from the search results"},
    )

    class Meta:
        model = RemovalFromRoll
        fields = ["new_school", "new_school_name", "new_school_la"]
        labels = {
            "new_school_name": "Name of the school",
            "new_school_la": "Local authority",
        }
        help_texts = {
            "new_school_la": "For example, Leicester City or Rutland. For a school outside England, give the country",
        }
        error_messages = {
            "new_school_name": {"max_length": "Name of the school must be 200 characters or less"},
            "new_school_la": {"max_length": "Local authority must be 100 characters or less"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any open school but the one the child is leaving: a school id typed
        # into the form data can pick nothing else.
        field = self.fields["new_school"]
        field.queryset = (
            Establishment.objects.open()
            .exclude(is_early_years_setting=True)
            .exclude(pk=self.notification.establishment_id)
        )
        field.empty_label = None
        self._show([])

    def _chosen(self) -> Establishment | None:
        if self.is_bound:
            try:
                return self.fields["new_school"].clean(self.data.get("new_school"))
            except forms.ValidationError:
                return None
        return self.instance.new_school

    def _show(self, schools) -> None:
        chosen = self._chosen()
        if chosen and chosen not in schools:
            schools = [chosen, *schools]
        widget = self.fields["new_school"].widget
        widget.choices = [(school.pk, school.name) for school in schools]
        widget.hints = {str(school.pk): describe_establishment(school) for school in schools}

    def search(self, query: str) -> dict:
        """Offer the establishments matching the query (by name, URN or DfE
        number) as the radios, with the school already chosen."""
        query = (query or "").strip()[:100]
        results = []
        if query:
            results = list(
                self.fields["new_school"]
                .queryset.search(query)
                .order_by("name")[: SEARCH_RESULTS_SHOWN + 1]
            )
        self._show(results[:SEARCH_RESULTS_SHOWN])
        return {
            "query": query,
            "results": results[:SEARCH_RESULTS_SHOWN],
            "more": len(results) > SEARCH_RESULTS_SHOWN,
            "offered": bool(self.fields["new_school"].widget.choices),
        }

    def clean(self):
        cleaned = super().clean()
        if "new_school" in self.errors:
            return cleaned
        school = cleaned.get("new_school")
        name = cleaned.get("new_school_name", "").strip()
        la = cleaned.get("new_school_la", "").strip()
        if school and (name or la):
            self.add_error(
                "new_school_name",
                "Select a school from the search results or enter a school that is not in the list, not both",
            )
        elif not school and not name and not la:
            self.add_error(
                "new_school_name",
                "Search for the new school and select it, or enter the name of a school that is not in the list",
            )
        elif not school:
            if not name:
                self.add_error("new_school_name", "Enter the name of the new school")
            if not la:
                self.add_error("new_school_la", "Enter the new school's local authority")
        cleaned["new_school_name"], cleaned["new_school_la"] = name, la
        return cleaned

    def save(self, commit=True):
        self.instance.destination_known = DestinationKnown.KNOWN
        return super().save(commit)

    def summary_rows(self):
        removal = self.instance
        if removal.new_school:
            value = f"{removal.new_school.name}\n{describe_establishment(removal.new_school)}"
        elif removal.new_school_name:
            value = f"{removal.new_school_name}\n{removal.new_school_la} (not in the list)"
        else:
            value = "Not given"
        return [("New school", value)]


class NewSchoolStartForm(QuestionForm):
    new_school_start_date = GovukDateField(
        label="When did the child start, or when will they start, at the new school?",
        help_text="For example, 13 4 2026",
        name_in_errors="start date at the new school",
        error_messages={"required": "Enter the date the child starts at the new school"},
    )
    heading_field = "new_school_start_date"

    class Meta:
        model = RemovalFromRoll
        fields = ["new_school_start_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_school_start_date"].summary_label = "Start date"


# Ground F: the parent's written notice of home education ---------------------


class ParentNoticeForm(QuestionForm):
    parent_notice_date = GovukDateField(
        label="When did the parent tell the school in writing?",
        help_text="The date of the parent's letter or email saying the child is, or will be, educated at home. For example, 27 2 2026",
        name_in_errors="date of the parent's written notice",
        must_be_today_or_in_past=True,
        error_messages={"required": "Enter the date of the parent's written notice"},
    )
    heading_field = "parent_notice_date"

    class Meta:
        model = RemovalFromRoll
        fields = ["parent_notice_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent_notice_date"].summary_label = "Date of the parent's written notice"


# Grounds H and I: absence and joint reasonable enquiries ---------------------


class AbsenceForm(QuestionForm):
    first_day_of_absence = GovukDateField(
        label="First day of absence",
        name_in_errors="first day of absence",
        must_be_today_or_in_past=True,
        error_messages={"required": "Enter the first day of absence"},
    )
    joint_enquiries_confirmed = forms.BooleanField(
        label="The school and the local authority have made joint reasonable enquiries and have not found out where the child is",
        error_messages={
            "required": "Confirm that the school and the local authority have made joint reasonable enquiries"
        },
    )

    class Meta:
        model = RemovalFromRoll
        fields = ["first_day_of_absence", "joint_enquiries_confirmed"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        minimum = deletion_grounds.GROUND_I_MINIMUM_SCHOOL_DAYS
        first_day = self.fields["first_day_of_absence"]
        if self.instance.ground == CONTINUOUS_ABSENCE_GROUND:
            first_day.help_text = (
                f"The first school day the child was absent. For ground I the child must have been "
                f"absent for at least {minimum} school days up to the date the ground was met. We count "
                f"school days as Monday to Friday, less bank holidays: check that the school was open on {minimum} of them. "
                "For example, 2 3 2026"
            )
        else:
            first_day.help_text = "The first school day the child was expected back and did not come. For example, 2 3 2026"
        self.fields["joint_enquiries_confirmed"].summary_label = "Joint reasonable enquiries made"

    def clean(self):
        cleaned = super().clean()
        first_day, met = cleaned.get("first_day_of_absence"), self.instance.ground_met_on
        if first_day and met:
            if first_day >= met:
                self.add_error(
                    "first_day_of_absence",
                    f"The first day of absence must be before the date the ground was met, {govuk_date(met)}",
                )
            elif self.instance.ground == CONTINUOUS_ABSENCE_GROUND and (
                error := ground_i_absence_error(first_day, met)
            ):
                self.add_error("first_day_of_absence", error)
        return cleaned


# Forwarding information ---------------------------------------------------------


class DestinationForm(QuestionForm):
    destination_known = forms.ChoiceField(
        label="Do you know where the child is going?",
        help_text="Where the child will live after they leave your school. If you do not know, the Inclusion service will make enquiries to find the child (a children missing education enquiry).",
        choices=DestinationKnown.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you know where the child is going"},
    )
    heading_field = "destination_known"

    class Meta:
        model = RemovalFromRoll
        fields = ["destination_known"]

    def save(self, commit=True):
        removal = self.instance
        if removal.destination_known == DestinationKnown.NOT_KNOWN:
            for name in (
                "future_address_line_1",
                "future_address_line_2",
                "future_town",
                "future_postcode",
                "future_parent_name",
                "new_school_name",
                "new_school_la",
            ):
                setattr(removal, name, "")
            removal.future_address_from = None
            removal.new_school_start_date = None
        return super().save(commit)


class FutureAddressForm(QuestionForm):
    future_postcode = PostcodeField(
        label="Postcode",
        required=False,
        help_text="Leave this empty if the address is outside the UK",
    )
    future_address_from = GovukDateField(
        label="Date the child will live there from",
        help_text="For example, 4 4 2026",
        name_in_errors="date the child will live at the new address",
        required=False,
    )

    class Meta:
        model = RemovalFromRoll
        fields = [
            "future_address_line_1",
            "future_address_line_2",
            "future_town",
            "future_postcode",
            "future_address_from",
            "future_parent_name",
        ]
        labels = {
            "future_address_line_1": "Address line 1",
            "future_address_line_2": "Address line 2 (optional)",
            "future_town": "Town or city",
            "future_parent_name": "Name of the parent the child will live with (optional)",
        }
        help_texts = {
            "future_address_line_2": "If the child is moving abroad, include the country",
        }
        widgets = {
            "future_address_line_1": forms.TextInput(attrs=_NO_AUTOFILL),
            "future_address_line_2": forms.TextInput(attrs=_NO_AUTOFILL),
            "future_parent_name": forms.TextInput(attrs=_NO_AUTOFILL),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ground = self.instance.ground
        # Ground A tells us the new school; the address is given only if the child moves.
        self.address_required = ground != NEW_SCHOOL_GROUND
        if ground == NEW_SCHOOL_GROUND:
            self.fields[
                "future_address_line_1"
            ].help_text = "Only if the child is moving home. Leave this page empty if they are not, or you do not know"
        elif ground == MOVED_AWAY_GROUND:
            self.fields[
                "future_address_line_1"
            ].help_text = (
                "Ground G is for a child who has moved away: give the address they have moved to"
            )

    def clean(self):
        cleaned = super().clean()
        given = any(cleaned.get(name) or name in self.errors for name in self.Meta.fields)
        if self.address_required or given:
            for name, message in (
                (
                    "future_address_line_1",
                    "Enter address line 1, typically the building and street",
                ),
                ("future_town", "Enter the town or city"),
            ):
                if not cleaned.get(name, "").strip() and name not in self.errors:
                    self.add_error(name, message)
            if not cleaned.get("future_address_from") and "future_address_from" not in self.errors:
                self.add_error(
                    "future_address_from", "Enter the date the child will live at the new address"
                )
        return cleaned

    def summary_rows(self):
        removal = self.instance
        address = _address(
            removal.future_address_line_1,
            removal.future_address_line_2,
            removal.future_town,
            removal.future_postcode,
        )
        return [
            ("New address", address or "Not given"),
            (
                "Living there from",
                govuk_date(removal.future_address_from)
                if removal.future_address_from
                else "Not given",
            ),
            ("Parent the child will live with", removal.future_parent_name or "Not given"),
        ]


class FutureSchoolForm(QuestionForm):
    new_school_start_date = GovukDateField(
        label="Date the child starts at the new school (optional)",
        help_text="For example, 13 4 2026",
        name_in_errors="start date at the new school",
        required=False,
    )

    class Meta:
        model = RemovalFromRoll
        fields = ["new_school_name", "new_school_la", "new_school_start_date"]
        labels = {
            "new_school_name": "Name of the new school (optional)",
            "new_school_la": "Its local authority (optional)",
        }
        help_texts = {
            "new_school_la": "For example, Leicester City or Rutland. For a school outside England, give the country",
        }
        error_messages = {
            "new_school_name": {"max_length": "Name of the school must be 200 characters or less"},
            "new_school_la": {"max_length": "Local authority must be 100 characters or less"},
        }

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("new_school_name", "").strip()
        if not name and (
            cleaned.get("new_school_la", "").strip() or cleaned.get("new_school_start_date")
        ):
            self.add_error("new_school_name", "Enter the name of the new school")
        return cleaned


# When each page applies ----------------------------------------------------------


def _ground(notification) -> str:
    return notification.details.ground


def ground_is_a(notification) -> bool:
    return _ground(notification) == NEW_SCHOOL_GROUND


def ground_is_f(notification) -> bool:
    return _ground(notification) == HOME_EDUCATION_GROUND


def needs_joint_enquiries(notification) -> bool:
    return _ground(notification) in deletion_grounds.JOINT_ENQUIRY_GROUNDS


def asks_about_destination(notification) -> bool:
    ground = _ground(notification)
    return bool(ground) and _destination_rule(ground) == "asked"


def destination_is_known(notification) -> bool:
    return notification.details.destination_known == DestinationKnown.KNOWN


def asks_about_future_school(notification) -> bool:
    return destination_is_known(notification) and not ground_is_a(notification)


# Check your answers, sending and afterwards --------------------------------------


def check_warnings(notification) -> list[str]:
    removal = notification.details
    warnings = []
    if removal.is_late:
        warnings.append(
            f"The deletion date, {govuk_date(removal.deletion_date)}, is in the past, so this return "
            "is late. Send a deletion return as soon as the ground is met, and no later than the "
            "deletion date."
        )
    if removal.needs_cme_enquiry:
        warnings.append(
            "You have said you do not know where the child is going. After you send this, phone "
            f"the Inclusion service on {settings.INCLUSION_SERVICE_PHONE}."
        )
    return warnings


def submission_errors(notification) -> list[tuple[str, str]]:
    """Rules that span pages, checked again before sending: (message, page slug).
    Pages not answered yet are listed by the check page already."""
    removal = notification.details
    answered = set(notification.completed_pages)
    errors = []
    met, deletion = removal.ground_met_on, removal.deletion_date
    if met and deletion and deletion < met:
        errors.append(
            ("The deletion date must be the same as or after the date the ground was met", "dates")
        )
    if (
        removal.ground == NEW_SCHOOL_GROUND
        and "new-school" in answered
        and not (removal.new_school_id or removal.new_school_name)
    ):
        errors.append(
            ("Select the new school, or enter a school that is not in the list", "new-school")
        )
    if removal.ground in deletion_grounds.JOINT_ENQUIRY_GROUNDS and "absence" in answered:
        first_day = removal.first_day_of_absence
        if not removal.joint_enquiries_confirmed:
            errors.append(
                (
                    "Confirm that the school and the local authority have made joint reasonable enquiries",
                    "absence",
                )
            )
        if first_day and met and first_day >= met:
            errors.append(
                ("The first day of absence must be before the date the ground was met", "absence")
            )
        elif (
            first_day
            and met
            and removal.ground == CONTINUOUS_ABSENCE_GROUND
            and (error := ground_i_absence_error(first_day, met))
        ):
            errors.append((error, "absence"))
    if (
        removal.ground == MOVED_AWAY_GROUND
        and "future-address" in answered
        and not (removal.future_address_line_1 and removal.future_town)
    ):
        errors.append(
            (
                "Enter the child's new address: ground G is for a child who has moved away",
                "future-address",
            )
        )
    return errors


def what_happens_next(notification) -> list[str]:
    removal = notification.details
    phone = settings.INCLUSION_SERVICE_PHONE
    steps = [
        "The Inclusion service will check the deletion return and contact you if they need to know more."
    ]
    if removal.needs_cme_enquiry:
        steps.append(
            "Tell the Inclusion service anything that could help find the child, such as the last "
            f"contact with the family or brothers' and sisters' schools. If you find out where the "
            f"child is, phone {phone} straight away."
        )
    if removal.ground == NEW_SCHOOL_GROUND and removal.new_school:
        steps.append(
            f"The Inclusion service may check with {removal.new_school.name} that the child has started there."
        )
    if removal.deletion_date and removal.deletion_date >= timezone.localdate():
        steps.append(
            f"Delete the child's name from your admission register on {govuk_date(removal.deletion_date)}, not before."
        )
    return steps


JOURNEY = Journey(
    kind=Kind.REMOVAL_FROM_ROLL,
    title="Removal from roll",
    description="Tell us whenever you delete a child's name from your admission register, under any of the grounds A to O (a deletion return).",
    due="As soon as the ground for removal is met, and no later than the day you delete the child's name",
    create_details=lambda notification: RemovalFromRoll.objects.create(notification=notification),
    pages=(
        ESTABLISHMENT_PAGE,
        *CHILD_PAGES,
        CollectionPage(
            "parents",
            "Parent",
            ParentForm,
            edits="details",
            caption="Parents the child normally lives with",
            items=lambda notification: notification.details.parents.all(),
            item_summary=describe_parent,
            add_label="Add this parent",
            empty_message="Add at least one parent the child normally lives with",
        ),
        Page("ground", "Ground for removal", GroundForm, edits="details", caption="The removal"),
        Page(
            "dates",
            "Date the ground was met and deletion date",
            RemovalDatesForm,
            edits="details",
            caption="The removal",
        ),
        Page(
            "new-school",
            "The child's new school",
            NewSchoolForm,
            edits="details",
            applies=ground_is_a,
            caption="The removal",
            template="notifications/removal_new_school.html",
        ),
        Page(
            "new-school-start",
            "Start date at the new school",
            NewSchoolStartForm,
            edits="details",
            applies=ground_is_a,
            caption="The removal",
        ),
        Page(
            "parent-notice",
            "Parent's written notice",
            ParentNoticeForm,
            edits="details",
            applies=ground_is_f,
            caption="The removal",
        ),
        Page(
            "absence",
            "Absence and joint reasonable enquiries",
            AbsenceForm,
            edits="details",
            applies=needs_joint_enquiries,
            caption="The removal",
        ),
        Page(
            "destination",
            "Where the child is going",
            DestinationForm,
            edits="details",
            applies=asks_about_destination,
            caption="Where the child is going",
        ),
        Page(
            "future-address",
            "The child's new address",
            FutureAddressForm,
            edits="details",
            applies=destination_is_known,
            caption="Where the child is going",
        ),
        Page(
            "future-school",
            "The child's next school",
            FutureSchoolForm,
            edits="details",
            applies=asks_about_future_school,
            caption="Where the child is going",
            intro="If you know the school the child will go to next, tell us. Leave this page empty if you do not know.",
        ),
        FLAGS_PAGE,
    ),
    check_warnings=check_warnings,
    submission_errors=submission_errors,
    what_happens_next=what_happens_next,
)
