"""A Django e-mail backend that sends through GOV.UK Notify.

Choose it with
    EMAIL_BACKEND = "inclusion_tracker.core.notify_backend.NotifyEmailBackend"
and set NOTIFY_API_KEY and NOTIFY_EMAIL_TEMPLATE_ID (NOTIFY_EMAIL_REPLY_TO_ID
is optional). Every e-mail the service sends (reminders, password resets,
invitations, receipts) goes through `django.core.mail`, so all of them then
go through Notify, with one generic template:

    Subject: ((subject))
    Body:    ((body))

Notify sends to one address at a time, so a message with several recipients
(to, cc and bcc) is one Notify request for each. Attachments and HTML
alternatives are not sent: the plain text body is. A message's
`extra_headers["Reference"]`, when set, becomes Notify's `reference` (the
reminders set "reminder-<id>"), which holds no personal data.

A refused or failed request raises `NotifyError`, a kind of `OSError` like
the SMTP backend's errors, so code that survives a mail server failure
survives a Notify failure too. Its message carries Notify's status code and
error text, never the address or the e-mail.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient


class NotifyError(OSError):
    """GOV.UK Notify did not accept an e-mail."""


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.api_key = settings.NOTIFY_API_KEY
        self.template_id = settings.NOTIFY_EMAIL_TEMPLATE_ID
        self.reply_to_id = settings.NOTIFY_EMAIL_REPLY_TO_ID or None
        if not self.api_key or not self.template_id:
            raise ImproperlyConfigured(
                "Set NOTIFY_API_KEY and NOTIFY_EMAIL_TEMPLATE_ID to send e-mail through GOV.UK Notify"
            )
        self.client: NotificationsAPIClient | None = None

    def open(self) -> bool:
        if self.client is not None:
            return False
        self.client = NotificationsAPIClient(self.api_key)
        return True

    def close(self) -> None:
        if self.client is not None:
            self.client.request_session.close()
        self.client = None

    def send_messages(self, email_messages) -> int:
        if not email_messages:
            return 0
        opened = self.open()
        sent = 0
        try:
            for message in email_messages:
                try:
                    if self._send(message):
                        sent += 1
                except NotifyError:
                    if not self.fail_silently:
                        raise
        finally:
            if opened:
                self.close()
        return sent

    def _send(self, message) -> bool:
        recipients = message.recipients()
        if not recipients:
            return False
        assert self.client is not None
        personalisation = {"subject": str(message.subject), "body": str(message.body)}
        reference = message.extra_headers.get("Reference") or None
        for address in recipients:
            try:
                self.client.send_email_notification(
                    email_address=address,
                    template_id=self.template_id,
                    personalisation=personalisation,
                    reference=reference,
                    email_reply_to_id=self.reply_to_id,
                )
            except APIError as error:
                raise NotifyError(
                    f"GOV.UK Notify did not send the e-mail: {error.status_code} {error.message}"
                ) from None
        return True
