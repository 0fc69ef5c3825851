from django.apps import AppConfig
from django.db.models.signals import post_migrate


def local_authorities_after_migrate(sender, **kwargs):
    """The 153 rows are reference data: put back after a flush (tests that
    commit) as Django puts back permissions."""
    from inclusion_tracker.establishments.models import LocalAuthority, load_local_authorities

    using = kwargs.get("using", "default")
    if LocalAuthority.objects.using(using).exists():
        return
    load_local_authorities()


class EstablishmentsConfig(AppConfig):
    name = "inclusion_tracker.establishments"
    verbose_name = "Establishments"

    def ready(self):
        post_migrate.connect(
            local_authorities_after_migrate, sender=self, dispatch_uid="establishments-las"
        )
