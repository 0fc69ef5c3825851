from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "inclusion_tracker.referrals"
    verbose_name = "Referrals"
