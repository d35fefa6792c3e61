"""Template filters of the stall app: money in figures (``150.000 ₫``) and in words."""

from django import template

from core.money import format_vnd

register = template.Library()


@register.filter
def dong(amount) -> str:
    """``150000`` → ``150.000 ₫``."""
    try:
        return format_vnd(int(amount))
    except (TypeError, ValueError):
        return ""
