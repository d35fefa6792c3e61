"""Card payments through Stripe: start a PaymentIntent, take signed webhooks, refund.

Money rules: an order is paid only when the signed ``payment_intent.succeeded`` webhook says
so (never on the browser's return from Stripe), through the settle service in the same
transaction that marks the Stripe event processed; every Stripe event is stored once by its id
and processed once; every call to Stripe carries an idempotency key and happens outside any
database transaction (call Stripe first, then record what it answered).
"""

from __future__ import annotations

import json
import logging
from typing import Any

import stripe
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.apps.payment.exceptions import UnableToTakePayment
from oscar.templatetags.currency_filters import currency

from payments.cards import gateway
from payments.models import CardPayment, CardRefund, StripeEvent
from payments.settle import services as settle

logger = logging.getLogger(__name__)

Status = CardPayment.Status


class CardPaymentError(UnableToTakePayment):
    """A card payment could not be started or checked; the message is translated for people.

    It is Oscar's ``UnableToTakePayment``, so the checkout shows the message by itself.
    """


class RefundError(Exception):
    """A refund was refused (by our rules or by Stripe); the message is translated for people."""


class InvalidStripeEvent(Exception):
    """A webhook request that is not a correctly signed Stripe event; nothing was stored."""


# What a PaymentIntent status read from the API means locally. Reading the API never marks a
# payment paid: "succeeded" and "processing" stay "waiting" until the signed webhook arrives.
_API_STATUS = {
    "requires_payment_method": Status.REQUIRES_PAYMENT,
    "requires_confirmation": Status.REQUIRES_PAYMENT,
    "requires_action": Status.REQUIRES_ACTION,
    "processing": Status.REQUIRES_PAYMENT,
    "requires_capture": Status.REQUIRES_PAYMENT,
    "succeeded": Status.REQUIRES_PAYMENT,
    "canceled": Status.CANCELED,
}


def _status_from_intent(intent: Any) -> str:
    status = intent.get("status") or ""
    if status == "requires_payment_method" and intent.get("last_payment_error"):
        return Status.FAILED
    return _API_STATUS.get(status, Status.REQUIRES_PAYMENT)


def _set_unpaid_status(card_payment_id: int, status: str) -> CardPayment:
    """Record a status read from Stripe's API; a payment the webhook confirmed never changes."""
    with transaction.atomic():
        card_payment = CardPayment.objects.select_for_update().get(pk=card_payment_id)
        if card_payment.status != Status.SUCCEEDED and card_payment.status != status:
            card_payment.status = status
            card_payment.save(update_fields=["status"])
    return card_payment


def create_card_payment(
    *,
    order_number: str,
    amount: int,
    email: str = "",
    payment_method: str | None = None,
    confirm: bool = False,
) -> CardPayment:
    """Start (or reuse) the PaymentIntent for an order's amount and record it.

    The browser normally confirms with Stripe.js; ``payment_method`` + ``confirm`` confirm on
    the server instead (tests, demos). The same order and amount never get two intents: an
    existing one is reused, and Stripe's idempotency key covers a retry after a crash.
    """
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 1:
        raise CardPaymentError(_("The amount to pay must be at least 1 ₫."))
    if not order_number:
        raise CardPaymentError(_("The order number is missing."))
    if confirm and not payment_method:
        raise ValueError("confirm=True needs a payment_method")
    if not gateway.card_enabled():
        raise CardPaymentError(_("Card payments are not available right now."))

    existing = (
        CardPayment.objects.filter(order_number=order_number, amount=amount)
        .exclude(status=Status.CANCELED)
        .order_by("-created_at", "-pk")
        .first()
    )
    if existing is not None and (existing.status == Status.SUCCEEDED or not payment_method):
        return existing

    try:
        if existing is None:
            cancelled = CardPayment.objects.filter(
                order_number=order_number, amount=amount, status=Status.CANCELED
            ).count()
            intent = gateway.create_payment_intent(
                amount=amount,
                order_number=order_number,
                email=email,
                payment_method=payment_method,
                key=gateway.idempotency_key("payment_intent", order_number, amount, cancelled),
            )
            card_payment = _record_intent(order_number=order_number, amount=amount, intent=intent)
        else:
            card_payment = existing
            intent = gateway.update_payment_method(
                payment_intent_id=existing.payment_intent_id, payment_method=payment_method or ""
            )
            card_payment = _set_unpaid_status(card_payment.pk, _status_from_intent(intent))
    except stripe.StripeError as exc:
        logger.warning("Stripe refused to start a card payment for %s: %s", order_number, exc)
        raise CardPaymentError(
            _("The card payment could not be started. Please try again or choose another method.")
        ) from exc

    if confirm:
        card_payment = _confirm(card_payment, payment_method=payment_method or "")
    return card_payment


