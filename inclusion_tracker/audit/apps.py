from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "inclusion_tracker.audit"
    verbose_name = "Audit"
