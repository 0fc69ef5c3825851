from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "inclusion_tracker.accounts"
    verbose_name = "Accounts"
