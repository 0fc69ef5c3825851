"""The e-mails sent when something happens in the apps below (see
core/signals.py); connected in RemindersConfig.ready(). Each is queued in the
sender's transaction and sent once it commits (reminders/outbox.py)."""

from typing import Any

from django.dispatch import receiver

from inclusion_tracker.accounts.signals import account_page_shown
from inclusion_tracker.casework.signals import closure_approval_requested, cme_enquiry_opened
from inclusion_tracker.handovers.signals import handover_step
from inclusion_tracker.notifications.signals import notification_sent
from inclusion_tracker.reminders import outbox
from inclusion_tracker.reminders.views import account_context


@receiver(cme_enquiry_opened, dispatch_uid="reminders-cme-opened")
def tell_officers_cme_opened(sender, *, notification, episode, **kwargs) -> None:
    outbox.queue_cme_opened(notification, episode)


@receiver(notification_sent, dispatch_uid="reminders-receipt")
def send_receipt(sender, *, notification, **kwargs) -> None:
    """The school's receipt, after casework's receiver (INSTALLED_APPS order)."""
    outbox.queue_receipt(notification)


@receiver(closure_approval_requested, dispatch_uid="reminders-closure-approval")
def tell_managers_closure_awaits(sender, *, episode, **kwargs) -> None:
    outbox.queue_closure_approval(episode, outbox.first_name_and_initial(episode.child))


@receiver(handover_step, dispatch_uid="reminders-handover")
def tell_the_other_side_of_a_handover(sender, *, handover, step, **kwargs) -> None:
    outbox.queue_handover(handover, step)


@receiver(account_page_shown, dispatch_uid="reminders-account-page")
def account_page(sender, *, user, **kwargs) -> dict[str, Any]:
    """The account page's "E-mails we send you" section."""
    return account_context(user)
