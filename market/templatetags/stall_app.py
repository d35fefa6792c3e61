"""Template filters of the stall app: money in figures (``150.000 ₫``) and in words."""

from django import template

from core.money import format_vnd, group_thousands

register = template.Library()


@register.filter
def dong(amount) -> str:
    """``150000`` → ``150.000 ₫``."""
    try:
        return format_vnd(int(amount))
    except (TypeError, ValueError):
        return ""


@register.filter
def thousands(number) -> str:
    """``3880`` → ``3.880``: a count grouped like the money beside it."""
    try:
        return group_thousands(int(number))
    except (TypeError, ValueError):
        return ""
