"""Formatting shared by the pages: rates are fractions, shown as percentages."""

from django import template

register = template.Library()


@register.filter
def percent(rate):
    """0.4286 is "42.9%"; None (no item to count) is an en dash."""
    if rate is None:
        return "–"
    return f"{rate * 100:.1f}%"
