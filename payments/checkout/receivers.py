"""Turn payment confirmations (bank feed, Stripe webhook) into paid orders."""

from django.dispatch import receiver
from django.utils.translation import gettext as _

from payments import order_payments
from payments.models import BankFeedEvent, PaymentRequest
from payments.signals import card_payment_succeeded, payment_request_settled


@receiver(payment_request_settled)
def order_transfer_settled(sender, payment_request, event=None, **kwargs):
    if payment_request.kind != PaymentRequest.Kind.ORDER or not payment_request.order_number:
        return
    number = payment_request.order_number
    if event is not None and event.status == BankFeedEvent.Status.LATE:
        order_payments.flag_order_payment(
            order_number=number,
            message=_("A transfer of %(amount)s ₫ arrived after the order expired: refund it.")
            % {"amount": event.amount},
        )
        return
    if payment_request.status in (PaymentRequest.Status.PAID, PaymentRequest.Status.OVERPAID):
        order_payments.mark_order_paid(
            order_number=number,
            method=order_payments.TRANSFER,
            amount=payment_request.amount_received,
            reference=payment_request.reference,
        )
    elif payment_request.status == PaymentRequest.Status.UNDERPAID:
        order_payments.flag_order_payment(
            order_number=number,
            message=_("Underpaid: received %(got)s ₫ of %(due)s ₫. Ask the shopper for the rest.")
            % {"got": payment_request.amount_received, "due": payment_request.amount},
        )


@receiver(card_payment_succeeded)
def order_card_paid(sender, card_payment, **kwargs):
    order_payments.mark_order_paid(
        order_number=card_payment.order_number,
        method=order_payments.CARD,
        amount=card_payment.amount,
        reference=card_payment.payment_intent_id,
    )
