from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import Q
from django.http import QueryDict

from inclusion_tracker.establishments.models import Establishment
from inclusion_tracker.support.conditions import (
    EPISODE_KIND_CHOICES,
    FLAG_CHOICES,
    NOTIFICATION_REASON_CHOICES,
    Condition,
)
from inclusion_tracker.support.models import (
    OLDEST_AGE,
    YOUNGEST_AGE,
    DirectReferral,
    Service,
    SuggestionRule,
)
from inclusion_tracker.support.needs import NEED_CHOICES

AGE_WIDGET_ATTRS = {"inputmode": "numeric", "spellcheck": "false", "class": "govuk-input--width-2"}


def age_field(label, *, name, required=True, help_text=""):
    """A whole number of years from 0 to 25, typed into a text input."""
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=required,
        min_value=YOUNGEST_AGE,
        max_value=OLDEST_AGE,
        widget=forms.TextInput(attrs=AGE_WIDGET_ATTRS),
        error_messages={
            "required": f"Enter the {name}",
            "invalid": f"The {name} must be a whole number of years, like 5",
            "min_value": f"The {name} must be {YOUNGEST_AGE} or more",
            "max_value": f"The {name} must be {OLDEST_AGE} or less",
        },
    )


class DirectoryFilterForm(forms.Form):
    """The directory's filters, sent as a GET query so they work without JavaScript."""

    q = forms.CharField(
        label="Search words",
        help_text="For example, hearing or Traveller",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "class": "govuk-!-width-full"}),
        error_messages={"max_length": "Search words must be 200 characters or fewer"},
    )
    age = forms.IntegerField(
        label="Child's age",
        help_text="In years, for example 8",
        required=False,
        min_value=YOUNGEST_AGE,
        max_value=OLDEST_AGE,
        widget=forms.TextInput(attrs=AGE_WIDGET_ATTRS),
        error_messages={
            "invalid": "Enter the child's age as a whole number of years, like 8",
            "min_value": f"Enter an age from {YOUNGEST_AGE} to {OLDEST_AGE}",
            "max_value": f"Enter an age from {YOUNGEST_AGE} to {OLDEST_AGE}",
        },
    )
    need = forms.MultipleChoiceField(
        label="Needs",
        help_text="Services for any of the needs you select",
        required=False,
        choices=NEED_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select needs from the list"},
    )
    retired = forms.BooleanField(
        label="Include services that are no longer offered", required=False
    )

    def services(self):
        """The services matching the filters that are valid (an invalid one is
        shown as an error and ignored)."""
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        services = Service.objects.all()
        if not data.get("retired"):
            services = services.offered()
        return (
            services.for_needs(data.get("need"))
            .for_age(data.get("age"))
            .search(data.get("q", ""))
            .for_directory()
        )


