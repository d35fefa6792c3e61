"""Template filters for the bank-feed pages."""

from django import template

from core.money import format_vnd

register = template.Library()


@register.filter
def vnd(amount) -> str:
    """``150000`` → ``150.000 ₫``."""
    try:
        return format_vnd(int(amount))
    except (TypeError, ValueError):
        return ""


@register.filter
def bank_event_status(status: str) -> str:
    """The translated label of a bank-event status code (as kept in the audit trail)."""
    from payments.models import BankFeedEvent

    if not status:
        return "—"
    return str(dict(BankFeedEvent.Status.choices).get(status, status))
