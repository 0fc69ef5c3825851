from typing import cast

from django import forms
from django.contrib.auth import password_validation

from inclusion_tracker.accounts.models import User
from inclusion_tracker.accounts.roles import LA_STAFF_ROLES, SCHOOL_ROLES, Role
from inclusion_tracker.establishments.models import Establishment, LocalAuthority


class SignInForm(forms.Form):
    # Named "username" so django-axes reads it as the account being tried.
    username = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Security code",
        help_text="The 6-digit code shown in your authenticator app",
        max_length=10,
        error_messages={"required": "Enter the 6-digit security code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-5",
            }
        ),
    )

    def clean_token(self):
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError("Enter the security code as 6 digits, like 123456")
        return token


class EmailCodeForm(TokenForm):
    """The 6-digit code e-mailed before a user first sets up two-factor sign-in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        token = self.fields["token"]
        token.help_text = "The 6-digit code in the email we sent you"
        token.error_messages["required"] = "Enter the 6-digit security code from the email"


class EstablishmentURNsField(forms.CharField):
    """Establishments typed as URNs, one a line or separated by commas, each
    of one of `la_codes` (the administrator's local authorities)."""

    widget = forms.Textarea(attrs={"rows": 3, "class": "govuk-!-width-one-half"})
    la_codes: list[str] = []

    def clean(self, value):
        value = super().clean(value)
        urns = [urn for urn in value.replace(",", " ").split() if urn]
        bad = [urn for urn in urns if not urn.isdigit()]
        if bad:
            raise forms.ValidationError(f"Enter URNs as numbers only, like 120001 – check {bad[0]}")
        found = {e.urn: e for e in Establishment.objects.filter(urn__in=urns)}
        missing = [urn for urn in urns if urn not in found]
        if missing:
            raise forms.ValidationError(f"There is no establishment with URN {missing[0]}")
        elsewhere = [found[urn] for urn in urns if found[urn].la_code not in self.la_codes]
        if elsewhere:
            where = "your local authority" if len(self.la_codes) == 1 else "your local authorities"
            raise forms.ValidationError(
                f"{elsewhere[0].name} (URN {elsewhere[0].urn}) is not in {where}"
            )
        return [found[urn] for urn in dict.fromkeys(urns)]


class UserForm(forms.ModelForm):
    """An administrator's form for a user of their local authorities
    (`admin.la_codes`): school users act for establishments of those LAs;
    LA staff work for the administrator's LA, or for the one chosen among
    theirs when they have several (the "Local authority" question, shown
    only then)."""

    role = forms.ChoiceField(
        label="Role",
        choices=[(role.value, role.label) for role in Role],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the user's role"},
    )
    establishment_urns = EstablishmentURNsField(
        label="Establishments",
        required=False,
        help_text="For school users: the URN of each establishment they act for, one a line",
    )

    class Meta:
        model = User
        fields = ["full_name", "email", "job_title"]
        labels = {
            "full_name": "Full name",
            "email": "Email address",
            "job_title": "Job title (optional)",
        }
        error_messages = {
            "full_name": {"required": "Enter the user's full name"},
            "email": {
                "required": "Enter the user's email address",
                "invalid": "Enter an email address in the correct format, like name@example.com",
                "unique": "There is already a user with this email address",
            },
        }
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        }

    def __init__(self, *args, admin, **kwargs):
        super().__init__(*args, **kwargs)
        self.admin = admin
        codes = admin.la_codes
        cast(EstablishmentURNsField, self.fields["establishment_urns"]).la_codes = codes
        if len(codes) > 1:
            self.fields["local_authority"] = forms.ChoiceField(
                label="Local authority",
                help_text="For local authority staff: the authority they work for",
                choices=[("", "Choose a local authority")]
                + [(code, _la_name(code)) for code in codes],
                required=False,
                initial=self.instance.la_code if self.instance.pk else admin.la_code,
                error_messages={"invalid_choice": "Select the local authority they work for"},
            )
            self.order_fields(["full_name", "email", "job_title", "role", "local_authority"])
        if self.instance.pk:
            self.fields["role"].initial = self.instance.role
            self.fields["establishment_urns"].initial = "\n".join(
                self.instance.establishments.filter(la_code__in=codes).values_list("urn", flat=True)
            )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        others = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError("There is already a user with this email address")
        return email

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        role = cleaned.get("role")
        establishments = cleaned.get("establishment_urns")
        if role in SCHOOL_ROLES and establishments == []:
            self.add_error(
                "establishment_urns",
                "Enter the URN of at least one establishment for a school user",
            )
        if role and role not in SCHOOL_ROLES and establishments:
            self.add_error(
                "establishment_urns",
                "Only school users act for establishments: remove the URNs or choose a school role",
            )
        choosing_la = "local_authority" in self.fields
        if role in LA_STAFF_ROLES and choosing_la and not cleaned.get("local_authority"):
            self.add_error("local_authority", "Select the local authority they work for")
        if role == Role.SCHOOL_MAIN_CONTACT and establishments:
            holders = User.objects.with_role(Role.SCHOOL_MAIN_CONTACT).filter(is_active=True)
            taken = (
                Establishment.objects.filter(pk__in=[e.pk for e in establishments])
                .filter(users__in=holders.exclude(pk=self.instance.pk))
                .values_list("name", flat=True)
                .first()
            )
            if taken:
                self.add_error(
                    "role", f"{taken} already has a main contact: change their role first"
                )
        return cleaned

    def save(self, commit=True):
        user = super().save(commit=False)
        new = not user.pk
        if new:
            user.set_unusable_password()
        role = self.cleaned_data["role"]
        if role in LA_STAFF_ROLES:
            if "local_authority" in self.fields:
                user.local_authority_id = self.cleaned_data["local_authority"]
            elif new or user.la_code not in self.admin.la_codes:
                user.local_authority_id = self.admin.local_authority_id
        user.save()
        user.set_role(role)
        # Another LA's establishments (a school user acting for schools in
        # two LAs) are not this administrator's to change: they are kept.
        # LA staff act for none.
        chosen = list(self.cleaned_data.get("establishment_urns") or [])
        if role in SCHOOL_ROLES and not new:
            chosen += user.establishments.exclude(la_code__in=self.admin.la_codes)
        user.establishments.set(chosen)
        return user


