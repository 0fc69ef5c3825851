"""Who may use a page: the permission names, and the decorators views put on
themselves to ask for one.

The permissions are declared on `accounts.User` (`User.Meta.permissions`) and
given to each role in `accounts/roles.py`. Code names them through these
constants, never as strings of its own; templates ask `perms.accounts.<name>`.
Whether a user may do something with one object they can see is the object
type's access helper's question (`<app>/access.py`), not the view's.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

# School users: notify, and see their own establishments' records.
SCHOOL_ACCESS = "accounts.school_access"
# School main contacts: invite and remove their establishments' users.
MANAGE_ESTABLISHMENT_USERS = "accounts.manage_establishment_users"
# Local authority staff (officers, team managers, administrators): casework
# on every child in the authority. `User.is_la_staff` asks for it.
LA_ACCESS = "accounts.la_access"
# Team managers: assign caseloads, approve CME closures, keep the support
# directory and the term dates.
MANAGE_TEAM = "accounts.manage_team"
# Administrators: every user, merges, retention and subject access.
MANAGE_USERS = "accounts.manage_users"
# Administrators: the audit log.
VIEW_AUDIT_LOG = "accounts.view_audit_log"


def requires_permission(permission: str):
    """Anonymous visitors go to sign in; signed-in users without the
    permission get 403."""

    def decorator(view):
        return login_required(permission_required(permission, raise_exception=True)(view))

    return decorator


def requires_any_permission(*permissions: str):
    """Like `requires_permission`, for a page open to users with any one of
    the permissions (school users and LA staff, say)."""

    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not any(request.user.has_perm(permission) for permission in permissions):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(checked)

    return decorator


def hidden_without_permission(permission: str):
    """Anonymous visitors go to sign in; signed-in users without the
    permission get 404, so the page's existence is not disclosed (casework
    pages for school users)."""

    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise Http404
            return view(request, *args, **kwargs)

        return login_required(checked)

    return decorator
