"""The e-mail receipt a school gets when it sends a notification. It names the
child by first name and initial only."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

logger = logging.getLogger(__name__)


def send_receipt(request, notification) -> None:
    """Send the receipt; a mail server failure is logged (without personal
    data) and does not undo the notification."""
    try:
        _send_receipt(request, notification)
    except OSError as error:
        # The error's class only: a mail server's message can name the address.
        logger.error(
            "Could not send the receipt for notification %s: %s.%s",
            notification.pk,
            type(error).__module__,
            type(error).__qualname__,
        )


def _send_receipt(request, notification) -> None:
    context = {
        "notification": notification,
        "service_name": settings.SERVICE_NAME,
        "la_name": settings.LA_NAME,
        "phone": settings.INCLUSION_SERVICE_PHONE,
        "link": request.build_absolute_uri(
            reverse("notifications:detail", args=[notification.reference])
        ),
    }
    send_mail(
        subject=f"{notification.get_kind_display()} received: {notification.reference}",
        message=render_to_string("notifications/email/receipt.txt", context),
        from_email=None,
        recipient_list=[notification.submitted_by.email],
    )
