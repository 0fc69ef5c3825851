from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "inclusion_tracker.reminders"
    verbose_name = "Reminders"