class ServiceForm(forms.ModelForm):
    """A team manager's form for adding or changing a service."""

    needs = forms.MultipleChoiceField(
        label="Which needs is it for?",
        help_text="Select all that apply",
        choices=NEED_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select the needs the service is for",
            "invalid_choice": "Select needs from the list",
        },
    )
    age_from = age_field(
        "Lowest age", name="lowest age", help_text=f"In years, from {YOUNGEST_AGE} to {OLDEST_AGE}"
    )
    age_to = age_field(
        "Highest age",
        name="highest age",
        help_text=f"In years, from {YOUNGEST_AGE} to {OLDEST_AGE}",
    )
    direct_referral = forms.ChoiceField(
        label="Can schools refer directly?",
        choices=DirectReferral.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether schools can refer directly"},
    )
    # The service's last change when the page was opened: a colleague's save
    # in between is not silently overwritten.
    last_updated = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Service
        fields = [
            "name",
            "offers",
            "who_for",
            "needs",
            "age_from",
            "age_to",
            "how_to_refer",
            "web_address",
            "direct_referral",
        ]
        labels = {
            "name": "Name",
            "offers": "What it offers",
            "who_for": "Who it is for",
            "how_to_refer": "How to refer",
            "web_address": "Web address (optional)",
        }
        help_texts = {
            "who_for": "For example, children with ADHD and their families",
            "how_to_refer": "Phone, email or address, and what to send",
            "web_address": "The page that explains the service or how to refer",
        }
        widgets = {
            "offers": forms.Textarea(attrs={"rows": 4}),
            "who_for": forms.Textarea(attrs={"rows": 3}),
            "how_to_refer": forms.Textarea(attrs={"rows": 4}),
            "web_address": forms.TextInput(attrs={"spellcheck": "false"}),
        }
        error_messages = {
            "name": {
                "required": "Enter the service's name",
                "max_length": "Name must be 200 characters or fewer",
                "unique": "There is already a service with this name",
            },
            "offers": {"required": "Enter what the service offers"},
            "who_for": {"required": "Enter who the service is for"},
            "how_to_refer": {"required": "Enter how to refer to the service"},
            "web_address": {"max_length": "Web address must be 300 characters or fewer"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["needs"].initial = self.instance.need_codes
            self.fields["last_updated"].initial = self.instance.updated_at.isoformat()

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if Service.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("There is already a service with this name")
        return name

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        lowest, highest = cleaned.get("age_from"), cleaned.get("age_to")
        if lowest is not None and highest is not None and lowest > highest:
            self.add_error(
                "age_from", "The lowest age must be the same as or less than the highest age"
            )
        if self.instance.pk:
            current = self.instance.updated_at.isoformat()
            if cleaned.get("last_updated") != current:
                self.add_error(
                    None,
                    "Someone else changed this service after you opened this page. "
                    "Save again to replace their changes with yours, or go back to see them.",
                )
                # A second save means it.
                data = cast("QueryDict | dict[str, Any]", self.data).copy()
                data[self.add_prefix("last_updated")] = current
                self.data = data
        return cleaned

    def _save_m2m(self):
        super()._save_m2m()  # type: ignore[misc]  # django-stubs leaves out ModelForm._save_m2m
        self.instance.set_needs(self.cleaned_data["needs"])


def special_schools_for(service):
    """The special schools a manager may list for the outreach service: open ones
    in this authority, and any already listed."""
    return (
        Establishment.objects.filter(
            Q(is_special_school=True, la_code__in=settings.LA_CODES)
            & ~Q(status=Establishment.Status.CLOSED)
            | Q(pk__in=service.outreach_schools.values("pk"))
        )
        .distinct()
        .order_by("name", "urn")
    )


class OutreachSchoolsForm(forms.Form):
    schools = forms.ModelMultipleChoiceField(
        label="Which special schools offer outreach support?",
        help_text="Select all that apply",
        queryset=Establishment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Select special schools from the list",
            "invalid_pk_value": "Select special schools from the list",
        },
    )

    def __init__(self, *args, service, **kwargs):
        super().__init__(*args, **kwargs)
        self.schools_offered = special_schools_for(service)
        cast(forms.ModelMultipleChoiceField, self.fields["schools"]).queryset = self.schools_offered
        self.fields["schools"].initial = list(service.outreach_schools.values_list("pk", flat=True))


def rule_age_field(label, *, name):
    """An optional age bound in whole years, 0 to 25."""
    capitalised = name[:1].upper() + name[1:]
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=YOUNGEST_AGE,
        max_value=OLDEST_AGE,
        widget=forms.TextInput(attrs=AGE_WIDGET_ATTRS),
        error_messages={
            "invalid": f"{capitalised} must be a whole number of years, like 5",
            "min_value": f"{capitalised} must be {YOUNGEST_AGE} or higher",
            "max_value": f"{capitalised} must be {OLDEST_AGE} or lower",
        },
    )


