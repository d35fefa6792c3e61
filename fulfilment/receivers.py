"""Signal receivers: split each placed order by producer, and book payouts once it is paid."""

from __future__ import annotations

import logging

from django.dispatch import receiver
from oscar.apps.order.signals import order_placed, order_status_changed

from fulfilment import services
from payments import order_status
from payments.signals import card_payment_succeeded, payment_request_settled

logger = logging.getLogger(__name__)

CLOSED_ORDER_STATUSES = {order_status.CANCELLED, order_status.PAYMENT_EXPIRED}


@receiver(order_placed, dispatch_uid="fulfilment.order_placed")
def split_placed_order(sender, order, **kwargs):
    services.create_fulfilment_groups(order=order)


@receiver(order_status_changed, dispatch_uid="fulfilment.order_status_changed")
def cancel_groups_of_closed_order(sender, order, old_status, new_status, **kwargs):
    if new_status in CLOSED_ORDER_STATUSES:
        services.cancel_open_groups(order=order)


def _record_paid(order_number: str) -> None:
    try:
        services.record_order_paid(order_number=order_number)
    except services.FulfilmentError:
        # A payment for an order this shop does not know: payments keeps the event for a
        # person to resolve; the ledger has nothing to book.
        logger.warning("Payment confirmed for unknown order %s", order_number)


@receiver(payment_request_settled, dispatch_uid="fulfilment.payment_request_settled")
def book_paid_transfer(sender, payment_request, **kwargs):
    if payment_request.status == "paid" and payment_request.order_number:
        _record_paid(payment_request.order_number)


@receiver(card_payment_succeeded, dispatch_uid="fulfilment.card_payment_succeeded")
def book_paid_card(sender, card_payment, **kwargs):
    if card_payment.order_number:
        _record_paid(card_payment.order_number)