def _record_intent(*, order_number: str, amount: int, intent: Any) -> CardPayment:
    try:
        with transaction.atomic():
            return CardPayment.objects.create(
                order_number=order_number,
                payment_intent_id=intent["id"],
                amount=amount,
                status=_status_from_intent(intent),
            )
    except IntegrityError:
        # A concurrent call with the same idempotency key got the same intent and stored it.
        return CardPayment.objects.get(payment_intent_id=intent["id"])


def _confirm(card_payment: CardPayment, *, payment_method: str) -> CardPayment:
    key = gateway.idempotency_key("confirm", card_payment.payment_intent_id, payment_method)
    try:
        intent = gateway.confirm_payment_intent(
            payment_intent_id=card_payment.payment_intent_id, key=key
        )
    except stripe.CardError as exc:
        logger.info("Card declined for %s: %s", card_payment.order_number, exc.code)
        return _set_unpaid_status(card_payment.pk, Status.FAILED)
    except stripe.StripeError as exc:
        logger.warning("Stripe refused to confirm %s: %s", card_payment.payment_intent_id, exc)
        raise CardPaymentError(
            _("The card payment could not be started. Please try again or choose another method.")
        ) from exc
    return _set_unpaid_status(card_payment.pk, _status_from_intent(intent))


def client_secret(*, card_payment: CardPayment) -> str:
    """The intent's client secret, which Stripe.js needs to show the card form (not stored)."""
    try:
        intent = gateway.retrieve_payment_intent(card_payment.payment_intent_id)
    except stripe.StripeError as exc:
        logger.warning("Could not read %s from Stripe: %s", card_payment.payment_intent_id, exc)
        raise CardPaymentError(_("The card service did not answer. Please try again.")) from exc
    return str(intent.get("client_secret") or "")


def refresh_card_payment(*, card_payment_id: int) -> str:
    """Read the intent's status from Stripe for display (e.g. on the return page).

    Records "needs 3-D Secure", "failed" or "cancelled"; never marks a payment paid — only the
    signed webhook does. Returns Stripe's own status word ("succeeded", "processing", …).
    """
    card_payment = CardPayment.objects.get(pk=card_payment_id)
    if card_payment.status == Status.SUCCEEDED:
        return "succeeded"
    try:
        intent = gateway.retrieve_payment_intent(card_payment.payment_intent_id)
    except stripe.StripeError as exc:
        logger.warning("Could not read %s from Stripe: %s", card_payment.payment_intent_id, exc)
        raise CardPaymentError(_("The card service did not answer. Please try again.")) from exc
    _set_unpaid_status(card_payment.pk, _status_from_intent(intent))
    return str(intent.get("status") or "")


# --- Webhooks ---------------------------------------------------------------------------------


