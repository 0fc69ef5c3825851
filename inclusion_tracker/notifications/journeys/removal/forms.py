"""The deletion return's question pages: one form a page, each saving its
answers to the draft. The checks a page shares with the submission check are
the rules in `rules.py`: a form's `clean()` calls them and puts their message
on the field that was answered. The pages' order and when each applies are in
`journey.py`.
"""

from typing import cast

from django import forms
from django.utils import timezone

from inclusion_tracker.core.formatting import POSTCODE, govuk_date, normalise_postcode
from inclusion_tracker.core.forms import GovukDateField, HintedRadioSelect, PhoneField
from inclusion_tracker.establishments.models import Establishment
from inclusion_tracker.notifications import attendance_codes, deletion_grounds
from inclusion_tracker.notifications.deletion_grounds import (
    CONTINUOUS_ABSENCE_GROUND,
    HOME_EDUCATION_GROUND,
    LEAVE_OF_ABSENCE_GROUND,
    MOVED_AWAY_GROUND,
    NEW_SCHOOL_GROUND,
    PERMANENT_EXCLUSION_GROUND,
)
from inclusion_tracker.notifications.journeys.base import QuestionForm
from inclusion_tracker.notifications.journeys.common import yes_no_field
from inclusion_tracker.notifications.journeys.removal import rules
from inclusion_tracker.notifications.models import (
    DestinationKnown,
    ExclusionReview,
    RemovalFromRoll,
    RemovalParent,
)

_NO_AUTOFILL = {"spellcheck": "false", "autocomplete": "off"}
# Ground A's answer says where the child is going: the new school. For it the
# school is not asked whether it knows.
DESTINATION_GIVEN_BY_GROUND = frozenset({NEW_SCHOOL_GROUND})
# Grounds H and I are used only when joint enquiries have failed to find the
# child: reg 9(1)(h) and (i). Their destination is unknown by definition.
DESTINATION_UNKNOWN_BY_GROUND = deletion_grounds.JOINT_ENQUIRY_GROUNDS
# Pages whose questions depend on the ground: asked again when it changes.
GROUND_SPECIFIC_PAGES = (
    "new-school",
    "new-school-start",
    "parent-notice",
    "absence",
    "exclusion-review",
)
UK_COUNTRY_NAMES = frozenset(
    {
        "uk",
        "u.k.",
        "united kingdom",
        "great britain",
        "gb",
        "britain",
        "england",
        "wales",
        "scotland",
        "northern ireland",
    }
)
FORWARDING_PAGES = ("destination", "future-address", "future-school")
SEARCH_RESULTS_SHOWN = 20


SCHOOL_DAYS_HINT = "school days at your school, from your term dates"


def is_uk(country: str) -> bool:
    return not country.strip() or country.strip().lower() in UK_COUNTRY_NAMES


def clean_postcode(form, name: str, country: str, *, required: bool) -> None:
    """A UK address needs a real UK postcode; an address outside the UK may
    have any postcode, or none."""
    value = form.cleaned_data.get(name, "").strip()
    if name in form.errors:
        return
    if not is_uk(country):
        form.cleaned_data[name] = value
        return
    if not value:
        if required:
            form.add_error(
                name, "Enter the postcode, or the country if the address is outside the UK"
            )
        return
    value = normalise_postcode(value)
    if not POSTCODE.match(value):
        form.add_error(
            name,
            "Enter a real postcode, like LE1 2AB. If the address is outside the UK, enter the country",
        )
        return
    form.cleaned_data[name] = value


