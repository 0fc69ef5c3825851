"""Sign-in, two-factor sign-in, password reset, sign-out and your account."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from inclusion_tracker.accounts import two_factor
from inclusion_tracker.accounts.forms import ChangePasswordForm, ProfileForm, SignInForm, TokenForm
from inclusion_tracker.accounts.middleware import record_sign_in
from inclusion_tracker.accounts.models import User
from inclusion_tracker.accounts.signals import account_page_shown
from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.signals import page_context

SIGN_IN_FAILED_MESSAGE = "Enter the email address and password for your account"


def _safe_next(request) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


@sensitive_post_parameters("password")
@never_cache
def sign_in(request):
    if request.user.is_authenticated:
        return redirect("core:home")
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["username"].lower()
        user = authenticate(request, username=email, password=form.cleaned_data["password"])
        known = User.objects.filter(email__iexact=email).first()
        if getattr(request, "axes_locked_out", False):
            AuditEvent.objects.record(
                request,
                action=Action.LOCKED_OUT,
                obj=known,
                user=known,
                summary=(
                    "Sign-in refused: too many failed attempts from this address"
                    if getattr(request, "axes_locked_by_address", False)
                    else "Sign-in refused: too many failed attempts"
                ),
            )
            return locked_out(request)
        if user is None:
            AuditEvent.objects.record(
                request,
                action=Action.SIGN_IN_FAILED,
                obj=known,
                user=known,
                summary="Wrong password" if known else "No account with that email address",
            )
            form.add_error(None, SIGN_IN_FAILED_MESSAGE)
        else:
            login(request, user)
            record_sign_in(request)  # the session's absolute lifetime starts now
            AuditEvent.objects.record(
                request, action=Action.SIGN_IN, obj=user, summary="Signed in with password"
            )
            return redirect(_safe_next(request) or "core:home")
    return render(
        request, "accounts/sign_in.html", {"form": form, "next": _safe_next(request) or ""}
    )


def locked_out(request, credentials=None, *args, **kwargs):
    """Shown instead of the sign-in page while an account is locked at this
    address, or the address itself is (django-axes, accounts/lockout.py)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    by_address = getattr(request, "axes_locked_by_address", False)
    return render(
        request,
        "accounts/locked_out.html",
        {
            "minutes": minutes,
            "by_address": by_address,
            "failure_limit": (
                settings.AXES_IP_FAILURE_LIMIT if by_address else settings.AXES_FAILURE_LIMIT
            ),
        },
        status=429,
    )


@require_POST
def sign_out(request):
    if request.user.is_authenticated:
        AuditEvent.objects.record(request, action=Action.SIGN_OUT, obj=request.user)
    logout(request)
    return redirect("accounts:signed-out")


def signed_out(request):
    return render(request, "accounts/signed_out.html")


@login_required
@never_cache
def two_factor_setup(request):
    """Set up an authenticator app: a QR code, the key to type, and a code to confirm."""
    user = request.user
    if two_factor.has_confirmed_device(user):
        messages.info(request, "Two-factor sign-in is already set up for your account")
        return redirect("accounts:profile")
    if not two_factor.email_confirmed(request, user):
        # No QR code or key until the user shows the e-mail address is theirs.
        return redirect("accounts:two-factor-email-code")
    device = two_factor.pending_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.confirm(device, form.cleaned_data["token"], request):
            AuditEvent.objects.record(request, action=Action.TWO_FACTOR_ENROLLED, obj=user)
            messages.success(
                request, "Two-factor sign-in is set up. You will need a code each time you sign in."
            )
            return redirect("core:home")
        AuditEvent.objects.record(
            request, action=Action.TWO_FACTOR_FAILED, obj=user, summary="During set-up"
        )
        form.add_error("token", "The security code is not right: enter the code your app shows now")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_code": two_factor.qr_code_svg(device),
            "secret": two_factor.secret_for_typing(device),
            "required": request.two_factor_pending,
        },
    )


@login_required
@never_cache
def two_factor_verify(request):
    user = request.user
    if user.is_verified():
        return redirect("core:home")
    if not two_factor.has_confirmed_device(user):
        return redirect("accounts:two-factor-setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify(user, form.cleaned_data["token"], request):
            AuditEvent.objects.record(
                request, action=Action.SIGN_IN, obj=user, summary="Entered two-factor code"
            )
            return redirect(_safe_next(request) or "core:home")
        AuditEvent.objects.record(request, action=Action.TWO_FACTOR_FAILED, obj=user)
        form.add_error("token", "The security code is not right: enter the code your app shows now")
    return render(request, "accounts/two_factor_verify.html", {"form": form})


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        AuditEvent.objects.record(
            request, action=Action.UPDATE, obj=user, summary="Changed own details"
        )
        messages.success(request, "Your details have been saved")
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "establishments": user.establishments.order_by("name"),
            "has_two_factor": two_factor.has_confirmed_device(user),
            "two_factor_required": user.two_factor_required,
            # "E-mails we send you" (reminders/receivers.py).
            **page_context(account_page_shown, sender=None, user=user),
        },
    )


@login_required
@sensitive_post_parameters("current_password", "new_password")
def change_password(request):
    form = ChangePasswordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        request.user.set_password(form.cleaned_data["new_password"])
        request.user.save(update_fields=["password"])
        update_session_auth_hash(request, request.user)
        AuditEvent.objects.record(request, action=Action.PASSWORD_CHANGED, obj=request.user)
        messages.success(request, "Your password has been changed")
        return redirect("accounts:profile")
    return render(request, "accounts/change_password.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["email"].label = "Email address"
        form.fields["email"].error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        }
        return form

    def form_valid(self, form):
        # The same page whether or not the account exists; the event names
        # the account only when there is one.
        known = User.objects.filter(
            email__iexact=form.cleaned_data["email"], is_active=True
        ).first()
        AuditEvent.objects.record(
            self.request, action=Action.PASSWORD_RESET_REQUESTED, obj=known, user=known
        )
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["new_password1"].label = "New password"
        form.fields[
            "new_password1"
        ].help_text = "At least 12 characters. Do not use a password you use anywhere else."
        form.fields["new_password2"].label = "Confirm new password"
        form.error_messages["password_mismatch"] = "Enter the same password in both boxes"
        for field in ("new_password1", "new_password2"):
            form.fields[field].error_messages["required"] = (
                "Enter a new password" if field == "new_password1" else "Confirm your new password"
            )
        return form

    def form_valid(self, form):
        response = super().form_valid(form)
        # The emailed link shows the address is theirs: after signing in,
        # they may set up two-factor sign-in without an emailed code.
        two_factor.mark_email_confirmed(self.request, form.user)
        AuditEvent.objects.record(
            self.request,
            action=Action.PASSWORD_CHANGED,
            obj=form.user,
            user=form.user,
            summary="Set password from an emailed link",
        )
        return response


def password_reset_sent(request):
    return render(request, "accounts/password_reset_sent.html")


def password_reset_complete(request):
    return render(request, "accounts/password_reset_complete.html")
