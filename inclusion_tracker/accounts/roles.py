"""Roles, as Django groups, and the permissions each one holds.

A user has exactly one role. The groups and their permissions are created by
migrations from this table (`sync_role_groups`), so changing a role's
permissions means changing ROLE_PERMISSIONS and adding a migration that calls
it again.
"""

from django.db import models


class Role(models.TextChoices):
    SCHOOL_USER = "School user", "School user"
    SCHOOL_MAIN_CONTACT = "School main contact", "School main contact"
    INCLUSION_OFFICER = "Inclusion officer", "Inclusion officer"
    TEAM_MANAGER = "Team manager", "Team manager"
    ADMINISTRATOR = "Administrator", "Administrator"


SCHOOL_ROLES = (Role.SCHOOL_USER, Role.SCHOOL_MAIN_CONTACT)
LA_STAFF_ROLES = (Role.INCLUSION_OFFICER, Role.TEAM_MANAGER, Role.ADMINISTRATOR)

# Custom permissions, declared on accounts.User (see User.Meta.permissions).
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.SCHOOL_USER: ("school_access",),
    Role.SCHOOL_MAIN_CONTACT: ("school_access", "manage_establishment_users"),
    Role.INCLUSION_OFFICER: ("la_access",),
    Role.TEAM_MANAGER: ("la_access", "manage_team"),
    Role.ADMINISTRATOR: ("la_access", "manage_users", "view_audit_log"),
}

ROLE_DESCRIPTIONS = {
    Role.SCHOOL_USER: "Notifies and sees the records of their own establishments",
    Role.SCHOOL_MAIN_CONTACT: "A school user who also manages their establishment's users",
    Role.INCLUSION_OFFICER: "Local authority casework for the whole area",
    Role.TEAM_MANAGER: "An inclusion officer who also assigns caseloads and approves closures",
    Role.ADMINISTRATOR: "Manages users, establishments and settings, and reads the audit log",
}


def sync_role_groups(apps, schema_editor=None):
    """Create each role's group with exactly the permissions in ROLE_PERMISSIONS.
    Written for migrations (it takes the historical `apps`)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="accounts", codename__in=codenames)
        )
