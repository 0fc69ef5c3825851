"""Your account's reminder e-mails: what you are sent and the choice of the
optional ones. The page acts on the signed-in user only (no id in the URL)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse

from inclusion_tracker.audit.models import Action, AuditEvent
from inclusion_tracker.core.forms import posted
from inclusion_tracker.reminders.forms import ReminderChoicesForm
from inclusion_tracker.reminders.kinds import (
    ALWAYS_EMAILS,
    BY_KIND,
    ReminderKind,
    kinds_for,
)
from inclusion_tracker.reminders.models import ReminderPreference

SAVED_MESSAGE = "Your e-mail choices have been saved"


def emails_we_send(user) -> dict:
    """What the account page lists: the e-mails this user is sent."""
    turned_off = ReminderPreference.turned_off_kinds(user)
    return {
        "always": [ALWAYS_EMAILS],
        "reminders": [
            {"info": info, "on": not (info.optional and info.kind in turned_off)}
            for info in kinds_for(user)
        ],
    }


def account_context(user) -> dict:
    """The account page's context for its "E-mails we send you" section."""
    return {"emails": emails_we_send(user), "email_choices": ReminderChoicesForm(user=user)}


@login_required
def choices(request):
    user = request.user
    form = ReminderChoicesForm(posted(request), user=user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            changed = form.save()
            if changed:
                on = set(form.cleaned_data["emails"])
                said = [
                    f"{BY_KIND[ReminderKind(kind)].label}: {'on' if kind in on else 'off'}"
                    for kind in changed
                ]
                AuditEvent.objects.record(
                    request,
                    action=Action.UPDATE,
                    obj=user,
                    summary="Changed the e-mails they are sent: " + "; ".join(said),
                )
        messages.success(request, SAVED_MESSAGE)
        return redirect(reverse("accounts:profile") + "#emails")
    return render(
        request,
        "reminders/choices.html",
        {"form": form, "emails": emails_we_send(user), "email_choices": form},
    )
