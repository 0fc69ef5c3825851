from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "inclusion_tracker.notifications"
    verbose_name = "Notifications from schools"
