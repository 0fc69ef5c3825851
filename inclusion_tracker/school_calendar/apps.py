from django.apps import AppConfig


class SchoolCalendarConfig(AppConfig):
    name = "inclusion_tracker.school_calendar"
    verbose_name = "School calendar"
