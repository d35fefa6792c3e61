"""What a shopper's own order pages change: an order past its payment deadline is expired as
soon as its shopper looks at it, so no page shows a QR code that may not be paid any more."""

from __future__ import annotations

from payments import order_status
from payments.settle import services as settle


def order_expire_if_overdue(*, order) -> bool:
    """Expire ``order`` if it still waits for payment past its deadline (without a beat
    scheduler, the embedded default, nothing else does); True if it was, ``order.status``
    refreshed."""
    if order.status != order_status.PENDING_PAYMENT:
        return False
    if not settle.expire_order(order_number=order.number):
        return False
    order.refresh_from_db(fields=["status"])
    return True
