from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "inclusion_tracker.core"
    verbose_name = "Core"