def handle_stripe_event(*, payload: bytes, signature_header: str) -> StripeEvent:
    """Verify, store (once per event id) and process a Stripe webhook delivery.

    A repeated or concurrent delivery of the same event finds it stored and processes nothing
    again. Event types this site does not use are stored and acknowledged.
    """
    try:
        gateway.verify_webhook_signature(payload, signature_header)
    except stripe.SignatureVerificationError as exc:
        logger.warning("Rejected a Stripe webhook: %s", exc)
        raise InvalidStripeEvent(_("The Stripe signature is missing or wrong.")) from exc
    except Exception as exc:  # the SDK could not even read it: not JSON, not UTF-8, …
        raise InvalidStripeEvent(_("The request is not a Stripe event.")) from exc
    data = json.loads(payload)
    event_id = data.get("id") if isinstance(data, dict) else None
    event_type = data.get("type") if isinstance(data, dict) else None
    if not isinstance(event_id, str) or not event_id or not isinstance(event_type, str):
        raise InvalidStripeEvent(_("The request is not a Stripe event."))

    try:
        with transaction.atomic():
            event = StripeEvent.objects.create(
                event_id=event_id[:255], type=event_type[:100], payload=data
            )
    except IntegrityError:
        event = StripeEvent.objects.get(event_id=event_id[:255])

    with transaction.atomic():
        event = StripeEvent.objects.select_for_update().get(pk=event.pk)
        if event.processed_at is not None:
            return event
        _process(event)
        event.processed_at = timezone.now()
        event.save(update_fields=["processed_at"])
    return event


def _process(event: StripeEvent) -> None:
    data = event.payload.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    if not isinstance(obj, dict):
        return
    if event.type == "payment_intent.succeeded":
        _payment_succeeded(obj)
    elif event.type == "payment_intent.payment_failed":
        _payment_not_paid(obj, Status.FAILED)
    elif event.type == "payment_intent.canceled":
        _payment_not_paid(obj, Status.CANCELED)
    elif event.type == "payment_intent.requires_action":
        _payment_not_paid(obj, Status.REQUIRES_ACTION)
    elif event.type == "charge.refunded":
        _charge_refunded(obj)


def _locked_payment(payment_intent_id: object) -> CardPayment | None:
    if not isinstance(payment_intent_id, str) or not payment_intent_id:
        return None
    payments = CardPayment.objects.select_for_update()
    return payments.filter(payment_intent_id=payment_intent_id).first()


def _payment_succeeded(intent: dict) -> None:
    card_payment = _locked_payment(intent.get("id"))
    if card_payment is None:
        logger.warning("payment_intent.succeeded for an unknown intent %s", intent.get("id"))
        return
    if card_payment.status == Status.SUCCEEDED:
        return
    received = intent.get("amount_received") or intent.get("amount")
    if (
        str(intent.get("currency", "")).lower() != gateway.CURRENCY
        or not isinstance(received, int)
        or received < card_payment.amount
    ):
        logger.error(
            "Stripe reports %s %s for %s, which expects %s VND: not marked paid",
            received,
            intent.get("currency"),
            card_payment.payment_intent_id,
            card_payment.amount,
        )
        return
    settle.card_payment_succeeded(card_payment=card_payment)


def _payment_not_paid(intent: dict, status: str) -> None:
    card_payment = _locked_payment(intent.get("id"))
    # Events arrive out of order: a failed attempt reported after the payment succeeded
    # must not undo it.
    if card_payment is not None and card_payment.status != Status.SUCCEEDED:
        card_payment.status = status
        card_payment.save(update_fields=["status"])


def _charge_refunded(charge: dict) -> None:
    card_payment = _locked_payment(charge.get("payment_intent"))
    if card_payment is None:
        return
    refunds = charge.get("refunds")
    listed = (refunds.get("data") or []) if isinstance(refunds, dict) else []
    for refund in listed:
        if isinstance(refund, dict) and refund.get("id") and refund.get("status") != "failed":
            CardRefund.objects.get_or_create(
                stripe_refund_id=refund["id"],
                defaults={"payment": card_payment, "amount": int(refund.get("amount") or 0)},
            )
    reported = charge.get("amount_refunded")
    _raise_amount_refunded(card_payment, reported if isinstance(reported, int) else 0)


def _raise_amount_refunded(card_payment: CardPayment, reported: int) -> None:
    """Refunds only ever add up: keep the largest total known (ours or Stripe's), so repeated
    and out-of-order deliveries leave the same figure."""
    recorded = card_payment.refunds.aggregate(total=Sum("amount"))["total"] or 0
    total = min(card_payment.amount, max(card_payment.amount_refunded, recorded, reported))
    if total != card_payment.amount_refunded:
        card_payment.amount_refunded = total
        if total >= card_payment.amount:
            card_payment.refund_due = False
        card_payment.save(update_fields=["amount_refunded", "refund_due"])


