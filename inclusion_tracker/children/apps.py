from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "inclusion_tracker.children"
    verbose_name = "Children"
