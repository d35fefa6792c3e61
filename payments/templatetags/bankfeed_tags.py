"""Template filters for the bank-feed pages."""

from django import template

register = template.Library()


@register.filter
def bank_event_status(status: str) -> str:
    """The translated label of a bank-event status code (as kept in the audit trail)."""
    from payments.models import BankFeedEvent

    if not status:
        return "—"
    return str(dict(BankFeedEvent.Status.choices).get(status, status))
