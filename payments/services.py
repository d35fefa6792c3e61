"""Payment requests: an amount to be paid by VietQR transfer with a short reference.

An online order's request uses the order number as its reference; a market stall's per-sale
request gets a fresh one. Each function is keyword-only and runs in one transaction.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from payments.models import PaymentRequest
from payments.references import new_reference


@transaction.atomic
def create_payment_request(
    *,
    kind: str,
    amount: int,
    bank_bin: str,
    account_number: str,
    account_holder: str = "",
    description: str = "",
    order_number: str = "",
    expires_at: dt.datetime | None = None,
) -> PaymentRequest:
    """A new amount to be paid by VietQR transfer, with a fresh unique reference."""
    if kind not in PaymentRequest.Kind.values:
        raise ValidationError(_("Unknown payment request kind."))
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValidationError(_("The amount must be a whole number of đồng above zero."))
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return PaymentRequest.objects.create(
                    reference=new_reference(),
                    kind=kind,
                    amount=amount,
                    bank_bin=bank_bin,
                    account_number=account_number,
                    account_holder=account_holder,
                    description=description,
                    order_number=order_number,
                    expires_at=expires_at,
                )
        except IntegrityError:
            continue  # one reference in 33 million collides; draw another
    raise RuntimeError("Could not draw a unique payment reference")


@transaction.atomic
def open_transfer_request(*, order) -> PaymentRequest:
    """The VietQR transfer an order waits for; its reference is the order number."""
    minutes = settings.PAYMENT_EXPIRY_MINUTES
    request, _created = PaymentRequest.objects.get_or_create(
        reference=order.number,
        defaults={
            "kind": PaymentRequest.Kind.ORDER,
            "amount": int(order.total_incl_tax),
            "bank_bin": settings.SHOP_BANK_BIN,
            "account_number": settings.SHOP_BANK_ACCOUNT,
            "account_holder": settings.SHOP_BANK_HOLDER,
            "description": order.number,
            "order_number": order.number,
            "expires_at": order.date_placed + dt.timedelta(minutes=minutes),
        },
    )
    return request
