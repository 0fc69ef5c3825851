"""Each child's record belongs to a local authority: set from the LA of the
child's current establishment, else of the first establishment that sent a
notification about them, else the deployment's own LA (the first of
LA_CODES). The index is built concurrently on PostgreSQL (a big table)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

from inclusion_tracker.core.migration_operations import AddIndexConcurrently


def set_local_authorities(apps, schema_editor):
    Child = apps.get_model("children", "Child")
    Establishment = apps.get_model("establishments", "Establishment")
    LocalAuthority = apps.get_model("establishments", "LocalAuthority")
    Notification = apps.get_model("notifications", "Notification")
    codes = LocalAuthority.objects.values("code")
    current = Establishment.objects.filter(
        pk=OuterRef("current_establishment_id"), la_code__in=codes
    ).values("la_code")[:1]
    Child.objects.filter(local_authority__isnull=True, current_establishment__isnull=False).update(
        local_authority_id=Subquery(current)
    )
    first_notifier = (
        Notification.objects.filter(child_id=OuterRef("pk"), establishment__la_code__in=codes)
        .order_by("pk")
        .values("establishment__la_code")[:1]
    )
    Child.objects.filter(local_authority__isnull=True).update(
        local_authority_id=Subquery(first_notifier)
    )
    default = LocalAuthority.objects.filter(code__in=settings.LA_CODES[:1]).first()
    if default is not None:
        Child.objects.filter(local_authority__isnull=True).update(local_authority=default)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ('children', '0008_child_legal_hold'),
        ('establishments', '0002_local_authority'),
        ('notifications', '0006_provisional_child'),
    ]

    operations = [
        migrations.AddField(
            model_name='child',
            name='local_authority',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='children', to='establishments.localauthority'),
        ),
        migrations.RunPython(set_local_authorities, migrations.RunPython.noop, atomic=True),
        AddIndexConcurrently(
            model_name='child',
            index=models.Index(fields=['local_authority', 'legal_last_name'], name='child_la_last_name'),
        ),
    ]
