"""Order statuses used by the shop (stored as Oscar order.status) and their translated labels."""

from django.utils.translation import gettext_lazy as _

PENDING_PAYMENT = "Pending payment"
CASH_ON_DELIVERY = "Cash on delivery"
PAID = "Paid"
PAYMENT_EXPIRED = "Payment expired"
CANCELLED = "Cancelled"
SHIPPED = "Shipped"
COMPLETE = "Complete"

# The statuses of an order whose money has arrived (it may have moved on since).
PAID_STATUSES = frozenset({PAID, SHIPPED, COMPLETE})

LABELS = {
    PENDING_PAYMENT: _("Waiting for payment"),
    CASH_ON_DELIVERY: _("Cash on delivery"),
    PAID: _("Paid"),
    PAYMENT_EXPIRED: _("Payment expired"),
    CANCELLED: _("Cancelled"),
    SHIPPED: _("Shipped"),
    COMPLETE: _("Complete"),
}

# What staff may choose in Oscar's dashboard. Payment statuses (Paid, Payment expired) are
# not here: only the settle service sets them, when money is confirmed or time runs out, and
# a cancel goes through it too (payments.settle.services.cancel_order).
PIPELINE = {
    PENDING_PAYMENT: (CANCELLED,),
    CASH_ON_DELIVERY: (SHIPPED, CANCELLED),
    PAID: (SHIPPED, CANCELLED),
    SHIPPED: (COMPLETE,),
    PAYMENT_EXPIRED: (),
    CANCELLED: (),
    COMPLETE: (),
}


def label(status: str) -> str:
    return str(LABELS.get(status, status))


_CSS = {
    PENDING_PAYMENT: "pending",
    CASH_ON_DELIVERY: "pending",
    PAID: "paid",
    SHIPPED: "paid",
    COMPLETE: "complete",
    PAYMENT_EXPIRED: "cancelled",
    CANCELLED: "cancelled",
}


def css_class(status: str) -> str:
    """How a status chip looks to the shopper: waiting (amber), paid/done (green) or ended."""
    return _CSS.get(status, "other")
