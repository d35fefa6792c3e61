"""Builders for bank-feed tests: payment requests, provider payloads and signed deliveries."""

from __future__ import annotations

import json
import time

from django.conf import settings

from payments.bankfeed.codec import SIGNATURE_HEADER, TIMESTAMP_HEADER, compute_signature
from payments.models import PaymentRequest
from payments.services import create_payment_request

SHOP_ACCOUNT = "1023456789"


def payment_request(amount: int = 150_000, account: str = SHOP_ACCOUNT, **extra) -> PaymentRequest:
    return create_payment_request(
        kind=extra.pop("kind", PaymentRequest.Kind.STALL_SALE),
        amount=amount,
        bank_bin="970436",
        account_number=account,
        **extra,
    )


def sepay(
    *,
    transaction_id=92704,
    amount=150_000,
    content="CS7K2P9Q thanh toan",
    account=SHOP_ACCOUNT,
    direction="in",
    when="2026-11-23 14:02:37",
    reference_code=None,
) -> dict:
    return {
        "id": transaction_id,
        "gateway": "Vietcombank",
        "transactionDate": when,
        "accountNumber": account,
        "code": None,
        "content": content,
        "transferType": direction,
        "transferAmount": amount,
        "accumulated": 19_077_000,
        "subAccount": None,
        "referenceCode": reference_code or f"MBVCB.{transaction_id}",
        "description": "",
    }


def casso_item(
    *,
    transaction_id=123456,
    amount=150_000,
    content="CS7K2P9Q thanh toan",
    account=SHOP_ACCOUNT,
    when="2026-11-23 14:27:06",
    tid=None,
) -> dict:
    return {
        "id": transaction_id,
        "tid": tid or f"TF{transaction_id}",
        "description": content,
        "amount": amount,
        "cusum_balance": 5_000_000,
        "when": when,
        "bank_sub_acc_id": account,
        "subAccId": account,
    }


def casso(*items) -> dict:
    return {"error": 0, "data": list(items) or [casso_item()]}


def encode(payload) -> bytes:
    return payload if isinstance(payload, bytes) else json.dumps(payload).encode()


def signed_headers(provider: str, body: bytes, *, timestamp=None, secret=None) -> dict:
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    secret = settings.BANK_FEED_SECRETS[provider] if secret is None else secret
    return {
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: compute_signature(secret, timestamp, body),
    }


def deliver(client, provider: str, payload, *, timestamp=None, secret=None, headers=None):
    """POST a webhook the way an aggregator does: raw JSON body, signed."""
    body = encode(payload)
    sent = signed_headers(provider, body, timestamp=timestamp, secret=secret)
    sent.update(headers or {})
    return client.post(
        f"/pay/webhooks/bank/{provider}/",
        data=body,
        content_type="application/json",
        headers=sent,
    )
