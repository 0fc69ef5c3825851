"""Each local authority has its own term dates: the rows that were "the local
authority's" (no establishment) become the deployment's own LA's (the first
of LA_CODES). A term or non-school day now belongs to an LA or to one
establishment, never both and never neither. The LA's unique constraints lead
with the LA, so they also serve as its index; the tables are small (a few
hundred rows an LA), so no index is built concurrently."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def set_local_authority(apps, schema_editor):
    LocalAuthority = apps.get_model("establishments", "LocalAuthority")
    Term = apps.get_model("school_calendar", "Term")
    NonSchoolDay = apps.get_model("school_calendar", "NonSchoolDay")
    la_rows = [
        model.objects.filter(establishment__isnull=True, local_authority__isnull=True)
        for model in (Term, NonSchoolDay)
    ]
    if not any(rows.exists() for rows in la_rows):
        return
    code = settings.LA_CODES[0]
    # A deployment whose code is not one of England's 153 keeps its dates.
    LocalAuthority.objects.get_or_create(code=code, defaults={"name": settings.LA_NAME})
    for rows in la_rows:
        rows.update(local_authority_id=code)


def clear_local_authority(apps, schema_editor):
    """Back to one calendar: only the deployment's own LA's rows can stay."""
    for name in ("Term", "NonSchoolDay"):
        model = apps.get_model("school_calendar", name)
        model.objects.filter(establishment__isnull=True).exclude(
            local_authority_id=settings.LA_CODES[0]
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("establishments", "0002_local_authority"),
        ("school_calendar", "0003_term_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="nonschoolday",
            name="local_authority",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                help_text="The local authority whose non-school day this is; empty for an establishment's own",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="non_school_days",
                to="establishments.localauthority",
            ),
        ),
        migrations.AddField(
            model_name="term",
            name="local_authority",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                help_text="The local authority whose term dates these are; empty for an establishment's own",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="terms",
                to="establishments.localauthority",
            ),
        ),
        migrations.AlterField(
            model_name="nonschoolday",
            name="establishment",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty for a local authority's non-school days",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="non_school_days",
                to="establishments.establishment",
            ),
        ),
        migrations.AlterField(
            model_name="term",
            name="establishment",
            field=models.ForeignKey(
                blank=True,
                help_text="Empty for a local authority's term dates",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="terms",
                to="establishments.establishment",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="nonschoolday",
            name="non_school_day_unique_for_la",
        ),
        migrations.RemoveConstraint(
            model_name="term",
            name="term_name_unique_for_la_year",
        ),
        migrations.RunPython(set_local_authority, clear_local_authority),
        migrations.AddConstraint(
            model_name="nonschoolday",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("establishment__isnull", True), ("local_authority__isnull", False)),
                    models.Q(("establishment__isnull", False), ("local_authority__isnull", True)),
                    _connector="OR",
                ),
                name="non_school_day_owned_by_la_or_establishment",
            ),
        ),
        migrations.AddConstraint(
            model_name="nonschoolday",
            constraint=models.UniqueConstraint(
                condition=models.Q(("establishment__isnull", True)),
                fields=("local_authority", "date"),
                name="non_school_day_unique_for_la",
            ),
        ),
        migrations.AddConstraint(
            model_name="term",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("establishment__isnull", True), ("local_authority__isnull", False)),
                    models.Q(("establishment__isnull", False), ("local_authority__isnull", True)),
                    _connector="OR",
                ),
                name="term_owned_by_la_or_establishment",
            ),
        ),
        migrations.AddConstraint(
            model_name="term",
            constraint=models.UniqueConstraint(
                condition=models.Q(("establishment__isnull", True)),
                fields=("local_authority", "academic_year", "name"),
                name="term_name_unique_for_la_year",
            ),
        ),
    ]
