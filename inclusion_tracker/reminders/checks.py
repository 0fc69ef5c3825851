"""System checks: the GOV.UK Notify e-mail backend needs its key and template.

Run by `manage.py check` (and so `check --deploy`, `migrate` and `runserver`):
a missing setting is an error before the first e-mail fails."""

from django.conf import settings
from django.core.checks import Error, register

NOTIFY_BACKEND = "inclusion_tracker.core.notify_backend.NotifyEmailBackend"


@register()
def notify_settings_check(app_configs, **kwargs):
    if settings.EMAIL_BACKEND != NOTIFY_BACKEND:
        return []
    errors = []
    if not settings.NOTIFY_API_KEY:
        errors.append(
            Error(
                "Set NOTIFY_API_KEY: EMAIL_BACKEND is GOV.UK Notify, which cannot send "
                "e-mail without an API key",
                hint="Create an API key on your Notify service's 'API integration' page.",
                id="reminders.E001",
            )
        )
    if not settings.NOTIFY_EMAIL_TEMPLATE_ID:
        errors.append(
            Error(
                "Set NOTIFY_EMAIL_TEMPLATE_ID: EMAIL_BACKEND is GOV.UK Notify, which needs "
                "the id of an e-mail template",
                hint="The template's subject must be ((subject)) and its body ((body)).",
                id="reminders.E002",
            )
        )
    return errors
