from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "inclusion_tracker.casework"
    verbose_name = "Casework"
