from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "inclusion_tracker.casework"
    verbose_name = "Casework"

    def ready(self):
        from inclusion_tracker.casework import receivers  # noqa: F401  (connects them)
