"""The two staff roles. Reporters are users with a Membership; editors and admins are Django groups.

The decorators send anonymous users to the login page and give signed-in users without the role 403."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

EDITORS = "editors"
ADMINS = "admins"


def is_admin(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.groups.filter(name=ADMINS).exists())


def is_editor(user) -> bool:
    """Editors see every municipality; admins are editors too."""
    return user.is_authenticated and (is_admin(user) or user.groups.filter(name=EDITORS).exists())


def _requires(allowed):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not allowed(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


editor_required = _requires(is_editor)
editor_required.__doc__ = "login_required, then 403 for anyone who is not an editor."
admin_required = _requires(is_admin)
admin_required.__doc__ = "login_required, then 403 for anyone who is not an admin."
