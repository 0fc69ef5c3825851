"""Accounts' own receivers; connected in AccountsConfig.ready()."""

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from inclusion_tracker.accounts.models import User
from inclusion_tracker.establishments.models import LocalAuthority


@receiver(m2m_changed, sender=User.establishments.through, dispatch_uid="accounts-user-la")
def school_users_take_their_establishments_la(sender, instance, action, reverse, pk_set, **kwargs):
    """A school user joining an establishment, with no LA yet, works with
    that establishment's LA: its name and phone number head their pages."""
    if action != "post_add" or not pk_set:
        return
    users = User.objects.filter(pk__in=pk_set) if reverse else [instance]
    for user in users:
        if user.local_authority_id is not None:
            continue
        for establishment in user.establishments.order_by("name"):
            if LocalAuthority.by_code(establishment.la_code) is not None:
                user.local_authority_id = establishment.la_code
                user.save(update_fields=["local_authority"])
                break
