from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "inclusion_tracker.reminders"
    verbose_name = "Reminders"

    def ready(self):
        from inclusion_tracker.reminders import (
            checks,  # noqa: F401  (registers the checks)
            receivers,  # noqa: F401  (connects them)
        )
