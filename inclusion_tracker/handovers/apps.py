from django.apps import AppConfig


class HandoversConfig(AppConfig):
    name = "inclusion_tracker.handovers"
    verbose_name = "Handovers"

    def ready(self):
        from inclusion_tracker.handovers import receivers  # noqa: F401  (connects them)
