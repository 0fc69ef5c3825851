"""Before a user first sets up two-factor sign-in: the code e-mailed to them,
which shows the account's e-mail address is theirs (accounts/two_factor.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from inclusion_tracker.accounts import emails, two_factor
from inclusion_tracker.accounts.forms import EmailCodeForm
from inclusion_tracker.audit.models import Action, AuditEvent

CHECK_MESSAGES = {
    two_factor.EmailCodeCheck.WRONG: "The security code is not right: enter the code from the latest email we sent you",
    two_factor.EmailCodeCheck.EXPIRED: "The security code has expired or has been used: send a new code",
    two_factor.EmailCodeCheck.WORN_OUT: "You have entered a wrong code too many times: send a new code",
}
WAIT_MESSAGES = {
    two_factor.EmailCodeWait.TOO_SOON: "We have just sent you a code. Wait a minute before you ask for another.",
    two_factor.EmailCodeWait.TOO_MANY: (
        "You have asked for {count} codes in the last hour. Wait an hour before you ask for another."
    ),
}


def _send_code(request, user) -> two_factor.EmailCodeWait | None:
    """Sends a new code unless the user must wait; returns why they must."""
    wait = two_factor.email_code_wait(user)
    if wait is None:
        emails.send_two_factor_code(user, two_factor.issue_email_code(user))
        AuditEvent.objects.record(
            request, action=Action.UPDATE, obj=user, summary="Emailed a two-factor set-up code"
        )
    return wait


def _wait_message(wait: two_factor.EmailCodeWait) -> str:
    return WAIT_MESSAGES[wait].format(count=two_factor.EMAIL_CODES_PER_HOUR)


@login_required
@never_cache
def two_factor_email_code(request):
    """Sends a code when the user arrives with none waiting, and checks the
    code they enter; a right one lets them on to set up their app."""
    user = request.user
    if two_factor.has_confirmed_device(user):
        return redirect("accounts:profile")
    if two_factor.email_confirmed(request, user):
        return redirect("accounts:two-factor-setup")

    form = EmailCodeForm()
    if request.method == "POST" and "send" in request.POST:
        wait = _send_code(request, user)
        if wait is None:
            messages.success(request, f"We have sent a new code to {user.email}")
        else:
            messages.info(request, _wait_message(wait))
        return redirect("accounts:two-factor-email-code")
    if request.method == "POST":
        form = EmailCodeForm(request.POST)
        if form.is_valid():
            result = two_factor.check_email_code(user, form.cleaned_data["token"])
            if result is two_factor.EmailCodeCheck.RIGHT:
                two_factor.mark_email_confirmed(request, user)
                AuditEvent.objects.record(
                    request,
                    action=Action.UPDATE,
                    obj=user,
                    summary="Confirmed their email address with a two-factor set-up code",
                )
                return redirect("accounts:two-factor-setup")
            AuditEvent.objects.record(
                request,
                action=Action.TWO_FACTOR_FAILED,
                obj=user,
                summary=f"Emailed set-up code: {result.value.replace('_', ' ')}",
            )
            form.add_error("token", CHECK_MESSAGES[result])
    elif not two_factor.has_live_email_code(user):
        wait = _send_code(request, user)
        if wait is not None:
            messages.info(request, _wait_message(wait))

    return render(
        request,
        "accounts/two_factor_email_code.html",
        {
            "form": form,
            "minutes": two_factor.email_code_minutes(),
            "required": request.two_factor_pending,
        },
    )
