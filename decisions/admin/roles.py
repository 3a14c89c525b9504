"""The admin's roles: editors correct letters, analysts look.

Both groups may view every table of the archive in the admin (staff users only; anonymous
visitors see the public site). Editors may also change cases, items and citations, and
add, change and delete a citation's pages and sections.
"""

from django.contrib.auth.models import Group, Permission

EDITOR = "editor"
ANALYST = "analyst"

EDITOR_CHANGES = {
    "case": ["change"],
    "disputeditem": ["change"],
    "guidelinecitation": ["change"],
    "citationpage": ["add", "change", "delete"],
    "citationsection": ["add", "change", "delete"],
}


def view_permissions():
    return Permission.objects.filter(
        content_type__app_label="decisions", codename__startswith="view_"
    )


def editor_permissions():
    codenames = [
        f"{action}_{model}" for model, actions in EDITOR_CHANGES.items() for action in actions
    ]
    changes = Permission.objects.filter(content_type__app_label="decisions", codename__in=codenames)
    return view_permissions() | changes


def setup_roles() -> dict[str, int]:
    """Create or update the two groups with exactly their permissions; {group: permission count}.

    Safe to run again: a group that exists is given its permissions anew.
    """
    counts = {}
    for name, permissions in [(EDITOR, editor_permissions()), (ANALYST, view_permissions())]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
        counts[name] = group.permissions.count()
    return counts
