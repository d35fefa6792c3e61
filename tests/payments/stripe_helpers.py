"""Stripe webhook payloads signed the way Stripe signs them, for tests."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid

WEBHOOK_SECRET = "whsec_test_choso"


def signature_header(payload: bytes, secret: str = WEBHOOK_SECRET, at: int | None = None) -> str:
    """Stripe's scheme: ``t=<unix time>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>``."""
    timestamp = int(time.time()) if at is None else at
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def event_payload(event_type: str, obj: dict, event_id: str | None = None) -> bytes:
    return json.dumps(
        {
            "id": event_id or f"evt_{uuid.uuid4().hex[:24]}",
            "object": "event",
            "type": event_type,
            "created": int(time.time()),
            "livemode": False,
            "data": {"object": obj},
        }
    ).encode()


def intent_event(
    event_type: str,
    payment_intent_id: str,
    amount: int,
    *,
    event_id: str | None = None,
    currency: str = "vnd",
) -> bytes:
    status = "succeeded" if event_type == "payment_intent.succeeded" else "requires_payment_method"
    return event_payload(
        event_type,
        {
            "id": payment_intent_id,
            "object": "payment_intent",
            "amount": amount,
            "amount_received": amount if status == "succeeded" else 0,
            "currency": currency,
            "status": status,
        },
        event_id,
    )


def refund_event(payment_intent_id: str, amount: int, refunded: int, **kwargs) -> bytes:
    return event_payload(
        "charge.refunded",
        {
            "id": "ch_test",
            "object": "charge",
            "amount": amount,
            "amount_refunded": refunded,
            "currency": "vnd",
            "payment_intent": payment_intent_id,
            "refunded": refunded >= amount,
        },
        **kwargs,
    )


def card_order(number: str = "100042", amount: int = 150000):
    """An Oscar order paid by card, waiting for payment, whose goods cost ``amount``."""
    from payments import methods, order_status
    from tests import factories
    from tests.fulfilment import builders

    producer = factories.producer(name=f"HTX Chè {number}", slug=f"htx-che-{number.lower()}")
    tea = factories.product(title=f"Chè {number}", price=amount, owner=producer)
    order = builders.place_order([(tea, 1)], number=number, status=order_status.PENDING_PAYMENT)
    order.sources.create(
        source_type=methods.source_type(methods.CARD), amount_allocated=amount, reference=number
    )
    return order


def paid_events(number: str = "100042") -> int:
    """How many times the order's money was recorded as received (it must be 0 or 1)."""
    from oscar.core.loading import get_model

    PaymentEvent = get_model("order", "PaymentEvent")
    return PaymentEvent.objects.filter(order__number=number, event_type__code="paid").count()
