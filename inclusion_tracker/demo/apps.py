from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data (`load_demo_data`) and the benchmark (`benchmark`): the
    top layer, which may use every other app (docs/architecture.md)."""

    name = "inclusion_tracker.demo"
    verbose_name = "Demo data and benchmark"
