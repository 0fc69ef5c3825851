from django.apps import AppConfig


class EstablishmentsConfig(AppConfig):
    name = "inclusion_tracker.establishments"
    verbose_name = "Establishments"
