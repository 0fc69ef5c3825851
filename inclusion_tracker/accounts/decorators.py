from django.contrib.auth.decorators import login_required, permission_required


def requires_permission(permission: str):
    """Anonymous visitors go to sign in; signed-in users without the
    permission get 403."""

    def decorator(view):
        return login_required(permission_required(permission, raise_exception=True)(view))

    return decorator