def postcode_field(label: str = "Postcode", help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=10,
        error_messages={"max_length": "Postcode must be 10 characters or less"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )


def _address(*parts: str) -> str:
    return "\n".join(part for part in parts if part)


# Parents ---------------------------------------------------------------------


class ParentForm(QuestionForm):
    lives_at_child_address = yes_no_field(
        "Do they live at the child's address?",
        "Select yes if the parent lives at the child's address",
    )
    postcode = postcode_field(help_text="Leave this empty if the address is outside the UK")
    emergency_phone = PhoneField(
        label="Emergency phone number",
        what="phone number for emergencies",
        help_text="For example, 07700 900 982 or 0116 496 0123. For a number outside the UK, start with + and the country code, like +48 22 123 4567",
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
            "country",
            "emergency_phone",
            "other_phone",
        ]
        labels = {
            "full_name": "Full name",
            "relationship": "Relationship to the child",
            "address_line_1": "Address line 1",
            "address_line_2": "Address line 2 (optional)",
            "town": "Town or city",
            "country": "Country (only if outside the UK)",
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
            "country": {"max_length": "Country must be 60 characters or less"},
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
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("lives_at_child_address") is False:
            for name, message in (
                ("address_line_1", "Enter address line 1, typically the building and street"),
                ("town", "Enter the town or city"),
            ):
                if not cleaned.get(name, "").strip() and name not in self.errors:
                    self.add_error(name, message)
            country = cleaned.get("country", "")
            clean_postcode(self, "postcode", country, required=True)
            cleaned["country"] = "" if is_uk(country) else country.strip()
        elif cleaned.get("lives_at_child_address"):
            for name in ("address_line_1", "address_line_2", "town", "postcode", "country"):
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
        parts = (
            parent.address_line_1,
            parent.address_line_2,
            parent.town,
            parent.postcode,
            parent.country,
        )
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
        choices=deletion_grounds.COMPULSORY_SCHOOL_AGE_CHOICES,
        widget=HintedRadioSelect(
            hints={ground.letter: ground.explanation for ground in deletion_grounds.ALL_GROUNDS}
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
        field = cast(forms.ChoiceField, self.fields["ground"])
        self.summary_labels["ground"] = "Ground"
        # A child not of compulsory school age (on the deletion date, or today
        # until it is given) is deleted under regulation 9(3), not 9(1).
        if not self.instance.of_compulsory_school_age:
            born = self.notification.date_of_birth
            field.choices = deletion_grounds.NOT_OF_COMPULSORY_SCHOOL_AGE_CHOICES
            field.help_text = (
                f"A child born on {govuk_date(born)} is not of compulsory school age on "
                f"{govuk_date(self.instance.age_checked_on)}, so the grounds are those of "
                "regulation 9(3) of the School Attendance (Pupil Registration) (England) "
                "Regulations 2024"
            )
            field.error_messages["invalid_choice"] = "Select one of the grounds shown"

    def summary_rows(self):
        ground = deletion_grounds.BY_LETTER.get(self.instance.ground)
        return [("Ground", ground.label if ground else "Not given")]

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
            removal.joint_enquiries_confirmed = False
            removal.sickness_or_unavoidable_cause = None
        if ground != CONTINUOUS_ABSENCE_GROUND:
            removal.first_day_of_absence = None
            removal.all_sessions_unauthorised = None
        if ground != LEAVE_OF_ABSENCE_GROUND:
            removal.leave_ended_on = None
        if ground != PERMANENT_EXCLUSION_GROUND:
            removal.exclusion_review = ""
        forget = set(GROUND_SPECIFIC_PAGES)
        if destination_by_ground(previous) != destination_by_ground(ground):
            forget |= set(FORWARDING_PAGES)
            removal.destination_known = {
                "given": DestinationKnown.KNOWN,
                "unknown": DestinationKnown.NOT_KNOWN,
            }.get(destination_by_ground(ground), "")
        notification = self.notification
        notification.completed_pages = [
            slug for slug in notification.completed_pages if slug not in forget
        ]
        notification.save(update_fields=["completed_pages", "updated_at"])


def destination_by_ground(ground: str) -> str:
    """What the ground says about where the child is going: "given" (ground A
    names the new school), "unknown" (grounds H and I), "none" (the child has
    died) or "asked" (every other ground: the destination page asks)."""
    if ground in DESTINATION_GIVEN_BY_GROUND:
        return "given"
    if ground in DESTINATION_UNKNOWN_BY_GROUND:
        return "unknown"
    if ground in deletion_grounds.DIED_GROUNDS:
        return "none"
    return "asked"


class RemovalDatesForm(QuestionForm):
    ground_met_on = GovukDateField(
        label="Date the ground for removal was met",
        help_text="Today or a date in the past: send the return once the ground is met. For example, 27 3 2026",
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
        self.summary_labels["ground_met_on"] = "Date the ground was met"
        self.summary_labels["deletion_date"] = "Deletion date"

    def clean_ground_met_on(self):
        met = self.cleaned_data["ground_met_on"]
        if error := rules.ground_met_today_or_earlier(met, timezone.localdate()):
            raise forms.ValidationError(error)
        return met

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        met, deletion = cleaned.get("ground_met_on"), cleaned.get("deletion_date")
        if met and (error := rules.deletion_on_or_after_ground_met(met, deletion)):
            self.add_error("deletion_date", f"{error}, {govuk_date(met)}")
        if "ground_met_on" in self.errors:
            return cleaned
        removal, notification = self.instance, self.notification
        for error in (
            rules.ground_l_leaves_compulsory_school_age(
                removal.ground, notification.date_of_birth, met, deletion
            ),
            rules.ground_h_10_school_days_after_leave(
                removal.ground, removal.leave_ended_on, met, notification.establishment
            ),
        ):
            if error:
                self.add_error("ground_met_on", error)
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
        field = cast(forms.ModelChoiceField, self.fields["new_school"])
        self.schools_offered = (
            Establishment.objects.open()
            .exclude(is_early_years_setting=True)
            .exclude(pk=self.notification.establishment_id)
        )
        field.queryset = self.schools_offered
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
                self.schools_offered.search(query).order_by("name")[: SEARCH_RESULTS_SHOWN + 1]
            )
        self._show(results[:SEARCH_RESULTS_SHOWN])
        return {
            "query": query,
            "results": results[:SEARCH_RESULTS_SHOWN],
            "more": len(results) > SEARCH_RESULTS_SHOWN,
            "offered": bool(self.fields["new_school"].widget.choices),
        }

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
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
        self.summary_labels["new_school_start_date"] = "Start date"


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
        self.summary_labels["parent_notice_date"] = "Date of the parent's written notice"


# Grounds H and I: absence and joint reasonable enquiries ---------------------


class AbsenceForm(QuestionForm):
    """Grounds H and I: the absence, the conditions the regulation sets, and
    the joint reasonable enquiries. Ground H asks when the leave of absence
    ended; ground I the first day of absence and how it was recorded."""

    leave_ended_on = GovukDateField(
        label="Last day of the leave of absence",
        help_text="The last day the school agreed the child could be away. For example, 27 2 2026",
        name_in_errors="last day of the leave of absence",
        must_be_today_or_in_past=True,
        error_messages={"required": "Enter the last day of the leave of absence"},
    )
    first_day_of_absence = GovukDateField(
        label="First day of absence",
        name_in_errors="first day of absence",
        must_be_today_or_in_past=True,
        error_messages={"required": "Enter the first day of absence"},
    )
    all_sessions_unauthorised = yes_no_field(
        f"Was every session from the first day of absence to the date the ground was met recorded with code {attendance_codes.codes_text(attendance_codes.GROUND_I_CODES)}?",
        "Select yes if every session was recorded as unauthorised absence",
        help_text=", ".join(code.label for code in attendance_codes.GROUND_I_CODES)
        + ". Any other code, such as I (illness) or a present mark, breaks the run of absence",
    )
    sickness_or_unavoidable_cause = yes_no_field(
        "Do you have reasonable grounds to believe the child cannot attend because of sickness or an unavoidable cause?",
        "Select yes if you believe the child cannot attend because of sickness or an unavoidable cause",
        help_text="For example, illness, mental health or anxiety, or a dispute with the local authority about the child's place or transport",
    )
    joint_enquiries_confirmed = forms.BooleanField(
        label="The school and the local authority have made joint reasonable enquiries and have not found out where the child is",
        # Required by rules.joint_enquiries_made, in clean_joint_enquiries_confirmed.
        required=False,
    )

    class Meta:
        model = RemovalFromRoll
        fields = [
            "leave_ended_on",
            "first_day_of_absence",
            "all_sessions_unauthorised",
            "sickness_or_unavoidable_cause",
            "joint_enquiries_confirmed",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ground = self.instance.ground
        if ground == CONTINUOUS_ABSENCE_GROUND:
            del self.fields["leave_ended_on"]
            minimum = deletion_grounds.GROUND_I_MINIMUM_SCHOOL_DAYS
            self.fields["first_day_of_absence"].help_text = (
                f"The first school day the child was absent. For ground I the child must have been "
                f"absent for at least {minimum} {SCHOOL_DAYS_HINT}, up to the date the ground was "
                "met: weekdays in your terms, less bank holidays and your INSET and closure days. "
                "For example, 2 3 2026"
            )
            self.summary_labels["all_sessions_unauthorised"] = (
                "Every session recorded as unauthorised absence"
            )
        else:
            del self.fields["first_day_of_absence"]
            del self.fields["all_sessions_unauthorised"]
            days = deletion_grounds.GROUND_H_SCHOOL_DAYS_AFTER_LEAVE
            self.fields["leave_ended_on"].help_text = (
                "The last day the school agreed the child could be away. Ground H can be used once "
                f"the child has not come back for the {days} {SCHOOL_DAYS_HINT} after it. "
                "For example, 27 2 2026"
            )
        self.summary_labels["sickness_or_unavoidable_cause"] = (
            "Believed unable to attend because of sickness or an unavoidable cause"
        )
        self.summary_labels["joint_enquiries_confirmed"] = "Joint reasonable enquiries made"
        # GOV.UK radios start with nothing selected.
        for name in ("all_sessions_unauthorised", "sickness_or_unavoidable_cause"):
            if name in self.fields and getattr(self.instance, name) is None:
                self.initial[name] = None

    def clean_joint_enquiries_confirmed(self):
        confirmed = self.cleaned_data["joint_enquiries_confirmed"]
        if error := rules.joint_enquiries_made(self.instance.ground, confirmed):
            raise forms.ValidationError(error)
        return confirmed

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        removal, establishment = self.instance, self.notification.establishment
        ground, met = removal.ground, removal.ground_met_on
        if not met:  # the dates page asks for it; the submission check checks these again
            return cleaned
        first_day = cleaned.get("first_day_of_absence")
        # The date the ground was met is on another page, so the messages name it.
        if error := rules.ground_i_absence_began_before_ground_met(ground, first_day, met):
            self.add_error("first_day_of_absence", f"{error}, {govuk_date(met)}")
        elif error := rules.ground_i_absent_20_school_days(ground, first_day, met, establishment):
            self.add_error("first_day_of_absence", error)
        leave_ended = cleaned.get("leave_ended_on")
        if error := rules.ground_h_leave_ended_before_ground_met(ground, leave_ended, met):
            self.add_error("leave_ended_on", f"{error}, {govuk_date(met)}")
        elif error := rules.ground_h_10_school_days_after_leave(
            ground, leave_ended, met, establishment
        ):
            self.add_error(
                "leave_ended_on",
                f"{error}, not {govuk_date(met)}: change the date the ground was met, or this date",
            )
        return cleaned


# Ground O: the permanent exclusion's review ---------------------------------------


class ExclusionReviewForm(QuestionForm):
    exclusion_review = forms.ChoiceField(
        label="Has the time to ask for a review of the permanent exclusion passed, or has a review concluded?",
        help_text="Parents can ask for a review of a permanent exclusion by an independent review panel. The child stays on the admission register until the time to ask has passed, or a review asked for has concluded.",
        choices=ExclusionReview.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the time to ask for a review has passed or a review has concluded"
        },
    )
    heading_field = "exclusion_review"

    class Meta:
        model = RemovalFromRoll
        fields = ["exclusion_review"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.summary_labels["exclusion_review"] = "Review of the exclusion"


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["destination_known"]
        if self.instance.ground == MOVED_AWAY_GROUND:
            # Ground G says the child has moved away: where to is the question.
            field.label = "Do you know the child's new address?"
            field.error_messages["required"] = "Select yes if you know the child's new address"
        if not self.instance.of_compulsory_school_age:
            field.help_text = (
                "Where the child will live after they leave your school. If you do not know, "
                "the Inclusion service will follow this up."
            )

    def save(self, commit=True):
        removal = self.instance
        if removal.destination_known == DestinationKnown.NOT_KNOWN:
            for name in (
                "future_address_line_1",
                "future_address_line_2",
                "future_town",
                "future_postcode",
                "future_country",
                "future_parent_name",
                "new_school_name",
                "new_school_la",
            ):
                setattr(removal, name, "")
            removal.future_address_from = None
            removal.new_school_start_date = None
        return super().save(commit)


class FutureAddressForm(QuestionForm):
    future_postcode = postcode_field(help_text="Leave this empty if the address is outside the UK")
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
            "future_country",
            "future_address_from",
            "future_parent_name",
        ]
        labels = {
            "future_address_line_1": "Address line 1",
            "future_address_line_2": "Address line 2 (optional)",
            "future_town": "Town or city",
            "future_country": "Country (only if outside the UK)",
            "future_parent_name": "Name of the parent the child will live with (optional)",
        }
        error_messages = {
            "future_country": {"max_length": "Country must be 60 characters or less"},
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
        super().clean()
        cleaned = self.cleaned_data
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
        country = cleaned.get("future_country", "")
        clean_postcode(self, "future_postcode", country, required=False)
        cleaned["future_country"] = "" if is_uk(country) else country.strip()
        return cleaned

    def summary_rows(self):
        removal = self.instance
        address = _address(
            removal.future_address_line_1,
            removal.future_address_line_2,
            removal.future_town,
            removal.future_postcode,
            removal.future_country,
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
        super().clean()
        cleaned = self.cleaned_data
        name = cleaned.get("new_school_name", "").strip()
        if not name and (
            cleaned.get("new_school_la", "").strip() or cleaned.get("new_school_start_date")
        ):
            self.add_error("new_school_name", "Enter the name of the new school")
        return cleaned
