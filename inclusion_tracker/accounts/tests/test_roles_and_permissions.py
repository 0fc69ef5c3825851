"""The permissions code names (core/permissions.py) are the ones User
declares, and LA staff are told apart the one way (User.is_la_staff)."""

import pytest

from inclusion_tracker.accounts.models import User
from inclusion_tracker.accounts.roles import LA_STAFF_ROLES, ROLE_PERMISSIONS
from inclusion_tracker.core import permissions

PERMISSION_NAMES = [
    permissions.SCHOOL_ACCESS,
    permissions.MANAGE_ESTABLISHMENT_USERS,
    permissions.LA_ACCESS,
    permissions.MANAGE_TEAM,
    permissions.MANAGE_USERS,
    permissions.VIEW_AUDIT_LOG,
]


def test_every_permission_named_in_code_is_one_user_declares():
    declared = {f"accounts.{codename}" for codename, _ in User._meta.permissions}
    assert set(PERMISSION_NAMES) == declared


def test_every_role_holds_permissions_code_can_name():
    named = {name.removeprefix("accounts.") for name in PERMISSION_NAMES}
    for codenames in ROLE_PERMISSIONS.values():
        assert set(codenames) <= named


@pytest.mark.parametrize(
    ("who", "la_staff"),
    [
        ("school_user_a", False),
        ("main_contact_a", False),
        ("officer", True),
        ("manager", True),
        ("admin", True),
        ("outsider", False),
    ],
)
def test_la_staff_are_the_users_of_the_la_staff_roles(cast, who, la_staff):
    user = User.objects.get(pk=cast[who].pk)
    assert user.is_la_staff is la_staff
    assert (user.role in LA_STAFF_ROLES) is la_staff


def test_a_deactivated_officer_is_no_longer_la_staff(officer):
    officer.is_active = False
    officer.save()
    assert not User.objects.get(pk=officer.pk).is_la_staff


def test_asking_whether_a_user_is_la_staff_after_a_permission_check_costs_no_query(
    officer, django_assert_num_queries
):
    user = User.objects.get(pk=officer.pk)
    assert user.has_perm(permissions.LA_ACCESS)
    with django_assert_num_queries(0):
        assert user.is_la_staff
