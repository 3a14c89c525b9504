"""Small HTML pieces the admin pages share: links to change pages, bullet lists."""

from django.urls import reverse
from django.utils.html import format_html, format_html_join


def admin_url(obj) -> str:
    # A proxy's object (a case needing review) opens on its concrete model's page.
    opts = obj._meta.concrete_model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def admin_link(obj, label=None):
    """A link to obj's admin change page, or "-" without one."""
    if obj is None:
        return "-"
    return format_html('<a href="{}">{}</a>', admin_url(obj), label or str(obj))


def bullet_list(lines):
    """Lines as an escaped <ul>, or "-" when there are none."""
    if not lines:
        return "-"
    return format_html(
        "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((line,) for line in lines))
    )
