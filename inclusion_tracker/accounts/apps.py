from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "inclusion_tracker.accounts"
    verbose_name = "Accounts"

    def ready(self):
        from inclusion_tracker.accounts import receivers  # noqa: F401  (connects them)
