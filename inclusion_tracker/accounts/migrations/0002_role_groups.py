from django.db import migrations

from inclusion_tracker.accounts.roles import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
