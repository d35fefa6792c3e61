"""Thin Stripe client: every call builds a client from settings, so tests and deployments can
point it anywhere (``STRIPE_API_BASE``, e.g. a localstripe server) without global state.

VND is a zero-decimal currency: an amount in đồng goes to Stripe as it is (150000 → 150000).
Responses come back as plain dicts. Every call is a network request: never make one inside a
database transaction.
"""

from __future__ import annotations

import hashlib
from typing import Any

import stripe
from django.conf import settings

CURRENCY = "vnd"
TIMEOUT_SECONDS = 20
MAX_NETWORK_RETRIES = 2


def card_enabled() -> bool:
    """Cards are offered only when both the secret and the publishable key are configured."""
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY)


def publishable_key() -> str:
    return settings.STRIPE_PUBLISHABLE_KEY


def client() -> stripe.StripeClient:
    """A client configured from settings at call time (key, API base, timeouts, retries).

    A per-call client instead of ``stripe.api_key``/``stripe.api_base`` module globals keeps
    concurrent requests and tests that override settings from seeing each other's settings.
    """
    if not settings.STRIPE_SECRET_KEY:
        raise stripe.AuthenticationError("STRIPE_SECRET_KEY is not set")
    base_addresses: dict[str, str] = {}
    if settings.STRIPE_API_BASE:
        base_addresses["api"] = settings.STRIPE_API_BASE.rstrip("/")
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses=base_addresses,  # type: ignore[arg-type]
        max_network_retries=MAX_NETWORK_RETRIES,
        http_client=stripe.RequestsClient(timeout=TIMEOUT_SECONDS),
    )


def idempotency_key(*parts: object) -> str:
    """A stable key from the parts of a request, so a retried call is answered, not repeated."""
    text = "\x1f".join(str(part) for part in parts)
    return "choso-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


def create_payment_intent(
    *,
    amount: int,
    order_number: str,
    email: str = "",
    payment_method: str | None = None,
    key: str,
) -> dict[str, Any]:
    params: dict[str, Any] = {
        "amount": amount,
        "currency": CURRENCY,
        "payment_method_types": ["card"],
        "metadata": {"order_number": order_number, **({"email": email} if email else {})},
    }
    if payment_method:
        params["payment_method"] = payment_method
    intent = client().v1.payment_intents.create(params, {"idempotency_key": key})  # type: ignore[arg-type]
    return intent.to_dict()


def update_payment_method(*, payment_intent_id: str, payment_method: str) -> dict[str, Any]:
    return (
        client()
        .v1.payment_intents.update(
            payment_intent_id,
            {"payment_method": payment_method},  # type: ignore[arg-type]
        )
        .to_dict()
    )


def confirm_payment_intent(*, payment_intent_id: str, key: str) -> dict[str, Any]:
    """Confirm with the payment method already on the intent (set at create or update)."""
    return (
        client()
        .v1.payment_intents.confirm(
            payment_intent_id,
            options={"idempotency_key": key},
        )
        .to_dict()
    )


def cancel_payment_intent(*, payment_intent_id: str, key: str) -> dict[str, Any]:
    return (
        client()
        .v1.payment_intents.cancel(payment_intent_id, options={"idempotency_key": key})
        .to_dict()
    )


def retrieve_payment_intent(payment_intent_id: str) -> dict[str, Any]:
    return client().v1.payment_intents.retrieve(payment_intent_id).to_dict()


def create_refund(*, payment_intent_id: str, amount: int, key: str) -> dict[str, Any]:
    return (
        client()
        .v1.refunds.create(
            {"payment_intent": payment_intent_id, "amount": amount},
            {"idempotency_key": key},
        )
        .to_dict()
    )


def verify_webhook_signature(payload: bytes, signature_header: str) -> None:
    """Check a webhook's ``Stripe-Signature`` against STRIPE_WEBHOOK_SECRET with the SDK
    (raises ``stripe.SignatureVerificationError``; also on a timestamp older than 5 minutes)."""
    stripe.Webhook.construct_event(payload, signature_header, settings.STRIPE_WEBHOOK_SECRET)
