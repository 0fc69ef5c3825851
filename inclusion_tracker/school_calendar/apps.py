from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_save


def clear_school_days_cache(**kwargs):
    """A term or non-school day changed: this process forgets its copy of the
    term data now, and again once the change is committed (so a copy another
    thread loaded in between is not kept), and recomputes the deadlines stored
    from school days. Other processes catch up within school_days.CACHE_SECONDS."""
    from inclusion_tracker.school_calendar import school_days

    school_days.clear_cache()
    transaction.on_commit(school_days.clear_cache, using=kwargs.get("using"))
    transaction.on_commit(refresh_duty_dates, using=kwargs.get("using"))


def refresh_duty_dates():
    """Stored deadlines follow the new dates (casework's receiver recomputes
    the day each open health-needs absence reaches 15 school days)."""
    from inclusion_tracker.school_calendar.signals import school_days_changed

    school_days_changed.send(sender=None)


class SchoolCalendarConfig(AppConfig):
    name = "inclusion_tracker.school_calendar"
    verbose_name = "School calendar"

    def ready(self):
        from inclusion_tracker.school_calendar.models import NonSchoolDay, Term

        for model in (Term, NonSchoolDay):
            post_save.connect(
                clear_school_days_cache, sender=model, dispatch_uid=f"{model.__name__}-saved"
            )
            post_delete.connect(
                clear_school_days_cache, sender=model, dispatch_uid=f"{model.__name__}-deleted"
            )