# --- Refunds ----------------------------------------------------------------------------------


def refundable_amount(card_payment: CardPayment) -> int:
    if card_payment.status != Status.SUCCEEDED:
        return 0
    return max(card_payment.amount - card_payment.amount_refunded, 0)


def refund_card_payment(
    *, card_payment_id: int, amount: int, actor: AbstractBaseUser | None
) -> CardRefund:
    """Refund all or part of a paid card payment and record it.

    Checked before Stripe is called: the payment is paid and ``amount`` is between 1 ₫ and what
    is left to refund. The idempotency key comes from the payment, the refunds recorded so far
    and the amount, so a double submit or a retry after a timeout refunds once.
    """
    card_payment = CardPayment.objects.get(pk=card_payment_id)
    if card_payment.status != Status.SUCCEEDED:
        raise RefundError(_("Only a paid card payment can be refunded."))
    remaining = refundable_amount(card_payment)
    if remaining == 0:
        raise RefundError(_("This payment has already been refunded in full."))
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 1:
        raise RefundError(_("Enter an amount of at least 1 ₫."))
    if amount > remaining:
        raise RefundError(
            _("At most %(amount)s can still be refunded.") % {"amount": currency(remaining)}
        )

    key = gateway.idempotency_key(
        "refund", card_payment.payment_intent_id, card_payment.refunds.count(), amount
    )
    try:
        refund = gateway.create_refund(
            payment_intent_id=card_payment.payment_intent_id, amount=amount, key=key
        )
    except (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError) as exc:
        logger.warning("Stripe refund for %s failed: %s", card_payment.payment_intent_id, exc)
        raise RefundError(
            _("Stripe did not answer. Try again: the same refund will not be made twice.")
        ) from exc
    except stripe.StripeError as exc:
        logger.warning("Stripe refused a refund for %s: %s", card_payment.payment_intent_id, exc)
        raise RefundError(
            _("Stripe refused the refund: %(reason)s")
            % {"reason": exc.user_message or _("no reason given")}
        ) from exc
    if refund.get("status") in ("failed", "canceled"):
        raise RefundError(
            _("Stripe refused the refund: %(reason)s") % {"reason": refund.get("status")}
        )

    with transaction.atomic():
        card_payment = CardPayment.objects.select_for_update().get(pk=card_payment.pk)
        card_refund, _created = CardRefund.objects.get_or_create(
            stripe_refund_id=refund["id"],
            defaults={
                "payment": card_payment,
                "amount": int(refund.get("amount") or amount),
                "created_by": actor,
            },
        )
        if card_refund.created_by is None and actor is not None:
            # The charge.refunded webhook may have recorded it first, without a person.
            card_refund.created_by = actor
            card_refund.save(update_fields=["created_by"])
        _raise_amount_refunded(card_payment, 0)
    return card_refund


# --- Cancelling -------------------------------------------------------------------------------


def cancel_payment_intents(*, payment_intent_ids: list[str]) -> list[str]:
    """Cancel open PaymentIntents at Stripe (an order was cancelled); returns those Stripe
    refused or could not be reached for. Called after the cancelling transaction committed:
    an intent charged anyway is settled as *refund due* when its webhook arrives."""
    failed = []
    for payment_intent_id in payment_intent_ids:
        try:
            intent = gateway.cancel_payment_intent(
                payment_intent_id=payment_intent_id,
                key=gateway.idempotency_key("cancel", payment_intent_id),
            )
        except stripe.StripeError as exc:
            logger.warning("Could not cancel %s at Stripe: %s", payment_intent_id, exc)
            failed.append(payment_intent_id)
            continue
        card_payment = CardPayment.objects.filter(payment_intent_id=payment_intent_id).first()
        if card_payment is not None:
            _set_unpaid_status(card_payment.pk, _status_from_intent(intent))
    return failed
