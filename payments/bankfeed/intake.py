"""Bank-feed intake: check a webhook delivery, then store it before anything else happens.

Order: size, timestamp, signature, then payload. A refused request is stored as a
``BankFeedRejection`` and nothing else. An accepted delivery is stored once as a
``BankFeedDelivery`` with one ``BankFeedEvent`` per transaction; a transaction already stored
(same provider + transaction id) is a duplicate: counted, never stored or reconciled again.
Reconciliation is the caller's next step (``payments.bankfeed.tasks.enqueue_reconciliation``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from payments.bankfeed import codec
from payments.models import BankFeedDelivery, BankFeedEvent, BankFeedRejection

#: Headers kept with a stored delivery (never cookies or credentials).
KEPT_HEADERS = (
    "Content-Type",
    "Content-Length",
    "User-Agent",
    codec.TIMESTAMP_HEADER,
    codec.SIGNATURE_HEADER,
    "X-Forwarded-For",
)
MAX_STORED_REJECTED_BODY = 64 * 1024
Reason = BankFeedRejection.Reason


class DeliveryOutcome:
    ACCEPTED = "accepted"
    NOT_CONFIGURED = "not_configured"
    TOO_LARGE = "too_large"
    UNAUTHORIZED = "unauthorized"
    MALFORMED = "malformed"


@dataclass
class DeliveryResult:
    outcome: str
    message: str = ""
    created_ids: list[int] = field(default_factory=list)
    duplicates: int = 0

    @property
    def accepted(self) -> bool:
        return self.outcome == DeliveryOutcome.ACCEPTED


def max_body_bytes() -> int:
    return getattr(settings, "BANK_FEED_MAX_BODY_BYTES", 256 * 1024)


def kept_headers(headers) -> dict:
    lowered = {str(name).lower(): str(value) for name, value in dict(headers).items()}
    return {
        name: lowered[name.lower()][:500].replace("\x00", "")
        for name in KEPT_HEADERS
        if name.lower() in lowered
    }


def _text(body: bytes, limit: int) -> str:
    # PostgreSQL text cannot hold NUL, which a hostile body may well contain.
    return body[:limit].decode("utf-8", errors="replace").replace("\x00", "\ufffd")


def record_bank_rejection(
    *,
    provider: str,
    reason: str,
    headers,
    body: bytes,
    remote_addr: str | None,
    reason_code: str = Reason.MALFORMED,
) -> BankFeedRejection:
    """Keep a refused request for investigation (body cut to 64 KB, headers filtered)."""
    return BankFeedRejection.objects.create(
        provider=provider[:20],
        reason_code=reason_code,
        reason=str(reason)[:200],
        headers=kept_headers(headers),
        raw_body=_text(body, MAX_STORED_REJECTED_BODY),
        remote_addr=remote_addr or None,
    )


def record_bank_delivery(
    *, provider: str, headers, body: bytes, remote_addr: str | None
) -> DeliveryResult:
    """Check and store one webhook delivery (see the module docstring)."""
    if provider not in codec.PROVIDERS:
        raise ValueError(f"unknown bank feed provider {provider!r}")

    def reject(outcome: str, code: str, message) -> DeliveryResult:
        record_bank_rejection(
            provider=provider,
            reason=message,
            headers=headers,
            body=body,
            remote_addr=remote_addr,
            reason_code=code,
        )
        return DeliveryResult(outcome=outcome, message=str(message))

    secret = settings.BANK_FEED_SECRETS.get(provider, "")
    if not secret:
        return reject(
            DeliveryOutcome.NOT_CONFIGURED,
            Reason.NOT_CONFIGURED,
            _("This bank feed has no secret configured."),
        )
    if len(body) > max_body_bytes():
        return reject(
            DeliveryOutcome.TOO_LARGE, Reason.TOO_LARGE, _("The request body is too large.")
        )
    lookup = {str(name).lower(): str(value) for name, value in dict(headers).items()}
    timestamp = lookup.get(codec.TIMESTAMP_HEADER.lower(), "")
    try:
        codec.parse_timestamp(
            timestamp, now=time.time(), max_age=settings.BANK_FEED_MAX_AGE_SECONDS
        )
    except codec.ParseError as error:
        return reject(DeliveryOutcome.UNAUTHORIZED, Reason.STALE, error.message)
    signature = lookup.get(codec.SIGNATURE_HEADER.lower(), "")
    if not codec.verify_signature(secret, timestamp.strip(), body, signature):
        return reject(
            DeliveryOutcome.UNAUTHORIZED, Reason.SIGNATURE, _("The signature does not match.")
        )
    try:
        transactions = codec.parse_delivery(provider, body)
    except codec.ParseError as error:
        return reject(DeliveryOutcome.MALFORMED, Reason.MALFORMED, error.message)
    return store_transactions(
        provider=provider,
        raw_body=body.decode("utf-8"),
        headers=kept_headers(headers),
        remote_addr=remote_addr,
        transactions=transactions,
    )


def event_fields(item: codec.BankTransaction) -> dict:
    return {
        "bank_code": item.bank_code,
        "account_number": item.account_number,
        "amount": item.amount,
        "content": item.content,
        "bank_reference": item.bank_reference,
        "transacted_at": item.transacted_at,
        "raw": item.raw,
        "payment_code": item.payment_code,
    }


@transaction.atomic
def store_transactions(
    *,
    provider: str,
    raw_body: str,
    headers: dict,
    transactions: list[codec.BankTransaction],
    remote_addr: str | None = None,
    created_by=None,
) -> DeliveryResult:
    """Store a delivery once and each of its transactions not seen before, in one transaction."""
    result = DeliveryResult(outcome=DeliveryOutcome.ACCEPTED)
    delivery = BankFeedDelivery.objects.create(
        provider=provider,
        raw_body=raw_body,
        headers=headers,
        remote_addr=remote_addr or None,
        created_by=created_by,
    )
    for item in transactions:
        try:
            with transaction.atomic():
                event = BankFeedEvent.objects.create(
                    provider=provider,
                    transaction_id=item.transaction_id,
                    delivery=delivery,
                    **event_fields(item),
                )
        except IntegrityError:
            result.duplicates += 1
            continue
        result.created_ids.append(event.pk)
    return result