class SuggestionRuleForm(forms.ModelForm):
    """A team manager's form for a suggestion rule. Only the condition's own
    field is kept; the others are cleared on saving."""

    service = forms.ModelChoiceField(
        label="Service",
        queryset=Service.objects.none(),
        empty_label="Choose a service",
        error_messages={
            "required": "Choose the service",
            "invalid_choice": "Choose a service from the list",
        },
    )
    condition = forms.ChoiceField(
        label="When is it suggested?",
        choices=Condition.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose when the service is suggested",
            "invalid_choice": "Choose when the service is suggested",
        },
    )
    flag = forms.ChoiceField(
        label="Flag",
        required=False,
        choices=(("", "Choose a flag"), *FLAG_CHOICES),
        error_messages={"invalid_choice": "Choose a flag from the list"},
    )
    episode_kind = forms.ChoiceField(
        label="Kind of episode",
        required=False,
        choices=(("", "Choose a kind of episode"), *EPISODE_KIND_CHOICES),
        error_messages={"invalid_choice": "Choose a kind of episode from the list"},
    )
    notification_reason = forms.ChoiceField(
        label="Reason on the notification",
        required=False,
        choices=(("", "Choose a reason"), *NOTIFICATION_REASON_CHOICES),
        error_messages={"invalid_choice": "Choose a reason from the list"},
    )
    age_from = rule_age_field("Lowest age", name="lowest age")
    age_to = rule_age_field("Highest age", name="highest age")
    position = forms.IntegerField(
        label="Order on the child's page (optional)",
        help_text="Services whose rules have lower numbers are listed first. Leave blank for 100.",
        required=False,
        min_value=0,
        max_value=9999,
        widget=forms.TextInput(attrs={**AGE_WIDGET_ATTRS, "class": "govuk-input--width-4"}),
        error_messages={
            "invalid": "Order must be a whole number, like 10",
            "min_value": "Order must be 0 or higher",
            "max_value": "Order must be 9999 or lower",
        },
    )
    # The rule's last change when the page was opened: a colleague's save in
    # between is not silently overwritten.
    last_updated = forms.CharField(required=False, widget=forms.HiddenInput)

    # The field each condition needs, and the message when it is missing.
    CONDITION_FIELDS: dict[str, tuple[str, str]] = {
        Condition.FLAG: ("flag", "Choose the flag"),
        Condition.EPISODE_KIND: ("episode_kind", "Choose the kind of episode"),
        Condition.NOTIFICATION_REASON: ("notification_reason", "Choose the reason"),
    }

    class Meta:
        model = SuggestionRule
        fields = [
            "service",
            "condition",
            "flag",
            "episode_kind",
            "notification_reason",
            "age_from",
            "age_to",
            "reason",
            "position",
        ]
        labels = {"reason": "Reason shown to officers"}
        help_texts = {
            "reason": "Shown beside the service on the child's page. For example, "
            "Looked after child: the Virtual School oversees the education of "
            "looked-after children. Do not include any child's details."
        }
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "reason": {
                "required": "Enter the reason the service is suggested",
                "max_length": "The reason must be 300 characters or fewer",
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        services = Service.objects.offered()
        if self.instance.pk:
            services = Service.objects.filter(Q(active=True) | Q(pk=self.instance.service_id))
            self.fields["last_updated"].initial = self.instance.updated_at.isoformat()
        cast(forms.ModelChoiceField, self.fields["service"]).queryset = services.order_by("name")

    def clean_reason(self):
        return " ".join(self.cleaned_data["reason"].split())

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        condition = cleaned.get("condition")
        needed = self.CONDITION_FIELDS.get(condition or "")
        if needed and not cleaned.get(needed[0]) and needed[0] not in self.errors:
            self.add_error(needed[0], needed[1])
        lowest, highest = cleaned.get("age_from"), cleaned.get("age_to")
        if condition == Condition.AGE:
            if lowest is None and "age_from" not in self.errors:
                self.add_error("age_from", "Enter the lowest age")
            if highest is None and "age_to" not in self.errors:
                self.add_error("age_to", "Enter the highest age")
        if lowest is not None and highest is not None and lowest > highest:
            self.add_error("age_from", "Lowest age must be the same as or lower than highest age")
        # Keep only the condition's own field.
        keep = needed[0] if needed else ""
        for field, _ in self.CONDITION_FIELDS.values():
            if condition and field != keep:
                cleaned[field] = ""
        if cleaned.get("position") is None:
            cleaned["position"] = 100
        if self.instance.pk:
            current = self.instance.updated_at.isoformat()
            if cleaned.get("last_updated") != current:
                self.add_error(
                    None,
                    "Someone else changed this rule after you opened this page. "
                    "Save again to replace their changes with yours, or go back to see them.",
                )
                data = cast("QueryDict | dict[str, Any]", self.data).copy()
                data[self.add_prefix("last_updated")] = current
                self.data = data
        return cleaned
