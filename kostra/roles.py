"""The two staff roles. Reporters are users with a Membership; editors and admins are Django groups."""

EDITORS = "editors"
ADMINS = "admins"


def is_admin(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.groups.filter(name=ADMINS).exists())


def is_editor(user) -> bool:
    """Editors see every municipality; admins are editors too."""
    return user.is_authenticated and (is_admin(user) or user.groups.filter(name=EDITORS).exists())
