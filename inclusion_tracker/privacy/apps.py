from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "inclusion_tracker.privacy"
    verbose_name = "Privacy: retention and subject access"
