"""Order statuses used by the shop (stored as Oscar order.status) and their translated labels."""

from django.utils.translation import gettext_lazy as _

PENDING_PAYMENT = "Pending payment"
CASH_ON_DELIVERY = "Cash on delivery"
PAID = "Paid"
PAYMENT_EXPIRED = "Payment expired"
CANCELLED = "Cancelled"
SHIPPED = "Shipped"
COMPLETE = "Complete"

LABELS = {
    PENDING_PAYMENT: _("Waiting for payment"),
    CASH_ON_DELIVERY: _("Cash on delivery"),
    PAID: _("Paid"),
    PAYMENT_EXPIRED: _("Payment expired"),
    CANCELLED: _("Cancelled"),
    SHIPPED: _("Shipped"),
    COMPLETE: _("Complete"),
}

PIPELINE = {
    PENDING_PAYMENT: (PAID, PAYMENT_EXPIRED, CANCELLED),
    CASH_ON_DELIVERY: (PAID, SHIPPED, CANCELLED),
    PAID: (SHIPPED, CANCELLED),
    SHIPPED: (COMPLETE, PAID),
    PAYMENT_EXPIRED: (),
    CANCELLED: (),
    COMPLETE: (),
}


def label(status: str) -> str:
    return str(LABELS.get(status, status))