def _la_name(code: str) -> str:
    authority = LocalAuthority.by_code(code)
    return authority.display_name if authority else code


class InviteSchoolUserForm(forms.Form):
    """A school main contact invites a colleague to their own establishments."""

    full_name = forms.CharField(
        label="Full name", max_length=150, error_messages={"required": "Enter their full name"}
    )
    email = forms.EmailField(
        label="Email address",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=100, required=False)
    establishments = forms.ModelMultipleChoiceField(
        label="Which of your establishments will they act for?",
        queryset=Establishment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one establishment"},
    )

    def __init__(self, *args, inviter, **kwargs):
        super().__init__(*args, **kwargs)
        establishments = cast(forms.ModelMultipleChoiceField, self.fields["establishments"])
        establishments.queryset = inviter.establishments.order_by("name")

    def clean_email(self):
        # Whether the address has an account is never said here: see
        # accounts/invitations.py.
        return self.cleaned_data["email"].strip().lower()


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "job_title"]
        labels = {"full_name": "Full name", "job_title": "Job title (optional)"}
        error_messages = {"full_name": {"required": "Enter your full name"}}


class ChangePasswordForm(forms.Form):
    current_password = forms.CharField(
        label="Current password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your current password"},
    )
    new_password = forms.CharField(
        label="New password",
        strip=False,
        help_text="At least 12 characters. Do not use a password you use anywhere else.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter a new password"},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_current_password(self):
        password = self.cleaned_data["current_password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Your current password is not right: enter it again")
        return password

    def clean_new_password(self):
        password = self.cleaned_data["new_password"]
        password_validation.validate_password(password, self.user)
        return password
