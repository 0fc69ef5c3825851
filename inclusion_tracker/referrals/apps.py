from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "inclusion_tracker.referrals"
    verbose_name = "Referrals"

    def ready(self):
        from inclusion_tracker.referrals import receivers  # noqa: F401  (connects them)
