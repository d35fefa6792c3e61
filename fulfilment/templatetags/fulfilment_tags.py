"""Template filters for the portal and payout pages."""

from django import template

from payments import order_status

register = template.Library()


@register.filter
def order_status_label(status: str) -> str:
    """The translated name of an Oscar order status ("Paid" → "Đã thanh toán")."""
    return order_status.label(status or "")


@register.filter
def order_status_css(status: str) -> str:
    """A class suffix for a status chip: paid, pending, cancelled, complete or other."""
    return order_status.css_class(status or "")
