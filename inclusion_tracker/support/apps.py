from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "inclusion_tracker.support"
    verbose_name = "Support services"
