from functools import wraps

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404


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
